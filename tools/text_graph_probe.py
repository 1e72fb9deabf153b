"""Time MiniLM at batch 1 on a device, eager and on its CUDA-graph fast path
(``MiniLMEncoder.accelerate``), and check both give the same vectors:
``python tools/text_graph_probe.py [--device cuda] [--runs 50]``. Prints one
JSON line (medians in ms, largest differences)."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from backend.bench.speed import PROMPT  # noqa: E402
from backend.text import get_text_encoder  # noqa: E402

PROMPTS = [PROMPT, "a person walks", "someone jumps up and down three times, then sits on the floor with crossed legs and waves with the right hand"]


def _median_ms(encoder, prompt: str, runs: int, sync) -> float:
    for _ in range(3):
        encoder.encode([prompt])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        encoder.encode([prompt])
        sync()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    encoder = get_text_encoder("minilm", device=args.device)
    sync = torch.cuda.synchronize if encoder.device.type == "cuda" else (lambda: None)
    eager = {p: encoder.encode([p]) for p in PROMPTS}
    row = {"device": torch.cuda.get_device_name() if encoder.device.type == "cuda" else "cpu",
           "eager_ms": {str(len(encoder.tokenizer.encode_batch([p], 256)[0][0])): _median_ms(encoder, p, args.runs, sync) for p in PROMPTS}}
    row["accelerated"] = encoder.accelerate()
    row["fast_ms"] = {str(len(encoder.tokenizer.encode_batch([p], 256)[0][0])): _median_ms(encoder, p, args.runs, sync) for p in PROMPTS}
    fast = {p: encoder.encode([p]) for p in PROMPTS}
    row["max_pooled_diff"] = max(float((eager[p].pooled - fast[p].pooled).abs().max()) for p in PROMPTS)
    row["max_token_diff"] = max(float((eager[p].tokens - fast[p].tokens).abs().max()) for p in PROMPTS)
    row["shapes_equal"] = all(eager[p].tokens.shape == fast[p].tokens.shape and torch.equal(eager[p].mask, fast[p].mask) for p in PROMPTS)
    print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
