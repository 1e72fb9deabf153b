"""Latency of one prompt at batch 1, for ``text bench``."""

from __future__ import annotations

import os
import platform
import statistics
import time

import torch

from .base import TextEncoder


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure_latency(encoder: TextEncoder, prompts: list[str], repeats: int = 50, warmup: int = 5) -> dict:
    """Seconds per ``encoder.encode([prompt])`` call, cycling through ``prompts``.

    ``warmup`` untimed calls come first, then ``repeats`` timed ones; returns
    median and p90 seconds with the conditions they were taken under.
    """
    if not prompts or repeats < 1:
        raise ValueError("need at least one prompt and one repeat")
    synchronise = torch.cuda.synchronize if encoder.device.type == "cuda" else (lambda: None)
    for index in range(warmup):
        encoder.encode([prompts[index % len(prompts)]])
    synchronise()
    timings = []
    for index in range(repeats):
        start = time.perf_counter()
        encoder.encode([prompts[index % len(prompts)]])
        synchronise()
        timings.append(time.perf_counter() - start)
    return {
        "encoder": encoder.id,
        "weight_hash": encoder.weight_hash(),
        "batch_size": 1,
        "prompts": len(prompts),
        "repeats": repeats,
        "warmup": warmup,
        "median_s": statistics.median(timings),
        "p90_s": _percentile(timings, 0.9),
        "min_s": min(timings),
        "device": str(encoder.device),
        "torch_threads": torch.get_num_threads(),
        "torch_version": torch.__version__,
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
