"""MLD's sampling loops over diffusion latents (standardised VAE latents):
guided DDIM (the paper's, eta 0), the few-step consistency student, and the
reconstruction guidance edits use. Pure tensor code on a model and its
inputs; nothing here draws random numbers (the generator hands in the
noise), so a loop replays as one CUDA graph."""

from __future__ import annotations

from collections.abc import Callable

import torch

from ...samplers.consistency import consistency_sample, consistency_timesteps
from ...samplers.ddim import ddim_step, timesteps
from ...samplers.guidance import combine
from ...samplers.schedules import NoiseSchedule
from .config import MLDConfig
from .networks import Denoiser


def schedule_of(config: MLDConfig) -> NoiseSchedule:
    d = config.diffusion
    return NoiseSchedule.scaled_linear(d.steps, d.beta_start, d.beta_end)


def guided_eps(net: Denoiser, z: torch.Tensor, t: int, text: torch.Tensor, guidance: float) -> torch.Tensor:
    """Classifier-free guidance in one batched pass ([text; no text])."""
    tt = torch.full((2 * len(z),), t, device=z.device, dtype=torch.long)
    return combine(net(torch.cat([z, z]), tt, torch.cat([text, torch.zeros_like(text)])), guidance)


def ddim_latents(net: Denoiser, schedule: NoiseSchedule, text: torch.Tensor, noise: torch.Tensor, *, steps: int, guidance: float,
                 correct: Callable[[torch.Tensor, int], torch.Tensor] | None = None) -> torch.Tensor:
    """Guided DDIM (eta 0) from ``noise`` (B, Z, D) -> clean latents.
    ``correct(x0, t)`` may move each step's clean estimate (edits); the
    step then continues from the moved estimate."""
    bars = schedule.alpha_bars
    points = timesteps(schedule, steps)
    x = noise
    for i, t in enumerate(points):
        previous = points[i + 1] if i + 1 < len(points) else -1
        eps = guided_eps(net, x, t, text, guidance)
        a = float(bars[t])
        x0 = (x - (1 - a) ** 0.5 * eps) / a**0.5
        if correct is not None:
            x0 = correct(x0, t)
            eps = (x - a**0.5 * x0) / (1 - a) ** 0.5
        x = ddim_step(schedule, x, x0, eps, t, previous)
    return x


def student_x0(student: Denoiser, schedule: NoiseSchedule, z: torch.Tensor, t: int, text: torch.Tensor, guidance: torch.Tensor) -> torch.Tensor:
    """The consistency function: the student's clean latent at (z_t, t) for guidance scales (B,)."""
    a = float(schedule.alpha_bars[t])
    eps = student(z, torch.full((len(z),), t, device=z.device, dtype=torch.long), text, guidance)
    return (z - (1 - a) ** 0.5 * eps) / a**0.5


def consistency_latents(student: Denoiser, schedule: NoiseSchedule, grid: int, text: torch.Tensor, noise: torch.Tensor,
                        renoise: torch.Tensor, *, steps: int, guidance: float,
                        correct: Callable[[torch.Tensor, int], torch.Tensor] | None = None) -> torch.Tensor:
    """The student's ``steps``-step sample; ``correct`` as in ``ddim_latents``.
    ``guidance`` is an input of the student, clamped to the range it was
    distilled on (``ConsistencyConfig.guidance_min/max``) by the caller."""
    scales = torch.full((len(noise),), float(guidance), device=noise.device)

    def function(z, t):
        x0 = student_x0(student, schedule, z, t, text, scales)
        return x0 if correct is None else correct(x0, t)

    return consistency_sample(function, schedule, noise, renoise, consistency_timesteps(schedule, grid, steps))


def _kept_error(decoded: torch.Tensor, target: torch.Tensor, weight: torch.Tensor, count: torch.Tensor) -> torch.Tensor:
    """Sum over the batch of each clip's mean squared error on its kept frames
    (so each clip's gradient is the one it gets alone)."""
    return (((decoded - target) ** 2 * weight).flatten(1).sum(1) / count).sum()


def reconstruction_guidance(decode: Callable[[torch.Tensor], torch.Tensor], target: torch.Tensor, keep: torch.Tensor,
                            schedule: NoiseSchedule, *, strength: float, iterations: int) -> Callable[[torch.Tensor, int], torch.Tensor]:
    """A ``correct`` for ``ddim_latents``: gradient steps on the clean
    latent that bring its decoded motion toward ``target`` (B, T, F) on the
    kept frames (``keep`` (B, T) True). Each step has RMS length
    ``strength`` times the noise level sqrt(1 - alpha_bar_t): large while the
    motion is still undecided, small at the end. Clips of a batch are
    independent: each has its own loss and step size."""
    weight = keep.to(target.dtype)[..., None]
    count = weight.flatten(1).sum(1).clamp(min=1) * target.shape[-1]
    bars = schedule.alpha_bars

    def correct(x0: torch.Tensor, t: int) -> torch.Tensor:
        size = strength * (1 - float(bars[t])) ** 0.5
        for _ in range(iterations):
            with torch.enable_grad():
                z = x0.detach().requires_grad_(True)
                (grad,) = torch.autograd.grad(_kept_error(decode(z), target, weight, count), z)
            rms = grad.pow(2).flatten(1).mean(1).sqrt().clamp(min=1e-12).view(-1, *[1] * (grad.dim() - 1))
            x0 = (z - size * grad / rms).detach()
        return x0

    return correct


def fit_latent(decode: Callable[[torch.Tensor], torch.Tensor], start: torch.Tensor, target: torch.Tensor, keep: torch.Tensor, *,
               iterations: int, lr: float = 0.02, anchor: float = 1e-3) -> torch.Tensor:
    """Optimise clean latents (Adam, ``iterations`` steps) so their decoded
    motion matches ``target`` on the kept frames, held near ``start``; each
    clip of a batch on its own loss (Adam works element by element)."""
    if iterations <= 0:
        return start
    weight = keep.to(target.dtype)[..., None]
    count = weight.flatten(1).sum(1).clamp(min=1) * target.shape[-1]
    with torch.enable_grad():
        z = start.detach().clone().requires_grad_(True)
        optimiser = torch.optim.Adam([z], lr=lr)
        for _ in range(iterations):
            loss = _kept_error(decode(z), target, weight, count) + anchor * (z - start).pow(2).flatten(1).mean(1).sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return z.detach()
