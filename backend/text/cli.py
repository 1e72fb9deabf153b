"""``text`` subcommands: ``text encode "<prompt>"`` and ``text bench``.

``add_parser(subparsers)`` registers them; each sets ``handler`` (args -> exit
code) through ``set_defaults``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

import torch

BENCH_PROMPTS = [
    "a person walks forward and stops.",
    "a man jumps up twice with both feet.",
    "someone runs in a circle counterclockwise.",
    "a person waves with the right hand.",
    "the person sits down on a chair and stands back up.",
    "a woman kicks with her left leg.",
    "a person crouches and then jumps forward.",
    "someone walks backwards slowly.",
    "a man throws a ball overhand with his right arm.",
    "a person turns around to the left and walks away.",
    "the figure dances, swaying the hips from side to side.",
    "a person climbs up a ladder.",
    "someone stumbles, regains balance and keeps walking.",
    "a person picks up an object from the floor with both hands.",
    "a man does jumping jacks.",
    "a person punches forward with the left fist, then the right.",
    "someone walks on a balance beam with arms stretched out.",
    "a person bows politely.",
    "a boxer shuffles his feet and throws a quick jab.",
    "a person walks up stairs, turns, and walks back down.",
]


def _encoder_from_args(args: argparse.Namespace):
    from . import get_text_encoder

    kwargs = {"device": args.device}
    if args.encoder == "clip":
        if not args.checkpoint:
            raise ValueError("--encoder clip needs --checkpoint PATH (a local CLIP file such as ViT-B-32.pt)")
        kwargs["checkpoint"] = args.checkpoint
    elif args.checkpoint:
        kwargs["model_dir"] = args.checkpoint
    return get_text_encoder(args.encoder, **kwargs)


def _encode(args: argparse.Namespace) -> int:
    encoder = _encoder_from_args(args)
    features = encoder.encode([args.prompt])
    pooled = features.pooled[0].cpu()
    values = ", ".join(f"{v:+.6f}" for v in pooled[: args.show].tolist())
    print(f"encoder      {encoder.id}")
    print(f"weight hash  {encoder.weight_hash()}")
    print(f"tokens       {int(features.mask[0].sum())} of {features.tokens.shape[1]} (dim {encoder.dim})")
    print(f"pooled[:{args.show}]  [{values}]")
    print(f"norm         {float(pooled.norm()):.6f}")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from .latency import measure_latency

    if args.threads:
        torch.set_num_threads(args.threads)
    encoder = _encoder_from_args(args)
    result = {
        "command": " ".join(["python -m backend", *sys.argv[1:]]) if sys.argv else "text bench",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        **measure_latency(encoder, BENCH_PROMPTS, repeats=args.repeats, warmup=args.warmup),
    }
    text = json.dumps(result, indent=2)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encoder", default="minilm", choices=["minilm", "clip"])
    parser.add_argument("--checkpoint", help="clip: the checkpoint file; minilm: a model directory override")
    parser.add_argument("--device", default="cpu")


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``text`` command group to an ``argparse`` subparsers object."""
    text = subparsers.add_parser("text", help="text encoders: encode a prompt, measure latency")
    commands = text.add_subparsers(dest="text_command", required=True)

    encode = commands.add_parser("encode", help="encode one prompt and show its vector")
    encode.add_argument("prompt")
    encode.add_argument("--show", type=int, default=8, help="how many leading values to print")
    _common(encode)
    encode.set_defaults(handler=_encode)

    bench = commands.add_parser("bench", help="latency per prompt at batch 1")
    bench.add_argument("--repeats", type=int, default=50)
    bench.add_argument("--warmup", type=int, default=5)
    bench.add_argument("--threads", type=int, default=0, help="torch threads (0: leave as is)")
    bench.add_argument("--out", help="write the JSON result here too")
    _common(bench)
    bench.set_defaults(handler=_bench)
    return text
