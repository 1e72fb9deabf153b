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


def measure_studio_speed(generator: str, device: str, *, fast_path: bool, pack: str = "default", models: str = "", frames: int = 196,
                         warmup: int = 3, runs: int = 10, steps: int | None = None) -> dict:
    """Seconds per generation on the product's own path: ``studio.motion.generate``
    (what the Blender operator and the CLI call) with the text encoder, the
    engine's model cache and, with ``fast_path``, the generator's fast path
    on this device (CUDA: graph replay; CPU: bfloat16 where allowed); 196 frames at 20 fps, batch 1, median after warm-up; ``steps``:
    the sidebar's steps value (None: the pack's default)."""
    from ..motion.timebase import FPS
    from ..studio import motion
    from ..studio.engine import Engine, Settings

    engine = Engine()
    settings = Settings(device=device, pack=pack, models_folder=models, fast_path=fast_path)
    # One generation, as the speed targets are defined: the prompt is a composite, which the
    # product would make clause by clause (two generations; ``studio.compose``).
    run = dict(generator=generator, prompt=PROMPT, scene_frames=frames, fps=float(FPS), options=motion.Options(steps=steps, compose=False))
    start = time.perf_counter()
    motion.generate(engine, settings, seed=0, **run)
    load = time.perf_counter() - start
    for i in range(1, warmup):
        motion.generate(engine, settings, seed=i, **run)
    times = []
    for i in range(runs):
        start = time.perf_counter()
        motion.generate(engine, settings, seed=100 + i, **run)
        times.append(time.perf_counter() - start)
    model = engine.generator(generator, settings)
    return {"aits_s": statistics.median(times), "first_call_s": load, "fast_path_on": bool(getattr(model, "accelerated", False) or getattr(model, "bf16", False))}
