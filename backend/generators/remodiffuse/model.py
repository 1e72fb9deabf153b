"""All ReMoDiffuse networks of one weight pack in one module (for saving and
loading): the denoiser with its text and retrieval encoders, the length
estimator, the feature normalisation and the principal components the
retrieved motions are stored on (the retrieval database itself is a separate
file: ``database.py``)."""

from __future__ import annotations

import torch
from torch import nn

from ...components.length import LengthEstimator
from .config import RemoConfig
from .networks import Denoiser


class ReMoDiffuse(nn.Module):
    def __init__(self, config: RemoConfig) -> None:
        super().__init__()
        self.config = config
        d, r = config.denoiser, config.retrieval
        self.denoiser = Denoiser(d, r, config.retrieved_frames)
        self.length = LengthEstimator(text_dim=d.text_dim, classes=config.length_classes)
        self.register_buffer("mean", torch.zeros(d.feature_dim))
        self.register_buffer("std", torch.ones(d.feature_dim))
        self.register_buffer("basis", torch.zeros(r.components, d.feature_dim))
        self.register_buffer("basis_centre", torch.zeros(d.feature_dim))

    def normalise(self, features: torch.Tensor) -> torch.Tensor:
        return (features - self.mean) / self.std

    def denormalise(self, features: torch.Tensor) -> torch.Tensor:
        return features * self.std + self.mean
