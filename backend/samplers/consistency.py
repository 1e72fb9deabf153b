"""Multistep consistency sampling (Song et al. 2023; latent consistency
models, Luo et al. 2023) over a ``NoiseSchedule``.

A consistency function f(x_t, t) maps any point of a probability-flow
trajectory to its clean end. ``consistency_timesteps`` picks ``count`` points
of the DDIM grid the function was distilled on (the last one first);
``consistency_sample`` evaluates f there, re-noising the clean estimate to
the next point in between. The noise is given by the caller (drawn from the
call's seed), so the loop holds no random draws and replays as one graph.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from .schedules import NoiseSchedule


def grid_timesteps(schedule: NoiseSchedule, grid: int) -> list[int]:
    """The ``grid`` DDIM points distillation uses, ascending: skip - 1, 2 skip - 1, ..., T - 1."""
    skip = schedule.steps // grid
    if skip < 1:
        raise ValueError(f"a grid of {grid} points needs at least that many training steps, got {schedule.steps}")
    return [(j + 1) * skip - 1 for j in range(grid)]


def consistency_timesteps(schedule: NoiseSchedule, grid: int, count: int) -> list[int]:
    """``count`` points of the grid, evenly spread from its last one down (1: [T - 1])."""
    points = grid_timesteps(schedule, grid)
    if not 1 <= count <= len(points):
        raise ValueError(f"steps must be in 1..{len(points)}, got {count}")
    last = len(points) - 1
    return [points[int(round(last - i * last / count))] for i in range(count)]


def consistency_sample(function: Callable[[torch.Tensor, int], torch.Tensor], schedule: NoiseSchedule, noise: torch.Tensor,
                       renoise: torch.Tensor, timesteps: list[int]) -> torch.Tensor:
    """``function(x_t, t) -> x_0``; noise (B, ...) the start, renoise (B,
    len(timesteps) - 1, ...) the noise added back before each later step."""
    bars = schedule.alpha_bars
    x = noise
    for i, t in enumerate(timesteps):
        x0 = function(x, t)
        if i + 1 < len(timesteps):
            a = float(bars[timesteps[i + 1]])
            x = a**0.5 * x0 + (1 - a) ** 0.5 * renoise[:, i]
    return x0
