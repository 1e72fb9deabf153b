"""``python -m backend generate`` and ``python -m backend edit``: joint
positions (n, 22, 3) float32, canonical joint order, Y up, metres, 20 fps."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from .registry import GENERATORS


def add_parser(subparsers) -> None:
    generate = subparsers.add_parser("generate", help="text -> joint positions (.npy)")
    generate.add_argument("prompt")
    _common(generate)
    generate.add_argument("--frames", default="auto", help="number of frames at 20 fps, or auto (the model's length estimate)")
    generate.set_defaults(handler=_generate)

    edit = subparsers.add_parser("edit", help="regenerate frames [start, end) of a clip; the rest stays bit-identical")
    _common(edit)
    edit.add_argument("--source", type=Path, required=True, help="(n, 22, 3) .npy clip")
    edit.add_argument("--regenerate", required=True, help="start:end (half-open, frames)")
    edit.add_argument("--prompt", required=True)
    edit.set_defaults(handler=_edit)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default="momask", choices=sorted(GENERATORS))
    parser.add_argument("--pack", default="default", help="weight pack (default: default, non-commercial)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))


def _load(args: argparse.Namespace):
    from ..text import get_text_encoder
    from ..text.base import check_compatible
    from ..train.distributed import pick_device
    from .registry import load_generator

    encoder = get_text_encoder("minilm")
    generator = load_generator(args.model, pack=args.pack, sentence_vectors=lambda texts: encoder.encode(list(texts)).pooled.numpy(), device=pick_device(args.device))
    check_compatible(generator.info["text_encoder"], encoder)
    return generator


def _save(path: Path, positions: np.ndarray) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, positions.astype(np.float32))
    print(f"{path}: {positions.shape[0]} frames at 20 fps")
    return 0


def _generate(args: argparse.Namespace) -> int:
    frames = None if args.frames == "auto" else int(args.frames)
    if frames is not None and frames < 1:
        raise ValueError("--frames must be a positive number or auto")
    return _save(args.out, _load(args).generate_positions(args.prompt, frames, seed=args.seed))


def _edit(args: argparse.Namespace) -> int:
    from .editing import range_mask

    source = np.load(args.source, allow_pickle=False)
    if source.ndim != 3 or source.shape[1:] != (22, 3) or not np.isfinite(source).all():
        raise ValueError(f"{args.source}: expected finite joint positions of shape (n, 22, 3), got {source.shape}")
    try:
        start, end = (int(v) for v in args.regenerate.split(":"))
    except ValueError:
        raise ValueError(f"--regenerate must be start:end, got {args.regenerate!r}") from None
    keep = range_mask(len(source), start, end)
    return _save(args.out, _load(args).edit(source, keep, args.prompt, seed=args.seed))
