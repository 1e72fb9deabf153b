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
    arms = commands.add_parser("train-arms", help="train the arm recogniser (which upper-body action the arms show; CPU, minutes)")
    arms.add_argument("--build", default="labels", help="build name or folder (default: labels)")
    arms.add_argument("--out", type=Path, required=True, help="run folder (checkpoints, log, weights/arms.*); resumable")
    arms.add_argument("--steps", type=int, default=3000)
    arms.add_argument("--batch", type=int, default=128)
    arms.add_argument("--minutes", type=float, help="time box; run again to continue")
    arms.set_defaults(handler=_train_arms)
    group.set_defaults(handler=lambda args: group.print_help())


def _train(args: argparse.Namespace) -> int:
    from .train import train_all

    result = train_all(args.pack, args.out, steps=args.steps, recogniser_steps=args.recogniser_steps, batch=args.batch, device=args.device, max_minutes=args.minutes)
    print(json.dumps(result, indent=1))
    return 0


def _train_arms(args: argparse.Namespace) -> int:
    from ..data.cli import _resolve_build
    from .arms import train_arms

    build = Path(args.build) if Path(args.build).is_dir() else _resolve_build(args.build)
    print(json.dumps(train_arms(build, args.out, steps=args.steps, batch=args.batch, minutes=args.minutes), indent=1))
    return 0
