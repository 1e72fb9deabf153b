"""Training on sentence vectors moved off the captions (``train --text-noise``).

Free prompts sit at a median cosine of ~0.77 from their nearest training
caption, test captions at ~0.99 (``runs/probes-2026-12-07c``); every
generator's text-conditioned training can move its caption vectors to about
that distance. Importing this module loads no torch (the CLIs use it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch


def move_vectors(vectors: torch.Tensor, noise: float, generator: torch.Generator) -> torch.Tensor:
    """(B, D) sentence vectors moved by isotropic Gaussian noise of ``noise``
    times their length (per dimension ``noise * |v| / sqrt(D)``), rescaled to
    their length: cosine to the original about ``1 / sqrt(1 + noise**2)``.
    ``noise`` 0: the vectors unchanged and nothing drawn."""
    if not noise > 0:
        return vectors
    import torch

    length = vectors.norm(dim=1, keepdim=True)
    moved = vectors + noise * length * torch.randn(vectors.shape, generator=generator).to(vectors.device) / vectors.shape[1] ** 0.5
    return moved * (length / moved.norm(dim=1, keepdim=True).clamp(min=1e-12))


TEXT_NOISE_HELP = ("train on sentence vectors moved by this much isotropic noise (0.8: cosine ~0.78 to the caption, where free "
                   "prompts sit from their nearest training caption, runs/probes-2026-12-07c; 0: off)")


def add_text_noise_argument(parser, help: str = TEXT_NOISE_HELP) -> None:
    """Every generator's ``train --text-noise`` (``move_vectors``)."""
    parser.add_argument("--text-noise", type=float, default=0.0, help=help)


def check_text_noise(value: float) -> float:
    if not 0.0 <= value <= 4.0:
        raise ValueError(f"text_noise must be from 0 to 4, got {value}")
    return float(value)
