"""All BAMM networks of one weight pack in one module (for saving/loading):
the shared tokenizer and residual transformer, BAMM's base transformer."""

from __future__ import annotations

import torch
from torch import nn

from ...components.tokenizer import MotionTokenizer
from ...components.token_transformers import ResidualTransformer
from .config import BAMMConfig
from .transformer import BAMMTransformer


class BAMM(nn.Module):
    def __init__(self, config: BAMMConfig) -> None:
        super().__init__()
        self.config = config
        t = config.tokenizer
        self.tokenizer = MotionTokenizer(t)
        self.base = BAMMTransformer(config.base, codebook_size=t.codebook_size)
        self.residual = ResidualTransformer(config.residual, codebook_size=t.codebook_size, quantizers=t.quantizers)
        self.register_buffer("mean", torch.zeros(t.feature_dim))
        self.register_buffer("std", torch.ones(t.feature_dim))

    def normalise(self, features: torch.Tensor) -> torch.Tensor:
        return (features - self.mean) / self.std

    def denormalise(self, features: torch.Tensor) -> torch.Tensor:
        return features * self.std + self.mean
