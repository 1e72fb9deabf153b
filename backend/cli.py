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
from .shot import cli as shot_cli
from .text import cli as text_cli
from .train import library as library_cli

GROUPS = (generators_cli, shot_cli, data_cli, text_cli, eval_cli, bench_cli, retarget_cli, library_cli)


class _Parser(argparse.ArgumentParser):
    """Bad arguments: one ``error:`` line saying what to do, no usage dump."""

    def error(self, message: str):
        print(f"error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(2)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m backend",
        description="Text2Motion backend: dataset builds, text encoders, generation and editing, training and benchmarks.",
    )
    parser.add_argument("--version", action="version", version=f"text2motion backend {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for group in GROUPS:
        group.add_parser(subparsers)
    for spec in registry.specs():  # each generator's own commands (training)
        if spec.cli:
            importlib.import_module(spec.cli, registry.__package__).add_parser(subparsers)
    return parser


# Options whose value may start with "-" (``--regenerate -5:10``): argparse
# would read the value as another option, so they are joined as ``--opt=value``.
DASHED_VALUES = ("--regenerate",)


def _join_dashed_values(argv: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(argv):
        if argv[i] in DASHED_VALUES and i + 1 < len(argv) and argv[i + 1].startswith("-") and not argv[i + 1].startswith("--"):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(_join_dashed_values(list(sys.argv[1:] if argv is None else argv)))
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0 if args.command is None else 2
    try:
        return int(args.handler(args) or 0)
    except (OSError, ValueError, OverflowError) as error:  # bad input and files: the message, never a traceback
        print(f"error: {error}", file=sys.stderr)
        return 2
