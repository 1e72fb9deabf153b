"""DDIM sampling (Song et al. 2021, eq. 12) over a ``NoiseSchedule``.

``timesteps(schedule, n)`` picks n evenly spaced training steps from T - 1
down to 0;
``ddim_step`` moves x_t to x_{t_prev} given the model's x0 and eps
estimates; ``ddim_sample`` runs the loop with a model function returning
either eps or x0 (``prediction``). With eta = 0 the sampler is
deterministic given the initial noise.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from .schedules import NoiseSchedule


def timesteps(schedule: NoiseSchedule, count: int) -> list[int]:
    if not 1 <= count <= schedule.steps:
        raise ValueError(f"steps must be in 1..{schedule.steps}, got {count}")
    # Evenly spaced from the last training step down to 0 (one step: the last).
    last = schedule.steps - 1
    return [int(round(last - i * last / max(count - 1, 1))) for i in range(count)] if count > 1 else [last]


def ddim_step(schedule: NoiseSchedule, xt: torch.Tensor, x0: torch.Tensor, eps: torch.Tensor, t: int, t_prev: int, *,
              eta: float = 0.0, noise: torch.Tensor | None = None) -> torch.Tensor:
    """x_t -> x_{t_prev} (t_prev < 0: return x0)."""
    if t_prev < 0:
        return x0
    bars = schedule.alpha_bars
    a, a_prev = float(bars[t]), float(bars[t_prev])
    sigma = eta * ((1 - a_prev) / (1 - a) * (1 - a / a_prev)) ** 0.5
    direction = (1 - a_prev - sigma**2) ** 0.5 * eps
    out = a_prev**0.5 * x0 + direction
    if sigma > 0:
        out = out + sigma * (torch.randn_like(xt) if noise is None else noise)
    return out


@torch.no_grad()
def ddim_sample(model: Callable[[torch.Tensor, torch.Tensor], torch.Tensor], schedule: NoiseSchedule, noise: torch.Tensor, *,
                steps: int, prediction: str = "eps", eta: float = 0.0, generator: torch.Generator | None = None,
                after_step: Callable[[torch.Tensor, int], torch.Tensor] | None = None) -> torch.Tensor:
    """``model(x_t (B, ...), t (B,)) -> eps or x0`` -> x_0. ``after_step(x, t_prev)``
    may replace the state after each step (editing: known frames re-noised)."""
    if prediction not in ("eps", "x0"):
        raise ValueError("prediction must be 'eps' or 'x0'")
    x = noise
    ts = timesteps(schedule, steps)
    for i, t in enumerate(ts):
        t_prev = ts[i + 1] if i + 1 < len(ts) else -1
        tt = torch.full((len(x),), t, device=x.device, dtype=torch.long)
        out = model(x, tt)
        if prediction == "eps":
            eps, x0 = out, schedule.predict_x0(x, out, tt)
        else:
            x0, eps = out, schedule.predict_eps(x, out, tt)
        extra = None
        if eta > 0 and t_prev >= 0:
            extra = torch.randn(x.shape, generator=generator, device="cpu").to(x.device, x.dtype) if generator is not None else None
        x = ddim_step(schedule, x, x0, eps, t, t_prev, eta=eta, noise=extra)
        if after_step is not None:
            x = after_step(x, t_prev)
    return x
