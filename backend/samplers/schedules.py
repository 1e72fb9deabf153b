"""Diffusion noise schedules (DDPM, Ho et al. 2020) and the forward process.

``NoiseSchedule`` holds beta_t for t = 0..T-1 and the cumulative products
alpha_bar_t = prod_{s<=t} (1 - beta_s). The forward process in closed form
(DDPM eq. 4): x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class NoiseSchedule:
    betas: torch.Tensor  # (T,) float64

    @classmethod
    def linear(cls, steps: int = 1000, start: float = 1e-4, end: float = 2e-2) -> "NoiseSchedule":
        """DDPM's linear betas (scaled as in the paper for T = 1000)."""
        return cls(torch.linspace(start, end, steps, dtype=torch.float64))

    @classmethod
    def scaled_linear(cls, steps: int = 1000, start: float = 8.5e-4, end: float = 1.2e-2) -> "NoiseSchedule":
        """Linear in sqrt(beta) (latent diffusion, MLD)."""
        return cls(torch.linspace(start**0.5, end**0.5, steps, dtype=torch.float64) ** 2)

    @classmethod
    def cosine(cls, steps: int = 1000, offset: float = 8e-3) -> "NoiseSchedule":
        """Nichol & Dhariwal 2021 eq. 17, betas clipped at 0.999."""
        t = torch.arange(steps + 1, dtype=torch.float64) / steps
        f = torch.cos((t + offset) / (1 + offset) * math.pi / 2) ** 2
        return cls(torch.clamp(1 - f[1:] / f[:-1], max=0.999))

    @property
    def steps(self) -> int:
        return len(self.betas)

    @property
    def alpha_bars(self) -> torch.Tensor:
        return torch.cumprod(1 - self.betas, 0)

    def _at(self, values: torch.Tensor, t: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        out = values.to(like.device)[t].to(like.dtype)
        return out.reshape(-1, *([1] * (like.dim() - 1)))

    def add_noise(self, x0: torch.Tensor, noise: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        """q(x_t | x_0) sample: x0, noise (B, ...), t (B,) long."""
        a = self._at(self.alpha_bars, t, x0)
        return a.sqrt() * x0 + (1 - a).sqrt() * noise

    def predict_x0(self, xt: torch.Tensor, eps: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        """Invert the closed form: x0 = (x_t - sqrt(1 - a) eps) / sqrt(a)."""
        a = self._at(self.alpha_bars, t, xt)
        return (xt - (1 - a).sqrt() * eps) / a.sqrt()

    def predict_eps(self, xt: torch.Tensor, x0: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        a = self._at(self.alpha_bars, t, xt)
        return (xt - a.sqrt() * x0) / (1 - a).sqrt()
