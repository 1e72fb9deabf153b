"""Lower-precision inference on the CPU, for generators whose fast path
allows it (a generator's ``accelerate()`` decides).

On a CPU with native bfloat16 arithmetic (oneDNN reports it: AVX512-BF16 or
AMX), matrix products in bfloat16 run about twice as fast as in float32; on
other CPUs bfloat16 is emulated and slower, so it is never used there."""

from __future__ import annotations

import contextlib

import torch


def cpu_has_native_bf16() -> bool:
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # a build without oneDNN
        return False


def bf16(device: torch.device, on: bool):
    """A context computing the network's matrix products in bfloat16 on
    ``device`` (float32 accumulation) when ``on``; nothing otherwise."""
    if not on:
        return contextlib.nullcontext()
    return torch.autocast(device.type, dtype=torch.bfloat16, cache_enabled=False)
