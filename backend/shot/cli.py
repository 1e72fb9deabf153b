"""``python -m backend shot FILE --out take.npy``: a shot file made into one
take (``take.npy``: (T, 22, 3) float32 canonical positions at 20 fps, and
``take.json`` beside it); ``--regenerate ROW --source take.npy`` remakes
one row and its bridges, every other frame bit-identical (``docs/shot.md``).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    from .assemble import BRIDGE_FRAMES

    shot = subparsers.add_parser("shot", help="a shot file (prompt rows) -> one long take (.npy + .json sidecar)",
                                 description="Generate each unmuted row of a shot file, place the rows end to end and bridge "
                                             "every boundary by in-betweening with the next row's prompt.")
    shot.add_argument("file", type=Path, help="the shot .json (see docs/examples/shot.json)")
    shot.add_argument("--out", type=Path, required=True, help="the take .npy to write; take.json is written beside it")
    shot.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))
    shot.add_argument("--pack", default="default", help="weight pack of every generator (default: default)")
    shot.add_argument("--models", type=Path, help="a folder of weight packs (<generator>/<pack>/)")
    shot.add_argument("--bridge-frames", type=int, default=BRIDGE_FRAMES,
                      help=f"frames regenerated each side of a boundary (default {BRIDGE_FRAMES}: 1 s in all at 20 fps)")
    shot.add_argument("--path", type=Path, help="a root path .json ({\"points\": [[x, y, z], ...], \"axes\": \"canonical\"|\"blender\", "
                                                "\"speed\": \"motion\"|\"fit\"}): the take's root follows the curve (docs/shot.md)")
    shot.add_argument("--regenerate", type=int, metavar="ROW", help="remake only row ROW (from 1) of --source")
    shot.add_argument("--source", type=Path, help="with --regenerate: the take .npy (its take.json beside it)")
    shot.set_defaults(handler=_shot)


def _loader(args: argparse.Namespace):
    from ..generators import registry
    from ..studio.engine import Settings, shared_engine

    if args.models is not None and not args.models.is_dir():
        raise ValueError(f"--models {args.models}: not a folder")
    engine = shared_engine()

    def load(name: str):
        settings = Settings(device=args.device, pack=args.pack, encoder=registry.get_spec(name).text_encoder,
                            models_folder=str(args.models or ""))
        return engine.generator(name, settings)

    return load


def _shot(args: argparse.Namespace) -> int:
    from ..generators.cli import out_path
    from .along import make_shot_along
    from .assemble import make_shot, regenerate_row
    from .path import load_path
    from .rows import load_shot
    from .take import read_take, write_take

    out = out_path(args.out)
    if (args.regenerate is None) != (args.source is None):
        raise ValueError("--regenerate ROW and --source take.npy go together")
    shot = load_shot(args.file)
    command = shlex.join(["python", "-m", "backend", *sys.argv[1:]]) if sys.argv[1:2] == ["shot"] else f"python -m backend shot {args.file}"
    path = load_path(args.path) if args.path is not None else None
    if path is not None and args.regenerate is not None:
        raise ValueError("--path applies when the whole shot is made; a regenerated row is placed between its neighbours, "
                         "which already follow the path")
    if args.regenerate is None and path is not None:
        take, report = make_shot_along(shot, _loader(args), lambda take: path, bridge_frames=args.bridge_frames, command=command)
        print(f"root path: {report['curve_m']:.2f} m, the shot travels {report['travel_m']:.2f} m "
              f"(durations x {report['duration_factor']:.2f} when made; speed {report['speed']})")
    elif args.regenerate is None:
        take = make_shot(shot, _loader(args), bridge_frames=args.bridge_frames, command=command)
    else:
        take = regenerate_row(shot, read_take(args.source), args.regenerate, _loader(args), command=command)
    npy, side = write_take(out, take)
    print(f"{npy}: {len(take.positions)} frames at 20 fps ({len(take.rows())} row pieces); spans in {side}")
    return 0
