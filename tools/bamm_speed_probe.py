"""Where BAMM's batch-1, 196-frame time goes, per decoding path.

    python tools/bamm_speed_probe.py --device cuda [--path eager steps pass] [--runs 20]

Paths: ``eager`` (no acceleration), ``steps`` (``accelerate(whole_passes=False)``:
one CUDA graph replay per decoded token), ``pass`` (``accelerate(compiled=False)``:
one replay per decoding pass) and ``compiled`` (``accelerate()``, the
product's: the same with the decoding step fused by ``torch.compile``). Loads the shipped pack with the MiniLM text
encoder (on ``--text-device``, the CPU like the product's engine), times the
product path ``generate`` (median of ``--runs`` after 3 warm-ups, with
``torch.cuda.synchronize``) and separately its stages: text encoding, the
autoregressive pass, the refinement, the residual layers and the decode.
``same_codes_as_eager`` counts the seeds whose codes equal the eager path's.
On the CPU there are no graphs: ``steps`` and ``pass`` run the same
static-buffer code uncaptured (a check that it works, not a speed).

Prints one JSON line per path.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.components.token_clips import decode_each  # noqa: E402
from backend.generators.bamm.fast import GraphedDecoder, GraphedPasses  # noqa: E402
from backend.generators.bamm.generator import _streams  # noqa: E402
from backend.generators.base import Prompt  # noqa: E402
from backend.generators.registry import load_generator  # noqa: E402
from backend.generators.text_input import from_encoder, hashed_vectors  # noqa: E402
from backend.text import get_text_encoder  # noqa: E402

PROMPT = "a person walks forward and waves with the left hand"
FRAMES = 196


def _load(path: str, device: torch.device, text, pack: str):
    generator = load_generator("bamm", pack=pack, text=text, device=device)
    start = time.perf_counter()
    if device.type == "cuda":
        if path != "eager" and not generator.accelerate(whole_passes=path != "steps", compiled=path == "compiled"):
            raise RuntimeError(f"accelerate() failed for the {path} path")
        if path == "compiled" and not generator._graphed.decoder.compiled:
            raise RuntimeError("accelerate() fell back to the uncompiled passes")
    elif path == "steps":  # the per-step static cache, uncaptured
        decoder = GraphedDecoder(generator.base, graphs=False)
        generator._start, generator._feed = decoder.start, decoder.feed
    elif path in ("pass", "compiled"):  # the whole passes, uncaptured (and uncompiled: no compiler assumed on the CPU)
        generator._graphed = GraphedPasses(generator.base, graphs=False)
    return generator, time.perf_counter() - start


def _timed(device: torch.device, function):
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    start = time.perf_counter()
    out = function()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return out, (time.perf_counter() - start) * 1000


@torch.no_grad()
def _stages(generator, device: torch.device, seed: int) -> dict[str, float]:
    """One generation split at its stages (what ``_generate_windows`` and ``_codes`` do), ms each."""
    options, count = generator.defaults, FRAMES // generator.frames_per_token
    ar, refine_stream, residual_stream = _streams(seed)
    condition, text = _timed(device, lambda: generator._condition([PROMPT]))
    (tokens, probs, lengths), autoregressive = _timed(device, lambda: generator._autoregressive(condition, ar, options, [count]))
    tokens, refine = _timed(device, lambda: generator._refine(condition, tokens, probs, lengths, refine_stream, options))
    codes, residual = _timed(device, lambda: generator._residual(condition, tokens[:, :count], lengths, residual_stream, options))
    _, decode = _timed(device, lambda: decode_each(generator.model, codes, [count]))
    _, free = _timed(device, lambda: generator._autoregressive(condition, ar, options))  # estimate_frames' pass (not in generate)
    return {"text": text, "autoregressive": autoregressive, "refine": refine, "residual": residual, "decode": decode, "free_autoregressive": free}


@torch.no_grad()
def _codes(generator, seed: int) -> torch.Tensor:
    condition = generator._condition([PROMPT])
    return generator._codes(condition, [FRAMES // generator.frames_per_token], seed, generator.defaults)[:, : FRAMES // generator.frames_per_token]


def probe(path: str, device: torch.device, text, pack: str, runs: int, reference: list[torch.Tensor] | None) -> tuple[dict, list[torch.Tensor]]:
    generator, setup = _load(path, device, text, pack)
    codes = [_codes(generator, seed).cpu() for seed in range(5)]
    if runs == 0:  # the reference codes only
        return {}, codes
    prompt = [Prompt(PROMPT, FRAMES)]
    for i in range(3):
        generator.generate(prompt, seed=i)
        _stages(generator, device, i)
    total = [_timed(device, lambda: generator.generate(prompt, seed=100 + i))[1] for i in range(runs)]
    stages = [_stages(generator, device, 100 + i) for i in range(runs)]
    row = {"path": path, "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu", "torch": torch.__version__,
           "graphs": bool(generator.accelerated), "setup_s": round(setup, 3), "generate_ms": round(statistics.median(total), 3)}
    row.update({f"{name}_ms": round(statistics.median(s[name] for s in stages), 3) for name in stages[0]})
    row["stages_sum_ms"] = round(sum(row[f"{name}_ms"] for name in ("text", "autoregressive", "refine", "residual", "decode")), 3)
    if reference is not None:
        row["same_codes_as_eager"] = f"{sum(torch.equal(a, b) for a, b in zip(codes, reference))}/{len(codes)}"
    return row, codes


def profile(path: str, device: torch.device, text, pack: str, top: int = 15) -> str:
    """The GPU kernels of one ``generate`` on ``path`` (after warm-up), by total GPU time."""
    from torch.profiler import ProfilerActivity
    from torch.profiler import profile as torch_profile

    generator, _ = _load(path, device, text, pack)
    prompt = [Prompt(PROMPT, FRAMES)]
    for i in range(3):
        generator.generate(prompt, seed=i)
    torch.cuda.synchronize(device)
    with torch_profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        generator.generate(prompt, seed=7)
        torch.cuda.synchronize(device)
    events = prof.key_averages()
    kernels = sum(e.count for e in events if e.device_type == torch.autograd.DeviceType.CUDA)
    return f"# {path}: {kernels} GPU kernel launches in one generate\n" + events.table(sort_by="cuda_time_total", row_limit=top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--path", nargs="+", choices=["eager", "steps", "pass", "compiled"], default=["eager", "steps", "pass", "compiled"])
    parser.add_argument("--pack", default="default")
    parser.add_argument("--text-device", default="cpu", help="where the text encoder runs (the product: the CPU)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="CUDA: also print the top GPU kernels of one generate per path")
    args = parser.parse_args()
    device = torch.device(args.device)
    try:
        text = from_encoder(get_text_encoder("minilm", device=args.text_device))
    except FileNotFoundError as error:  # a device machine without the encoder's package: time the rest
        print(json.dumps({"text_encoder": f"hashed vectors ({error})"}), flush=True)
        text = hashed_vectors()
    reference = None
    for path in ["eager"] + [p for p in args.path if p != "eager"]:  # eager first: the codes the others are compared with
        row, codes = probe(path, device, text, args.pack, args.runs if path in args.path else 0, reference)
        if path == "eager":
            reference = codes
        if path in args.path:
            print(json.dumps(row), flush=True)
    if args.profile and device.type == "cuda":
        for path in args.path:
            print(profile(path, device, text, args.pack), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
