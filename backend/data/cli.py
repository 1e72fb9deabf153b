"""``python -m backend data build|stats``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .config import PRESETS, SOURCES, default_cache_root


def add_parser(subparsers) -> None:
    data = subparsers.add_parser("data", help="build the training dataset and print its statistics")
    commands = data.add_subparsers(dest="data_command", metavar="ACTION")

    build = commands.add_parser("build", help="build the dataset from the shared BVH data")
    build.add_argument("--preset", choices=sorted(PRESETS), default="default",
                       help="default: CMU + Bandai (non-commercial); cmu: CMU only (commercial use allowed)")
    build.add_argument("--sources", help=f"comma-separated subset of {','.join(SOURCES)} (overrides the preset's)")
    build.add_argument("--name", help="build name (default: the preset's)")
    build.add_argument("--data-root", type=Path, help="folder with the shared archives (default: ../shared/data or $T2M_DATA_ROOT)")
    build.add_argument("--out", type=Path, help="output folder (default: .cache/datasets/<name>)")
    build.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    build.add_argument("--from", dest="folder", type=Path, help="your own library: a folder tree of .bvh takes (captions in <take>.txt "
                       "sidecars or captions.json/.csv; docs/own_library.md); its takes alone unless --sources adds cmu/bandai")
    build.add_argument("--licence", help="with --from: the licence of your library (required; packs trained on the build carry it)")
    build.add_argument("--commercial", action="store_true", help="with --from: your licence allows commercial use")
    build.add_argument("--units", default="auto", choices=("auto", "m", "cm", "in", "mm"), help="with --from: units of the BVH files (default: guessed)")
    build.add_argument("--limit", type=int, help="at most N takes per split and source (quick builds)")
    build.add_argument("--json", action="store_true", help="print the statistics as JSON when done")
    build.set_defaults(handler=_build)

    stats = commands.add_parser("stats", help="print takes, clips, captions and hours per split")
    stats.add_argument("--build", default="default", help="build name or folder (default: default)")
    stats.add_argument("--humanml3d", type=Path, help="report a HumanML3D-layout folder instead of a build")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(handler=_stats)
    embed = commands.add_parser("embed", help="pre-compute the caption embeddings of a build (cached per encoder)")
    embed.add_argument("--build", default="default", help="build name or folder (default: default)")
    embed.add_argument("--encoder", default="minilm", help="text encoder (default: minilm)")
    embed.set_defaults(handler=_embed)

    pack = commands.add_parser("pack", help="copy a build plus int8 caption embeddings into a folder to carry to a GPU")
    pack.add_argument("--build", default="default", help="build name or folder (default: default)")
    pack.add_argument("--out", type=Path, required=True, help="output folder (e.g. .carry/default)")
    pack.add_argument("--encoder", default="minilm")
    pack.add_argument("--splits", help="only these splits, e.g. test (a small pack for benchmarking)")
    pack.add_argument("--variants", type=int, help="at most N augmented captions per training clip (a smaller pack)")
    pack.set_defaults(handler=_pack)

    roundtrip = commands.add_parser("roundtrip", help="measure the feature round-trip error on a build's clips")
    roundtrip.add_argument("--build", default="default", help="build name or folder (default: default)")
    roundtrip.add_argument("--clips", type=int, default=500, help="number of clips (default: 500)")
    roundtrip.set_defaults(handler=_roundtrip)
    data.set_defaults(handler=lambda args: data.print_help())


def _resolve_build(name: str) -> Path:
    path = Path(name)
    return path if path.is_dir() else default_cache_root() / "datasets" / name


def _print_stats(stats: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(stats, indent=1))
        return
    print(f"build: {stats.get('build', '')}\nlicence: {stats.get('licence', '')}")
    for split, row in stats["splits"].items():
        print(f"  {split:5s} takes {row['takes']:6d}  clips {row['clips']:6d}  captions {row['captions']:7d}  hours {row['hours']:7.3f}")
    if stats.get("augmentation"):
        b, a = stats["augmentation"]["before"], stats["augmentation"]["after"]
        print(f"training captions: {b['captions']} written ({b['distinct']} distinct, vocabulary {b['vocabulary']}); "
              f"with augmentation {a['captions']} ({a['distinct']} distinct, vocabulary {a['vocabulary']})")
    if "skipped" in stats:
        print(f"skipped: {stats['skipped']['count']} (see manifest.json for each item and reason)")


def _build(args: argparse.Namespace) -> int:
    from .build import build
    from .stats import build_stats

    config = PRESETS[args.preset]
    if args.sources:
        config = config.with_(sources=tuple(s.strip() for s in args.sources.split(",") if s.strip()))
    if args.folder is not None:
        if not args.name:
            raise ValueError("--from needs --name (the build's name, e.g. mylib)")
        sources = tuple(s.strip() for s in args.sources.split(",") if s.strip()) if args.sources else ()
        config = config.with_(sources=sources + ("folder",), folder=str(args.folder.resolve()), folder_licence=args.licence or "",
                              folder_commercial=args.commercial, folder_units=args.units)
    elif args.licence or args.commercial:
        raise ValueError("--licence and --commercial describe your own library: use them with --from DIR")
    if args.name:
        config = config.with_(name=args.name)
    if args.limit:
        config = config.with_(limit_per_source=args.limit)

    def progress(done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            print(f"\r  {done}/{total} takes", end="\n" if done == total else "", file=sys.stderr, flush=True)

    folder = build(config, data_root=args.data_root, out_dir=args.out, workers=args.workers, progress=progress)
    _print_stats(build_stats(folder), args.json)
    return 0


def _stats(args: argparse.Namespace) -> int:
    if args.humanml3d:
        from .humanml3d import humanml3d_stats

        stats = humanml3d_stats(args.humanml3d)
    else:
        from .stats import build_stats

        stats = build_stats(_resolve_build(args.build))
    _print_stats(stats, args.json)
    return 0


def _roundtrip(args: argparse.Namespace) -> int:
    from .checks import feature_round_trip

    print(json.dumps(feature_round_trip(_resolve_build(args.build), clips=args.clips), indent=1))
    return 0


def _embed(args: argparse.Namespace) -> int:
    from .embed import embed_build

    path, count = embed_build(_resolve_build(args.build), encoder=args.encoder)
    print(f"{count} captions embedded with {args.encoder}: {path}")
    return 0


def _pack(args: argparse.Namespace) -> int:
    from .pack import make_pack

    splits = tuple(args.splits.split(",")) if args.splits else None
    out = make_pack(_resolve_build(args.build), args.out, encoder=args.encoder, splits=splits, variants=args.variants)
    size = sum(p.stat().st_size for p in out.iterdir()) / 2**20
    print(f"pack written to {out} ({size:.1f} MiB)")
    return 0
