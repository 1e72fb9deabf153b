"""Train a weight pack on your own library: ``python -m backend library train``.

One command from a build (``data build --from DIR --name mylib``) to a pack
the add-on lists (``<models>/<generator>/<name>/``, the folder set as
*Extra Models* in the preferences):

1. the build is packed for training (captions embedded with the generator's
   text encoder; ``<models>/.work/<generator>-<name>/pack``, kept for resuming);
2. the run starts from a shipped pack (``--base cmu`` or ``default``:
   fine-tuning; the data takes the pack's normalisation and its tokenizer is
   kept) or from scratch (``--base none``), and trains each stage for
   ``--steps`` steps or ``--minutes`` minutes, on a CUDA GPU or the CPU
   (progress and an ETA on stderr), or data-parallel under ``torchrun``;
   run again to go on (the run folder resumes);
3. the weights, the frozen config and a ``MODEL_CARD.md`` (data, licence,
   training) are written to ``<models>/<generator>/<name>/``.

Which generators can: those whose registry entry names a ``library``
module (``GeneratorSpec.library``: STAGES, FINE_TUNE_STAGES, check_stages,
prepare, train, write, and KEPT: what fine-tuning keeps of the base pack,
for the model card); this file names none of them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path



def start_from_base(base_folder: Path | None, run: Path, pack_file: str) -> bool:
    """Copy a base pack's files (not its card) into ``<run>/weights``, the run's
    starting weights; False when training from scratch or already started."""
    if base_folder is None or (run / "weights" / pack_file).is_file():
        return False
    (run / "weights").mkdir(parents=True, exist_ok=True)
    for file in base_folder.iterdir():
        if file.is_file() and file.name != "MODEL_CARD.md":
            shutil.copy2(file, run / "weights" / file.name)
    return True


def publish_weights(run: Path, out: Path) -> None:
    """``<run>/weights`` (a whole pack) -> the pack folder ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for file in (run / "weights").iterdir():
        if file.is_file():
            shutil.copy2(file, out / file.name)


def trainable() -> tuple[str, ...]:
    from ..generators import registry

    return tuple(spec.name for spec in registry.specs() if spec.library)


def _module(spec):
    import importlib

    from ..generators import registry

    return importlib.import_module(spec.library, registry.__package__)


def add_parser(subparsers) -> None:
    group = subparsers.add_parser("library", help="train weight packs on your own motion library (docs/own_library.md)")
    commands = group.add_subparsers(dest="library_command", metavar="ACTION")
    train = commands.add_parser("train", help="a build of your library -> a weight pack in your models folder")
    train.add_argument("--build", required=True, help="build name or folder (data build --from DIR --name NAME)")
    train.add_argument("--generator", default=trainable()[0] if trainable() else None, choices=trainable())
    train.add_argument("--models", type=Path, required=True, help="your models folder (the add-on's Extra Models); the pack goes to <models>/<generator>/<name>/")
    train.add_argument("--name", help="pack name (default: the build's name)")
    train.add_argument("--base", help="shipped pack to fine-tune (cmu, default) or none to train from scratch "
                                       "(default: cmu, the commercial-use pack, where the generator has one installed, else default)")
    train.add_argument("--stages", help="stages to train (default: masked,residual when fine-tuning; every stage from scratch)")
    train.add_argument("--steps", type=int, default=3000, help="steps per stage (default 3000)")
    train.add_argument("--minutes", type=float, help="time box per stage")
    train.add_argument("--batch", type=int, default=64)
    train.add_argument("--validate-every", type=int, default=100,
                       help="steps between validations (default 100); each stage ends on its weights of lowest validation loss")
    train.add_argument("--patience", type=int, default=5, help="stop a stage after this many validations without a new best (default 5; 0: never early)")
    train.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))
    train.set_defaults(handler=_train)
    group.set_defaults(handler=lambda args: group.print_help())


def _resolve(build: str) -> Path:
    from ..data.config import default_cache_root

    path = Path(build)
    if path.is_dir():
        return path
    named = default_cache_root() / "datasets" / build
    if named.is_dir():
        return named
    raise ValueError(f"no build {build!r} (looked for a folder and {named}); make it with `python -m backend data build --from DIR --name {build}`")


