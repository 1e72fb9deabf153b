"""``python -m backend remodiffuse train|database`` (see ``train``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ...train.text_noise import add_text_noise_argument


def add_parser(subparsers) -> None:
    group = subparsers.add_parser("remodiffuse", help="train ReMoDiffuse weight packs and rebuild their retrieval database")
    commands = group.add_subparsers(dest="remodiffuse_command", metavar="ACTION")
    train = commands.add_parser("train", help="train stages on a carry pack; resumable (weights/ holds the pack)")
    train.add_argument("--pack", type=Path, required=True, help="carry pack of a build (python -m backend data pack)")
    train.add_argument("--out", type=Path, required=True, help="run folder: <stage>_run/ (checkpoints, log) and weights/ (the pack)")
    train.add_argument("--stages", default="length,denoiser")
    train.add_argument("--sources", help="train on (and retrieve from) these sources only, e.g. cmu (commercial pack)")
    for stage, default in (("length", 3000), ("denoiser", 40000)):
        train.add_argument(f"--{stage}-steps", type=int, default=default, help="0: as many as fit the time box")
        train.add_argument(f"--{stage}-minutes", type=float, help=f"time box of the {stage} stage")
    train.add_argument("--batch", type=int, default=128)
    train.add_argument("--validate-every", type=int, default=500)
    train.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))
    add_text_noise_argument(train)
    train.set_defaults(handler=_train)
    database = commands.add_parser("database", help="rebuild a pack's retrieval database from the training split of a carry pack (your own library)")
    database.add_argument("--pack", type=Path, required=True, help="carry pack of a build embedded with the pack's text encoder (python -m backend data pack)")
    database.add_argument("--weights", type=Path, required=True, help="the ReMoDiffuse weight pack folder to write the database into")
    database.add_argument("--sources", help="only these sources, e.g. cmu")
    database.set_defaults(handler=_database)
    group.set_defaults(handler=lambda args: group.print_help())


def _train(args: argparse.Namespace) -> int:
    from .train import STAGES, train_remodiffuse

    stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise ValueError(f"unknown stage(s) {unknown}; choose from {STAGES}")
    steps = {s: getattr(args, f"{s}_steps") for s in STAGES}
    minutes = {s: getattr(args, f"{s}_minutes") for s in STAGES if getattr(args, f"{s}_minutes") is not None}
    sources = tuple(args.sources.split(",")) if args.sources else None
    report = train_remodiffuse(args.pack, args.out, stages=stages, steps=steps, batch=args.batch, device=args.device, minutes=minutes,
                               sources=sources, validate_every=args.validate_every, text_noise=args.text_noise)
    print(json.dumps(report, indent=1, default=str))
    return 0


def _database(args: argparse.Namespace) -> int:
    from .train import database_command

    sources = tuple(args.sources.split(",")) if args.sources else None
    print(json.dumps(database_command(args.pack, args.weights, sources), indent=1))
    return 0
