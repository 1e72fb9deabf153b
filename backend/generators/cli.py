"""``python -m backend generate`` and ``python -m backend edit``: joint
positions (n, 22, 3) float32, canonical joint order, Y up, metres, 20 fps.

Both run what the Blender extension runs (``backend.studio``): the same
engine, the pack's tuned sampling unless ``--guidance``/``--steps`` are
given, so a prompt, length, seed and pack give the same joints here and in
Blender. Generator choices come from the registry.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from . import registry


def add_parser(subparsers) -> None:
    choices = registry.names()
    generate = subparsers.add_parser("generate", help="text -> joint positions (.npy)", description=registry.describe())
    generate.add_argument("prompt")
    _common(generate, choices)
    generate.add_argument("--frames", default="auto", help="number of frames at 20 fps, or auto (the model's length estimate)")
    generate.add_argument("--variations", type=_whole("--variations"), default=1, help="more than 1: OUT gets _v1, _v2 ... (seed, seed + 1, ...)")
    generate.set_defaults(handler=_generate)

    edit = subparsers.add_parser("edit", help="regenerate frames [start, end) of a clip; the rest stays bit-identical")
    _common(edit, choices)
    edit.add_argument("--source", type=Path, required=True, help="(n, 22, 3) .npy clip")
    edit.add_argument("--regenerate", required=True, help="start:end (half-open, frames)")
    edit.add_argument("--prompt", required=True)
    edit.set_defaults(handler=_edit)


def _common(parser: argparse.ArgumentParser, choices: list[str]) -> None:
    parser.add_argument("--model", default=choices[0] if choices else None, choices=choices)
    parser.add_argument("--pack", default="default", help="weight pack (default: default, non-commercial)")
    parser.add_argument("--models", type=Path, help="a folder of weight packs (<generator>/<pack>/), as in the add-on preferences")
    parser.add_argument("--seed", type=_whole("--seed"), default=0, help="a whole number from 0 (the same seed gives the same motion)")
    parser.add_argument("--guidance", type=float, help="override the pack's guidance scale")
    parser.add_argument("--steps", type=_whole("--steps"), help="override the pack's sampling steps")
    parser.add_argument("--out", type=Path, required=True, help="the .npy file to write (.npy is added when missing)")
    parser.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))
    parser.add_argument("--no-fast-path", action="store_true", help="on CUDA, run eagerly (no CUDA-graph replay)")
    parser.add_argument("--as-typed", action="store_true",
                        help="generate a composite prompt (\"walks forward and waves\") as one prompt instead of clause by clause")


def _session(args: argparse.Namespace):
    from ..studio.engine import Settings, shared_engine
    from ..studio.motion import Options

    if args.models is not None and not args.models.is_dir():
        raise ValueError(f"--models {args.models}: not a folder")
    spec = registry.get_spec(args.model)
    settings = Settings(device=args.device, pack=args.pack, encoder=spec.text_encoder, models_folder=str(args.models or ""),
                        fast_path=not args.no_fast_path)
    return shared_engine(), settings, Options(guidance=args.guidance, steps=args.steps, compose=not getattr(args, "as_typed", False))


def _whole(name: str):
    def parse(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, got {text!r}") from None

    return parse


def out_path(path: Path) -> Path:
    """Where the result goes: ``.npy`` added when missing, checked before any work."""
    if path.is_dir():
        raise ValueError(f"--out {path} is a folder: give a file name such as {path / 'motion.npy'}")
    path = path if path.suffix == ".npy" else path.with_name(path.name + ".npy")
    if path.is_dir():
        raise ValueError(f"--out {path} is a folder: give a file name such as {path / 'motion.npy'}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ValueError(f"--out {path}: {parent} is a file, not a folder; choose another place for the result")
            break
    return path


def _save(path: Path, positions: np.ndarray) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, positions.astype(np.float32))
    print(f"{path}: {positions.shape[0]} frames at 20 fps")
    return 0


def _load_source(path: Path) -> np.ndarray:
    """A (n, 22, 3) clip from a .npy file, or a message saying what is wrong with it."""
    hint = "give a .npy file of joint positions (n, 22, 3) such as `python -m backend generate` writes"
    if path.is_dir():
        raise ValueError(f"--source {path} is a folder: {hint}")
    if not path.is_file():
        raise ValueError(f"--source {path} does not exist: {hint}")
    try:
        data = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as error:
        raise ValueError(f"--source {path} is not a readable .npy file ({str(error).splitlines()[0] or type(error).__name__}): {hint}") from None
    if not isinstance(data, np.ndarray):
        data.close()
        raise ValueError(f"--source {path} is an .npz archive: {hint}")
    if data.dtype.kind not in "fiu" or data.ndim != 3 or data.shape[1:] != (22, 3) or len(data) < 2:
        raise ValueError(f"--source {path} holds a {data.dtype} array of shape {data.shape}: {hint}")
    if not np.isfinite(data).all():
        raise ValueError(f"--source {path} contains NaN or infinite positions: {hint}")
    return data.astype(np.float32)


def _frames(text: str) -> int | None:
    if text == "auto":
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"--frames must be a whole number of frames at 20 fps or auto, got {text!r}") from None


def _generate(args: argparse.Namespace) -> int:
    from ..motion.timebase import FPS
    from ..studio import motion

    args.out = out_path(args.out)
    engine, settings, options = _session(args)
    clips = motion.generate(engine, settings, generator=args.model, prompt=args.prompt, scene_frames=_frames(args.frames), fps=FPS,
                            seed=args.seed, variations=args.variations, options=options)
    if len(clips) == 1:
        return _save(args.out, clips[0])
    for k, clip in enumerate(clips, 1):
        _save(args.out.with_name(f"{args.out.stem}_v{k}{args.out.suffix}"), clip)
    return 0


def _edit(args: argparse.Namespace) -> int:
    from ..studio import motion
    from .editing import range_mask

    args.out = out_path(args.out)
    source = _load_source(args.source)
    try:
        start, end = (int(v) for v in args.regenerate.split(":"))
    except ValueError:
        raise ValueError(f"--regenerate must be start:end in frames (half-open, e.g. 40:80), got {args.regenerate!r}") from None
    engine, settings, options = _session(args)
    keep = range_mask(len(source), start, end)
    return _save(args.out, motion.edit_clip(engine, settings, generator=args.model, source=source, keep=keep, prompt=args.prompt,
                                            seed=args.seed, options=options))