def train_library(*, build: Path, generator: str, models: Path, name: str, base: str | None, steps: int, minutes: float | None, batch: int,
                  device: str, log=print, stages: tuple[str, ...] | None = None, validate_every: int = 100, patience: int = 5) -> Path:
    from ..data import cache
    from ..data.pack import is_pack, make_pack
    from ..generators import registry

    if generator not in trainable():
        raise ValueError(f"{generator}: training on your own library supports {', '.join(trainable())} so far")
    spec = registry.get_spec(generator)
    trainer = _module(spec)
    manifest = cache.read_manifest(build)
    work = models / ".work" / f"{generator}-{name}"
    # A carry pack (``data pack``) is used as it is: already packed with the encoder.
    pack = build if is_pack(build) else work / "pack"
    run = work / "run"
    base_folder = None
    if base is None:
        base = "cmu" if "cmu" in registry.installed_packs(generator) else "default"
    if base != "none":
        base_folder = registry.pack_folder(generator, base)
        if not (base_folder / spec.pack_file).is_file():
            raise ValueError(f"no shipped {generator} pack {base!r} to fine-tune (installed: {', '.join(registry.installed_packs(generator))})")
    if stages is None:
        stages = trainer.FINE_TUNE_STAGES if base_folder is not None else trainer.STAGES
    unknown = [s for s in stages if s not in trainer.STAGES]
    if unknown:
        raise ValueError(f"unknown stage(s) {unknown}; {generator} has {', '.join(trainer.STAGES)}")
    trainer.check_stages(tuple(stages), base_folder is not None)
    # Under torchrun only the first process prepares the files; the others wait at a barrier.
    from ..train.distributed import init_distributed

    ctx = init_distributed(device)
    if ctx.rank == 0:
        source = work / "pack-source.json"
        stamp = json.dumps({"build": str(Path(build).resolve()), "created": manifest.get("created"), "commit": manifest.get("commit")})
        if pack != build and is_pack(pack) and (not source.is_file() or source.read_text() != stamp):
            log(f"the build changed since {pack} was made: packing it again")
            shutil.rmtree(pack)
        if not is_pack(pack):
            log(f"packing {build} for training (captions embedded with {spec.text_encoder}) -> {pack}")
            make_pack(build, pack, encoder=spec.text_encoder)
            work.mkdir(parents=True, exist_ok=True)
            source.write_text(stamp)
        trainer.prepare(pack=pack, work=work, run=run, base=base, base_folder=base_folder, log=log)
    if ctx.enabled:
        import torch.distributed as dist

        dist.barrier()
    started = time.time()
    out = models / generator / name
    report = trainer.train(pack=pack, work=work, run=run, base_folder=base_folder, stages=tuple(stages), steps=steps, batch=batch,
                           device=device, minutes=minutes, validate_every=validate_every, patience=patience)
    if ctx.rank != 0:
        return out
    trainer.write(run=run, work=work, out=out)
    info_path = out / spec.pack_file
    info = json.loads(info_path.read_text())
    base_licence = json.loads((base_folder / spec.pack_file).read_text()).get("data", {}).get("licence", "") if base_folder else ""
    licence = manifest["licence"] + (f"; fine-tuned from the {base!r} pack ({base_licence})" if base_folder else "")
    info.setdefault("data", {})["licence"] = licence
    info["data"]["base_pack"] = base if base_folder else None
    info_path.write_text(json.dumps(info, indent=1) + "\n")
    (out / "MODEL_CARD.md").write_text(_card(generator, name, build, manifest, base if base_folder else None, licence, report, time.time() - started,
                                             info.get("training", {}), getattr(trainer, "KEPT", "")))
    log(f"wrote {out} ({', '.join(sorted(p.name for p in out.iterdir()))}); set Preferences > Extra Models to {models} and pick pack {name!r}")
    return out


def _card(generator: str, name: str, build: Path, manifest: dict, base: str | None, licence: str, report: dict, seconds: float,
          training: dict, kept: str = "") -> str:
    from ..data.stats import build_stats

    stats = build_stats(build)
    lines = [f"# {generator} - {name} (trained on your own library)", "",
             f"**Licence: {licence}**", "",
             f"* **Data:** build `{manifest['config']['name']}` ({build}); "
             + ", ".join(f"{split} {s['takes']} takes / {s['hours']:.2f} h" for split, s in stats["splits"].items()) + ".",
             f"* **Start:** {'fine-tuned from the shipped ' + repr(base) + ' pack' + (f' ({kept})' if kept else '') if base else 'trained from scratch'}.",
             "* **Training:** " + ", ".join(_stage_line(stage, result) for stage, result in report["stages"].items())
             + f" on {next((training[s].get('device') for s in report['stages'] if isinstance(training.get(s), dict) and training[s].get('device')), 'unknown')}; "
             f"{seconds / 60:.1f} min in all.",
             "* **Use:** set *Extra Models* (add-on preferences) to the folder that holds this pack's generator folder and pick this pack.", ""]
    return "\n".join(lines)


def _stage_line(stage: str, result: dict) -> str:
    """'masked 3900 steps (weights of step 500, the lowest validation loss 5.71; stopped early)'."""
    line = f"{stage} {result.get('step')} steps"
    if result.get("best_step") is not None:
        line += f" (weights of step {result['best_step']}, the lowest validation loss {result['best']:.4g}"
        line += "; stopped early)" if result.get("stopped_early") else ")"
    return line


def _train(args: argparse.Namespace) -> int:
    build = _resolve(args.build)
    name = args.name or build.name
    stages = tuple(s.strip() for s in args.stages.split(",") if s.strip()) if args.stages else None
    train_library(build=build, generator=args.generator, models=args.models, name=name, base=args.base, steps=args.steps, minutes=args.minutes,
                  batch=args.batch, device=args.device, log=lambda message: print(message, file=sys.stderr), stages=stages,
                  validate_every=args.validate_every, patience=args.patience)
    return 0
