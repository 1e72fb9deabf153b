"""Where a generator's batch-1 time goes on a GPU, and what the fast path buys.

    python tools/speed_probe.py --model remodiffuse [--pack default] [--models DIR] [--compile]

Prints the median time of one 196-frame generation (batch 1), the GPU's busy
time inside it (CPU-bound when much smaller), the top operators by CPU time,
and with ``--compile`` the same for the fast path (``accelerate()``: CUDA
graphs, and ``torch.compile`` where the generator uses it). Uses a fixed random sentence vector, so no
text encoder is needed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.generators.base import Prompt  # noqa: E402
from backend.generators.registry import load_generator  # noqa: E402
from backend.generators.text_input import TextBatch  # noqa: E402


def _median(generator, runs: int = 20) -> float:
    prompt = [Prompt("probe", 196)]
    for i in range(3):
        generator.generate(prompt, seed=i)
    times = []
    for i in range(runs):
        torch.cuda.synchronize()
        start = time.perf_counter()
        generator.generate(prompt, seed=100 + i)
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _profile(generator, label: str) -> None:
    """One 196-frame generation under the profiler: the GPU's busy time, the
    kernels launched one by one and replayed in graphs, and the top operators
    by host time (where the rest of the wall time goes)."""
    from torch.profiler import ProfilerActivity, profile

    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        generator.generate([Prompt("probe", 196)], seed=7)
        torch.cuda.synchronize()
    events = prof.key_averages()
    cuda_total = sum(e.self_device_time_total for e in events) / 1000
    launched = sum(e.count for e in events if e.key.startswith("cudaLaunchKernel"))
    replays = sum(e.count for e in events if e.key.startswith("cudaGraphLaunch"))
    kernels = sum(e.count for e in events if e.device_type == torch.autograd.DeviceType.CUDA and e.self_device_time_total > 0)
    print(f"{label}: GPU busy time in one generation {cuda_total:.2f} ms; kernels launched one by one {launched}, "
          f"graph replays {replays}, GPU kernels run {kernels}")
    print(events.table(sort_by="self_cpu_time_total", row_limit=18))
    print(events.table(sort_by="self_device_time_total", row_limit=12))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pack", default="default")
    parser.add_argument("--model", default=None, help="a registered generator (default: the first)")
    parser.add_argument("--models", default=None, help="a folder of weight packs (<generator>/<pack>/) besides the bundled ones")
    parser.add_argument("--compile", action="store_true", help="also time the fast path (accelerate(): CUDA-graph replay)")
    parser.add_argument("--fused", action="store_true", help="with --compile: accelerate(compiled=True) (ReMoDiffuse: the denoiser "
                        "through torch.compile inside its graphs)")
    args = parser.parse_args()
    vector = np.random.default_rng(0).normal(size=(1, 384)).astype(np.float32)
    device = torch.device("cuda")
    from backend.generators.registry import names

    generator = load_generator(args.model or names()[0], pack=args.pack, text=lambda texts: TextBatch(np.repeat(vector, len(texts), 0)), device=device,
                               root=args.models)
    print(f"{torch.cuda.get_device_name(device)}, torch {torch.__version__}")
    print(f"eager median: {_median(generator) * 1000:.2f} ms")
    _profile(generator, "eager")
    if args.compile:
        start = time.perf_counter()
        eager = generator.generate([Prompt("probe", 120)], seed=11)[0]
        on = generator.accelerate(compiled=True) if args.fused else generator.accelerate()
        if on:
            fast = generator.generate([Prompt("probe", 120)], seed=11)[0]
            print(f"fast vs eager, same seed, 120 frames: max |feature difference| {np.abs(fast - eager).max():.2e}")
        print(f"fast path {'on' if on else 'FAILED (eager)'}{', compiled: ' + str(getattr(generator, 'compiled', None)) if args.fused else ''}: median {_median(generator) * 1000:.2f} ms (warm-up {time.perf_counter() - start:.2f} s)")
        if on:
            _profile(generator, "fast path")
    return 0


if __name__ == "__main__":
    sys.exit(main())
