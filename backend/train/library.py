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

MoMask now; the other generators join as their trainers take a base pack.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

TRAINABLE = ("momask", "bamm")
# Fine-tuning keeps the base pack's tokenizer (its codes) and length estimator
# (text -> duration is general; on a small library it overfits within minutes:
# validation loss 22 after a 3-minute CPU box on a 1-hour library).
FINE_TUNE_STAGES = {"momask": ("masked", "residual"), "bamm": ("base",)}
ALL_STAGES = {"momask": ("tokenizer", "length", "masked", "residual"), "bamm": ("base",)}


def add_parser(subparsers) -> None:
    group = subparsers.add_parser("library", help="train weight packs on your own motion library (docs/own_library.md)")
    commands = group.add_subparsers(dest="library_command", metavar="ACTION")
    train = commands.add_parser("train", help="a build of your library -> a weight pack in your models folder")
    train.add_argument("--build", required=True, help="build name or folder (data build --from DIR --name NAME)")
    train.add_argument("--generator", default="momask", choices=TRAINABLE)
    train.add_argument("--models", type=Path, required=True, help="your models folder (the add-on's Extra Models); the pack goes to <models>/<generator>/<name>/")
    train.add_argument("--name", help="pack name (default: the build's name)")
    train.add_argument("--base", default="cmu", help="shipped pack to fine-tune (cmu, default) or none to train from scratch (default: cmu)")
    train.add_argument("--stages", help="stages to train (default: masked,residual when fine-tuning; every stage from scratch)")
    train.add_argument("--steps", type=int, default=3000, help="steps per stage (default 3000)")
    train.add_argument("--minutes", type=float, help="time box per stage")
    train.add_argument("--batch", type=int, default=64)
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


def train_library(*, build: Path, generator: str, models: Path, name: str, base: str, steps: int, minutes: float | None, batch: int,
                  device: str, log=print, stages: tuple[str, ...] | None = None) -> Path:
    from ..data import cache
    from ..data.pack import is_pack, make_pack
    from ..generators import registry

    if generator not in TRAINABLE:
        raise ValueError(f"{generator}: training on your own library supports {', '.join(TRAINABLE)} so far")
    spec = registry.get_spec(generator)
    manifest = cache.read_manifest(build)
    work = models / ".work" / f"{generator}-{name}"
    # A carry pack (``data pack``) is used as it is: already packed with the encoder.
    pack = build if is_pack(build) else work / "pack"
    run = work / "run"
    base_folder = None
    if base != "none":
        base_folder = registry.pack_folder(generator, base)
        if not (base_folder / spec.pack_file).is_file():
            raise ValueError(f"no shipped {generator} pack {base!r} to fine-tune (installed: {', '.join(registry.installed_packs(generator))})")
    # Under torchrun only the first process prepares the files; the others wait at a barrier.
    from ..train.distributed import init_distributed

    ctx = init_distributed(device)
    rank = ctx.rank
    if rank == 0:
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
        if generator == "bamm":
            _tokenize_for_bamm(pack, work, base, log)
        elif base_folder is not None and not (run / "weights" / spec.pack_file).is_file():
            (run / "weights").mkdir(parents=True, exist_ok=True)
            for file in base_folder.iterdir():
                if file.is_file() and file.name != "MODEL_CARD.md":
                    shutil.copy2(file, run / "weights" / file.name)
            log(f"fine-tuning {generator}'s {base!r} pack ({base_folder})")
    if ctx.enabled:
        import torch.distributed as dist

        dist.barrier()
    if stages is None:
        stages = FINE_TUNE_STAGES[generator] if base != "none" else ALL_STAGES[generator]
    unknown = [s for s in stages if s not in ALL_STAGES[generator]]
    if unknown:
        raise ValueError(f"unknown stage(s) {unknown}; {generator} has {', '.join(ALL_STAGES[generator])}")
    if base != "none" and "tokenizer" in stages:
        raise ValueError("fine-tuning keeps the base pack's tokenizer (its motion codes): leave 'tokenizer' out, or train from scratch with --base none")
    started = time.time()
    out = models / generator / name
    if generator == "bamm":
        from ..generators.bamm.train import assemble, train_bamm

        result = train_bamm(work / "tokens", run, steps=steps, batch=batch, device=device, minutes=minutes, init=base_folder)
        report = {"stages": {"base": result["base"]}}
        if rank != 0:
            return out
        assemble(run, work / "tokens", out)
    else:
        from ..generators.momask.train import train_momask

        report = train_momask(pack, run, stages=stages, steps={s: steps for s in ALL_STAGES[generator]}, batch=batch, device=device,
                              minutes=minutes, sources=None)
        if rank != 0:
            return out
        out.mkdir(parents=True, exist_ok=True)
        for file in (run / "weights").iterdir():
            if file.is_file():
                shutil.copy2(file, out / file.name)
    info_path = out / spec.pack_file
    info = json.loads(info_path.read_text())
    base_licence = json.loads((base_folder / spec.pack_file).read_text()).get("data", {}).get("licence", "") if base_folder else ""
    licence = manifest["licence"] + (f"; fine-tuned from the {base!r} pack ({base_licence})" if base_folder else "")
    info.setdefault("data", {})["licence"] = licence
    info["data"]["base_pack"] = base if base_folder else None
    info_path.write_text(json.dumps(info, indent=1) + "\n")
    (out / "MODEL_CARD.md").write_text(_card(generator, name, build, manifest, base if base_folder else None, licence, report, time.time() - started,
                                             info.get("training", {})))
    log(f"wrote {out} ({', '.join(sorted(p.name for p in out.iterdir()))}); set Preferences > Extra Models to {models} and pick pack {name!r}")
    return out


