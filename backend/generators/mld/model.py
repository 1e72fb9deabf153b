"""All MLD networks of one weight pack in one module (for saving/loading):
the VAE, the denoiser, the few-step student (when the config has one), the
length estimator, and the feature and latent normalisation."""

from __future__ import annotations

import torch
from torch import nn

from ...components.length import LengthEstimator
from .config import MLDConfig
from .networks import Denoiser, MotionVAE


class MLD(nn.Module):
    def __init__(self, config: MLDConfig) -> None:
        super().__init__()
        self.config = config
        v = config.vae
        self.vae = MotionVAE(v)
        self.denoiser = Denoiser(config.denoiser, latent_tokens=v.latent_tokens, latent_dim=v.latent_dim)
        self.student = (Denoiser(config.denoiser, latent_tokens=v.latent_tokens, latent_dim=v.latent_dim, guided=True)
                        if config.consistency.enabled else None)
        self.length = LengthEstimator(text_dim=config.denoiser.text_dim, classes=config.length_classes)
        self.register_buffer("mean", torch.zeros(v.feature_dim))
        self.register_buffer("std", torch.ones(v.feature_dim))
        # Diffusion runs on latents standardised per dimension (statistics of the training latents).
        self.register_buffer("latent_mean", torch.zeros(v.latent_tokens, v.latent_dim))
        self.register_buffer("latent_std", torch.ones(v.latent_tokens, v.latent_dim))

    def normalise(self, features: torch.Tensor) -> torch.Tensor:
        return (features - self.mean) / self.std

    def denormalise(self, features: torch.Tensor) -> torch.Tensor:
        return features * self.std + self.mean

    def to_diffusion(self, latent: torch.Tensor) -> torch.Tensor:
        return (latent - self.latent_mean) / self.latent_std

    def from_diffusion(self, z: torch.Tensor) -> torch.Tensor:
        return z * self.latent_std + self.latent_mean
