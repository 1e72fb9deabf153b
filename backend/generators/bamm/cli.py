"""``python -m backend bamm tokenize | train | pack`` (see ``train``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ...train.text_noise import add_text_noise_argument


def add_parser(subparsers) -> None:
    group = subparsers.add_parser("bamm", help="train BAMM weight packs (tokenize, train, pack)")
    commands = group.add_subparsers(dest="bamm_command", metavar="ACTION")
    tokenize = commands.add_parser("tokenize", help="tokenize a carry pack's train and val clips with the tokenizer of the pack BAMM shares")
    tokenize.add_argument("--pack", type=Path, required=True, help="carry pack of the build the shared pack was trained on")
    tokenize.add_argument("--shared", type=Path, required=True, help="weight pack folder of the generator BAMM shares networks with "
                          "(registry.SHARES_WITH, e.g. backend/assets/<that generator>/default): its tokenizer, "
                          "residual transformer and normalisation")
    tokenize.add_argument("--out", type=Path, required=True, help="folder to carry to the GPU (a few MB)")
    tokenize.add_argument("--sources", help="these sources only, e.g. cmu (commercial pack)")
    tokenize.set_defaults(handler=_tokenize)
    train = commands.add_parser("train", help="train the base transformer on a tokenize folder; resumable")
    train.add_argument("--tokens", type=Path, required=True)
    train.add_argument("--out", type=Path, required=True, help="run folder: base_run/ (checkpoints, log) and base/ (weights)")
    train.add_argument("--steps", type=int, default=30000)
    train.add_argument("--batch", type=int, default=256)
    train.add_argument("--lr", type=float, default=2e-4)
    train.add_argument("--validate-every", type=int, default=1000)
    train.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))
    train.add_argument("--minutes", type=float, help="time box for this chunk")
    add_text_noise_argument(train)
    train.set_defaults(handler=_train)
    pack = commands.add_parser("pack", help="a weight pack from a run's base weights and the shared parts of its tokens folder")
    pack.add_argument("--run", type=Path, required=True)
    pack.add_argument("--tokens", type=Path, required=True)
    pack.add_argument("--out", type=Path, required=True)
    pack.add_argument("--share-with", type=Path, help="the shared pack the tokens came from: read its parts from there "
                      "instead of copying them (the shipped packs do)")
    pack.add_argument("--sampling", help="sampling defaults as JSON, e.g. '{\"guidance\": 4.0}'")
    pack.set_defaults(handler=_pack)
    group.set_defaults(handler=lambda args: group.print_help())


def _tokenize(args: argparse.Namespace) -> int:
    from .train import tokenize

    print(json.dumps(tokenize(args.pack, args.shared, args.out, sources=tuple(args.sources.split(",")) if args.sources else None), indent=1))
    return 0


def _train(args: argparse.Namespace) -> int:
    from .train import train_bamm

    report = train_bamm(args.tokens, args.out, steps=args.steps, batch=args.batch, device=args.device, minutes=args.minutes,
                        validate_every=args.validate_every, lr=args.lr, text_noise=args.text_noise)
    print(json.dumps(report, indent=1, default=str))
    return 0


def _pack(args: argparse.Namespace) -> int:
    from .train import assemble

    print(json.dumps(assemble(args.run, args.tokens, args.out, sampling=json.loads(args.sampling) if args.sampling else None,
                              share_with=args.share_with), indent=1))
    return 0
