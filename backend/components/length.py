"""The length estimator shared by generators that take a length (MoMask, MLD):
a small MLP from the sentence vector to logits over clip lengths in units of
``step`` frames (class c = c units)."""

from __future__ import annotations

import torch
from torch import nn


class LengthEstimator(nn.Module):
    """Sentence vector -> logits over token counts (class c = c tokens)."""

    def __init__(self, *, text_dim: int, classes: int, hidden: int = 256) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(text_dim, hidden), nn.LayerNorm(hidden), nn.GELU(), nn.Dropout(0.2), nn.Linear(hidden, hidden // 2), nn.GELU(), nn.Linear(hidden // 2, classes))

    def forward(self, text: torch.Tensor) -> torch.Tensor:
        return self.net(text)
