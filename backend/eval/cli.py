"""``python -m backend eval train``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_parser(subparsers) -> None:
    group = subparsers.add_parser("eval", help="train the text-motion evaluator and label recognisers")
    commands = group.add_subparsers(dest="eval_command", metavar="ACTION")
    train = commands.add_parser("train", help="train on a carry pack (see `data pack`); resumable")
    train.add_argument("--pack", type=Path, required=True, help="pack folder made by `data pack`")
    train.add_argument("--out", type=Path, required=True, help="run folder (checkpoints, logs, weights/)")
    train.add_argument("--steps", type=int, default=8000)
    train.add_argument("--recogniser-steps", type=int, default=4000)
    train.add_argument("--batch", type=int, default=256)
    train.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))
    train.add_argument("--minutes", type=float, help="time box per model; run again to continue")
    train.set_defaults(handler=_train)
    group.set_defaults(handler=lambda args: group.print_help())


def _train(args: argparse.Namespace) -> int:
    from .train import train_all

    result = train_all(args.pack, args.out, steps=args.steps, recogniser_steps=args.recogniser_steps, batch=args.batch, device=args.device, max_minutes=args.minutes)
    print(json.dumps(result, indent=1))
    return 0