def _tokenize_for_bamm(pack: Path, work: Path, base: str, log) -> None:
    """BAMM trains on the codes of a MoMask tokenizer: the shipped MoMask pack
    its base pack shares (``cmu`` for a from-scratch run), with the library
    normalised like that pack."""
    from ..generators import registry
    from ..generators.bamm.train import tokenize

    tokens = work / "tokens"
    if (tokens / "source.json").is_file() or any(tokens.glob("*.npz")):
        return
    momask = registry.pack_folder("momask", "cmu" if base == "none" else base)
    log(f"tokenizing the library with MoMask's {momask.name!r} tokenizer -> {tokens}")
    tokenize(pack, momask, tokens, renormalise=True)


def _card(generator: str, name: str, build: Path, manifest: dict, base: str | None, licence: str, report: dict, seconds: float,
          training: dict) -> str:
    from ..data.stats import build_stats

    stats = build_stats(build)
    lines = [f"# {generator} - {name} (trained on your own library)", "",
             f"**Licence: {licence}**", "",
             f"* **Data:** build `{manifest['config']['name']}` ({build}); "
             + ", ".join(f"{split} {s['takes']} takes / {s['hours']:.2f} h" for split, s in stats["splits"].items()) + ".",
             f"* **Start:** {'fine-tuned from the shipped ' + repr(base) + ' pack (its tokenizer and feature normalisation kept)' if base else 'trained from scratch'}.",
             "* **Training:** " + ", ".join(f"{stage} {result.get('step')} steps" for stage, result in report["stages"].items())
             + f" on {next((training[s].get('device') for s in report['stages'] if isinstance(training.get(s), dict) and training[s].get('device')), 'unknown')}; "
             f"{seconds / 60:.1f} min in all.",
             "* **Use:** set *Extra Models* (add-on preferences) to the folder that holds this pack's generator folder and pick this pack.", ""]
    return "\n".join(lines)


def _train(args: argparse.Namespace) -> int:
    build = _resolve(args.build)
    name = args.name or build.name
    stages = tuple(s.strip() for s in args.stages.split(",") if s.strip()) if args.stages else None
    train_library(build=build, generator=args.generator, models=args.models, name=name, base=args.base, steps=args.steps, minutes=args.minutes,
                  batch=args.batch, device=args.device, log=lambda message: print(message, file=sys.stderr), stages=stages)
    return 0
