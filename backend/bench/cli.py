"""``python -m backend bench``."""

from __future__ import annotations

import argparse
from pathlib import Path

from .quality import QualityConfig


def add_parser(subparsers) -> None:
    bench = subparsers.add_parser("bench", help="score generators (quality on the test split, speed) into bench/results.json")
    bench.add_argument("what", nargs="?", choices=("prompts",), help="prompts: the hand-written paraphrase prompts through the product's path, scored by the recognisers (with --model)")
    bench.add_argument("--prompt-length", default="auto", choices=("auto", "fixed"), help="bench prompts: single prompts at the generator's own length (the add-on's default) or at 6 s")
    bench.add_argument("--model", action="append", help="bench prompts: a generator to run, GENERATOR or GENERATOR:PACK (repeatable; default: every generator with a default pack)")
    bench.add_argument("--generators", default="sanity_real,sanity_random_train", help="comma-separated registered generators")
    bench.add_argument("--build", default="labels", help="build name, build folder or carry pack (default: labels, the caption mode the shipped evaluator was trained on; make it with `data build --preset labels`)")
    bench.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))
    bench.add_argument("--repeats", type=int, default=20)
    bench.add_argument("--mm-repeats", type=int, default=20)
    bench.add_argument("--task-repeats", type=int, default=3, help="repeats of the in-betweening rows (edits run one clip at a time)")
    bench.add_argument("--compile", action="store_true", help="also time the GPU fast path the extension uses (accelerate(): CUDA-graph replay)")
    bench.add_argument("--models", type=Path, help="a folder of weight packs (<generator>/<pack>/) besides the bundled ones")
    bench.add_argument("--evaluator", type=Path, help="an evaluator folder (e.g. trained on your own build with `eval train`; default: the shipped one)")
    bench.add_argument("--threads", action="store_true", help="only the CPU-threads-under-load measurement (bench/THREADS.md)")
    bench.add_argument("--seams", action="store_true", help="only the edit-seam sweep by edit length (bench/SEAMS.md)")
    bench.add_argument("--seam-ranges", type=int, default=40, help="random ranges per edit length in the seam sweep")
    bench.add_argument("--paths", type=int, metavar="N", help="only root paths on N random curves and the example shot's seams (bench/PATHS.md)")
    bench.add_argument("--long", action="store_true", help="only the long-motion measurement: window junctions at --long-frames (bench/LONG.md)")
    bench.add_argument("--long-frames", type=int, default=600)
    bench.add_argument("--long-prompts", type=int, default=50)
    bench.add_argument("--lengths", action="store_true", help="only the length estimators, per content label (bench/LENGTHS.md)")
    bench.add_argument("--no-quality", action="store_true", help="speed only")
    bench.add_argument("--no-speed", action="store_true", help="quality only")
    bench.set_defaults(handler=_bench)


def _bench(args: argparse.Namespace) -> int:
    from ..data.cli import _resolve_build
    from .run import main_command, run_bench

    if args.threads:
        from .run import run_threads

        print(run_threads(command=main_command()))
        return 0
    build = _resolve_build(args.build) if not Path(args.build).is_dir() else Path(args.build)
    generators = [g.strip() for g in args.generators.split(",") if g.strip()]
    if args.what == "prompts":
        from ..generators import registry
        from .prompts import run_prompts

        models = args.model or [s.name for s in registry.specs() if "default" in registry.installed_packs(s.name, root=args.models)]
        run_prompts(build=build, generators=models, device=args.device, command=main_command(), models=args.models, length=args.prompt_length)
        return 0
    if args.seams:
        from .run import run_seams

        run_seams(build=build, generators=generators, device=args.device, ranges=args.seam_ranges, command=main_command(), models=args.models)
        return 0
    if args.paths:
        from .run import run_paths

        run_paths(build=build, generators=generators, device=args.device, curves=args.paths, command=main_command(), models=args.models)
        return 0
    if args.lengths:
        from .run import run_lengths

        run_lengths(build=build, generators=generators, device=args.device, command=main_command(), models=args.models)
        return 0
    if args.long:
        from .run import run_long

        run_long(build=build, generators=generators, device=args.device, frames=args.long_frames, prompts=args.long_prompts,
                 command=main_command(), models=args.models)
        return 0
    config = QualityConfig(repeats=args.repeats, mm_repeats=args.mm_repeats)
    results = run_bench(
        build=build,
        generators=generators,
        device=args.device,
        quality=not args.no_quality,
        speed=not args.no_speed,
        config=config,
        command=main_command(),
        task_repeats=args.task_repeats,
        compile_speed=args.compile,
        models=args.models,
        evaluator_dir=args.evaluator,
    )
    from .run import TABLE

    print(TABLE.read_text())
    return 0 if results else 1
