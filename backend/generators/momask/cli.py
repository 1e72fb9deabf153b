"""``python -m backend momask train``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ...train.text_noise import TEXT_NOISE_HELP, add_text_noise_argument


STEPS_HELP = ("the stage's cosine schedule; --minutes cuts it (run again to go on); 0: a whole schedule planned to fit "
              "--minutes")


def add_parser(subparsers) -> None:
    group = subparsers.add_parser("momask", help="train MoMask weight packs")
    commands = group.add_subparsers(dest="momask_command", metavar="ACTION")
    train = commands.add_parser("train", help="train stages on a carry pack; resumable")
    train.add_argument("--pack", type=Path, required=True)
    train.add_argument("--out", type=Path, required=True, help="run folder; weights/ holds the pack")
    train.add_argument("--stages", default="tokenizer,length,masked,residual")
    train.add_argument("--sources", help="train on these sources only, e.g. cmu (commercial pack)")
    train.add_argument("--tokenizer-steps", type=int, default=20000, help=STEPS_HELP)
    train.add_argument("--length-steps", type=int, default=4000, help=STEPS_HELP)
    train.add_argument("--masked-steps", type=int, default=20000, help=STEPS_HELP)
    train.add_argument("--residual-steps", type=int, default=15000, help=STEPS_HELP)
    train.add_argument("--batch", type=int, default=256)
    train.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))
    train.add_argument("--minutes", type=float, help="time box per stage")
    train.add_argument("--init", type=Path, help="a safetensors file or pack folder whose tokenizer (and feature mean/std) "
                       "start this run, e.g. to retrain the text-conditioned stages on new captions")
    add_text_noise_argument(train, "the masked and residual transformers: " + TEXT_NOISE_HELP)
    train.set_defaults(handler=_train)
    group.set_defaults(handler=lambda args: group.print_help())


def _train(args: argparse.Namespace) -> int:
    from .train import STAGES, train_momask

    stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise ValueError(f"unknown stage(s) {unknown}; choose from {STAGES}")
    steps = {"tokenizer": args.tokenizer_steps, "length": args.length_steps, "masked": args.masked_steps, "residual": args.residual_steps}
    sources = tuple(args.sources.split(",")) if args.sources else None
    print(json.dumps(train_momask(args.pack, args.out, stages=stages, steps=steps, batch=args.batch, device=args.device, minutes=args.minutes, sources=sources, init=args.init, text_noise=args.text_noise), indent=1, default=str))
    return 0
