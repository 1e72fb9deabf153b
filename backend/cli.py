"""``python -m backend``: the headless command line (data, text, ...).

Each command group lives beside the code it drives and contributes an
``add_parser(subparsers)``; this module only assembles them.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .bench import cli as bench_cli
from .data import cli as data_cli
from .eval import cli as eval_cli
from .generators import cli as generators_cli
from .generators import registry
from .retarget import cli as retarget_cli
from .text import cli as text_cli

GROUPS = (generators_cli, data_cli, text_cli, eval_cli, bench_cli, retarget_cli)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m backend",
        description="Text2Motion backend: dataset builds, text encoders, and (later) generation, training and benchmarks.",
    )
    parser.add_argument("--version", action="version", version=f"text2motion backend {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.add_parser(subparsers)
    for spec in registry.specs():  # each generator's own commands (training)
        if spec.cli:
            importlib.import_module(spec.cli, registry.__package__).add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0 if args.command is None else 2
    try:
        return int(args.handler(args) or 0)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
