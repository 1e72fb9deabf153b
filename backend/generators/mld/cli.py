"""``python -m backend mld train`` (see ``train``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ...train.text_noise import add_text_noise_argument


def add_parser(subparsers) -> None:
    group = subparsers.add_parser("mld", help="train MLD weight packs")
    commands = group.add_subparsers(dest="mld_command", metavar="ACTION")
    train = commands.add_parser("train", help="train stages on a carry pack; resumable (weights/ holds the pack)")
    train.add_argument("--pack", type=Path, required=True, help="carry pack of a build (python -m backend data pack)")
    train.add_argument("--out", type=Path, required=True, help="run folder: <stage>_run/ (checkpoints, log) and weights/ (the pack)")
    train.add_argument("--stages", default="vae,length,denoiser,consistency")
    train.add_argument("--sources", help="train on these sources only, e.g. cmu (commercial pack)")
    for stage, default in (("vae", 30000), ("length", 3000), ("denoiser", 30000), ("consistency", 4000)):
        train.add_argument(f"--{stage}-steps", type=int, default=default, help="0: as many as fit the time box")
        train.add_argument(f"--{stage}-minutes", type=float, help=f"time box of the {stage} stage")
    train.add_argument("--latent-tokens", type=int, help="latent size ablation: tokens of the VAE latent (default 1)")
    train.add_argument("--latent-dim", type=int, help="latent size ablation: dimensions per latent token (default 256)")
    train.add_argument("--no-student", action="store_true", help="a pack without the few-step student (ablation runs)")
    train.add_argument("--batch", type=int, default=128)
    train.add_argument("--validate-every", type=int, default=500)
    train.add_argument("--device", default="auto", choices=("auto", "cuda", "cpu"))
    add_text_noise_argument(train)
    train.set_defaults(handler=_train)
    trim = commands.add_parser("trim", help="copy a pack keeping only some stages' networks (less to carry to a training call)")
    trim.add_argument("--pack", type=Path, required=True, help="a pack folder (mld.json + mld-*.safetensors)")
    trim.add_argument("--out", type=Path, required=True, help="folder for the trimmed pack, e.g. .carry/mld-default/weights")
    trim.add_argument("--keep", required=True, help="stages whose networks stay, e.g. vae,length; the others retrain from scratch")
    trim.set_defaults(handler=_trim)
    group.set_defaults(handler=lambda args: group.print_help())


def _train(args: argparse.Namespace) -> int:
    import dataclasses

    from .config import MLDConfig
    from .train import STAGES, train_mld

    stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise ValueError(f"unknown stage(s) {unknown}; choose from {STAGES}")
    steps = {s: getattr(args, f"{s}_steps") for s in STAGES}
    minutes = {s: getattr(args, f"{s}_minutes") for s in STAGES if getattr(args, f"{s}_minutes") is not None}
    config = None
    if args.latent_tokens or args.latent_dim or args.no_student:
        base = MLDConfig()
        vae = dataclasses.replace(base.vae, latent_tokens=args.latent_tokens or base.vae.latent_tokens, latent_dim=args.latent_dim or base.vae.latent_dim)
        config = dataclasses.replace(base, vae=vae, consistency=dataclasses.replace(base.consistency, enabled=not args.no_student))
    sources = tuple(args.sources.split(",")) if args.sources else None
    report = train_mld(args.pack, args.out, stages=stages, steps=steps, batch=args.batch, device=args.device, minutes=minutes,
                       sources=sources, config=config, validate_every=args.validate_every,
                       text_noise=args.text_noise)
    print(json.dumps(report, indent=1, default=str))
    return 0


def _trim(args: argparse.Namespace) -> int:
    from .train import trim_pack

    meta = trim_pack(args.pack, args.out, tuple(s.strip() for s in args.keep.split(",") if s.strip()))
    size = sum(f.stat().st_size for f in Path(args.out).glob("mld-*.safetensors"))
    print(f"{args.out}: stages {sorted(meta['training'])}, {size / 1e6:.1f} MB of weights")
    return 0
