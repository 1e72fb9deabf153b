"""All MoMask networks of one weight pack in one module (for saving/loading)."""

from __future__ import annotations

import torch
from torch import nn

from ...components.length import LengthEstimator
from ...components.tokenizer import MotionTokenizer
from .config import MoMaskConfig
from ...components.token_transformers import MaskedTransformer, ResidualTransformer


class MoMask(nn.Module):
    def __init__(self, config: MoMaskConfig) -> None:
        super().__init__()
        self.config = config
        t = config.tokenizer
        self.tokenizer = MotionTokenizer(t)
        self.masked = MaskedTransformer(config.masked, codebook_size=t.codebook_size)
        self.residual = ResidualTransformer(config.residual, codebook_size=t.codebook_size, quantizers=t.quantizers)
        self.length = LengthEstimator(text_dim=config.masked.text_dim, classes=config.length_classes)
        self.register_buffer("mean", torch.zeros(t.feature_dim))
        self.register_buffer("std", torch.ones(t.feature_dim))

    def normalise(self, features: torch.Tensor) -> torch.Tensor:
        return (features - self.mean) / self.std

    def denormalise(self, features: torch.Tensor) -> torch.Tensor:
        return features * self.std + self.mean
