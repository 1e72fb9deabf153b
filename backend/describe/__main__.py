"""``python -m backend.describe``: describe clips, and the agreement and sample reports.

    python -m backend.describe agreement --build default      # Bandai per content + the CMU verb sample (markdown)
    python -m backend.describe samples --build describer      # 20 clips of a build with their captions (markdown)
    python -m backend.describe clip --build default 02_01#0-200
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..data.config import default_cache_root


def _folder(name: str) -> Path:
    path = Path(name)
    return path if path.is_dir() else default_cache_root() / "datasets" / name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.describe", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    agreement = commands.add_parser("agreement", help="Bandai content agreement and the CMU verb sample")
    agreement.add_argument("--build", default="default")
    agreement.add_argument("--n", type=int, default=60, help="CMU clips in the sample")
    samples = commands.add_parser("samples", help="random clips of a build with their captions")
    samples.add_argument("--build", default="default")
    samples.add_argument("--n", type=int, default=20)
    samples.add_argument("--seed", type=int, default=0)
    clip = commands.add_parser("clip", help="the events and sentences of one clip of a build")
    clip.add_argument("--build", default="default")
    clip.add_argument("name", help="clip name, e.g. 02_01#0-200")
    args = parser.parse_args(argv)

    from . import report

    if args.command == "agreement":
        print(report.agreement_report(_folder(args.build), n=args.n))
    elif args.command == "samples":
        print(report.samples_markdown(_folder(args.build), n=args.n, seed=args.seed))
    else:
        from ..data import cache
        from .captions import describer_sentences
        from .describer import describe

        folder = _folder(args.build)
        table = cache.read_table(folder)
        found = next((c for c in table["clips"] if c["name"] == args.name), None)
        if found is None:
            print(f"no clip named {args.name!r} in {folder}", file=sys.stderr)
            return 1
        description = describe(cache.read_positions(folder)[found["take"]][found["start"]:found["end"]])
        for e in description.events:
            print(e)
        print("\n".join(describer_sentences(description, n=5)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
