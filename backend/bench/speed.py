"""Speed of a generator: average inference time per sentence (AITS) at batch
1 for 196 frames (median after warm-up), throughput at batch 32, peak memory."""

from __future__ import annotations

import resource
import statistics
import time

import torch

from ..generators.base import Generator, Prompt

PROMPT = "a person walks forward and waves with the left hand"


def measure_speed(generator: Generator, device: torch.device, *, prompt: str = PROMPT, frames: int = 196, warmup: int = 3, runs: int = 10) -> dict:
    single = [Prompt(prompt, frames)]
    for i in range(warmup):
        generator.generate(single, seed=i)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
    times = []
    for i in range(runs):
        start = time.perf_counter()
        generator.generate(single, seed=100 + i)
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        times.append(time.perf_counter() - start)
    batch = [Prompt(prompt, frames)] * 32
    start = time.perf_counter()
    generator.generate(batch, seed=7)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    batch_seconds = time.perf_counter() - start
    peak = (
        torch.cuda.max_memory_allocated(device) / 2**20
        if device.type == "cuda"
        else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    return {"prompt": prompt, "aits_s": statistics.median(times), "throughput_b32_per_s": 32 / batch_seconds, "peak_mib": peak}
