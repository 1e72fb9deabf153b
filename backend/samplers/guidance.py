"""Classifier-free guidance (Ho & Salimans 2022): uncond + s * (cond - uncond)."""

from __future__ import annotations

from collections.abc import Callable

import torch


def guided(forward: Callable[[torch.Tensor], torch.Tensor], condition: torch.Tensor, scale: float) -> torch.Tensor:
    """``forward(condition batch)`` run once on [condition; zeros] (the
    unconditional half uses an all-zero condition) -> guided output."""
    both = forward(torch.cat([condition, torch.zeros_like(condition)]))
    cond, uncond = both.chunk(2)
    return uncond + scale * (cond - uncond)


def combine(both: torch.Tensor, scale: float) -> torch.Tensor:
    """Outputs of a [conditional; unconditional] batch -> guided output."""
    cond, uncond = both.chunk(2)
    return uncond + scale * (cond - uncond)
