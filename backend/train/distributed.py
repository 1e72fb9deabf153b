"""Data-parallel setup through the standard launcher (``torchrun``).

``torchrun --nproc-per-node N -m backend train ...`` sets RANK / WORLD_SIZE /
LOCAL_RANK; without them everything runs in one process. NCCL on CUDA,
gloo on CPU.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class DistContext:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    device: torch.device = torch.device("cpu")

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def enabled(self) -> bool:
        return self.world_size > 1


def pick_device(preference: str = "auto", local_rank: int = 0) -> torch.device:
    if preference == "cpu" or (preference == "auto" and not torch.cuda.is_available()):
        return torch.device("cpu")
    if not torch.cuda.is_available():
        raise ValueError("CUDA was requested but no CUDA device is available")
    return torch.device("cuda", local_rank)


def init_distributed(device: str = "auto") -> DistContext:
    """Join the process group when launched by torchrun; else a one-process context."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    chosen = pick_device(device, local_rank)
    if world_size > 1 and not dist.is_initialized():
        if chosen.type == "cuda":
            torch.cuda.set_device(chosen)
        dist.init_process_group(backend="nccl" if chosen.type == "cuda" else "gloo")
    return DistContext(rank, world_size, local_rank, chosen)


def shutdown() -> None:
    """Leave the process group together: a rank that tears gloo down while
    another still talks to it can abort at exit."""
    if dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def shard(items: list, ctx: DistContext) -> list:
    """This rank's share of ``items`` (every rank gets the same count)."""
    if not ctx.enabled:
        return items
    per_rank = len(items) // ctx.world_size
    return items[ctx.rank * per_rank:(ctx.rank + 1) * per_rank]
