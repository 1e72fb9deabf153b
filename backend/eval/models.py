"""Evaluator networks: a motion encoder and a text head mapped into one
embedding space (contrastive, InfoNCE), and label recognisers.

Choice (documented in docs/evaluator.md): Guo et al. 2022 train a GRU motion
encoder against a GloVe bi-GRU text encoder with a margin loss; this product
has no GloVe/CLIP and uses frozen all-MiniLM-L6-v2 sentence vectors, so the
evaluator follows the contrastive InfoNCE variant (TMR-style, symmetric
cross-entropy over in-batch pairs with negatives that share the positive's
text group masked out). A transformer motion encoder reads the normalised
263-d features; embeddings are L2-normalised, so distances lie in [0, 2].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F


@dataclass(frozen=True)
class MotionEncoderConfig:
    feature_dim: int = 263
    width: int = 256
    layers: int = 4
    heads: int = 4
    ff: int = 1024
    dropout: float = 0.1
    max_frames: int = 256
    out_dim: int = 256


class MotionEncoder(nn.Module):
    """(B, T, 263) normalised features + (B, T) valid mask -> (B, out_dim)."""

    def __init__(self, config: MotionEncoderConfig) -> None:
        super().__init__()
        self.config = config
        self.input = nn.Linear(config.feature_dim, config.width)
        self.cls = nn.Parameter(torch.zeros(1, 1, config.width))
        self.position = nn.Parameter(torch.randn(1, config.max_frames + 1, config.width) * 0.02)
        layer = nn.TransformerEncoderLayer(
            config.width, config.heads, config.ff, config.dropout, activation="gelu", batch_first=True, norm_first=True
        )
        self.encoder = nn.TransformerEncoder(layer, config.layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(config.width)
        self.output = nn.Linear(config.width, config.out_dim)

    def forward(self, features: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, frames, _ = features.shape
        if frames > self.config.max_frames:
            raise ValueError(f"clips longer than {self.config.max_frames} frames are not supported (got {frames})")
        x = torch.cat([self.cls.expand(batch, -1, -1), self.input(features)], dim=1)
        x = x + self.position[:, : frames + 1]
        valid = torch.cat([torch.ones(batch, 1, dtype=torch.bool, device=mask.device), mask], dim=1)
        x = self.encoder(x, src_key_padding_mask=~valid)
        return self.output(self.norm(x[:, 0]))


@dataclass(frozen=True)
class EvaluatorConfig:
    motion: MotionEncoderConfig = MotionEncoderConfig()
    text_dim: int = 384
    text_hidden: int = 512
    embed_dim: int = 256
    temperature: float = 0.07


class TextMotionEvaluator(nn.Module):
    def __init__(self, config: EvaluatorConfig) -> None:
        super().__init__()
        self.config = config
        self.motion = MotionEncoder(config.motion)
        self.text = nn.Sequential(
            nn.Linear(config.text_dim, config.text_hidden), nn.GELU(), nn.Dropout(0.1), nn.Linear(config.text_hidden, config.embed_dim)
        )
        self.register_buffer("mean", torch.zeros(config.motion.feature_dim))
        self.register_buffer("std", torch.ones(config.motion.feature_dim))

    def encode_motion(self, features: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """(B, T, 263) raw (un-normalised) features -> (B, embed) unit vectors."""
        x = (features - self.mean) / self.std
        return F.normalize(self.motion(x * mask[..., None], mask).float(), dim=-1)

    def encode_text(self, sentence_vectors: torch.Tensor) -> torch.Tensor:
        """(B, 384) text-encoder sentence vectors -> (B, embed) unit vectors."""
        return F.normalize(self.text(sentence_vectors).float(), dim=-1)

    def forward(self, features: torch.Tensor, mask: torch.Tensor, sentence_vectors: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Training entry (one call, so DistributedDataParallel sees it):
        -> text embeddings, motion embeddings."""
        return self.encode_text(sentence_vectors), self.encode_motion(features, mask)


def info_nce(text: torch.Tensor, motion: torch.Tensor, groups: torch.Tensor, temperature: float) -> torch.Tensor:
    """Symmetric InfoNCE over a batch of matching pairs; off-diagonal pairs in
    the same text group (same label or description) are not negatives."""
    logits = text @ motion.T / temperature
    same = groups[:, None] == groups[None, :]
    eye = torch.eye(len(groups), dtype=torch.bool, device=groups.device)
    logits = logits.masked_fill(same & ~eye, -math.inf)
    target = torch.arange(len(groups), device=groups.device)
    return 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))


@dataclass(frozen=True)
class RecogniserConfig:
    motion: MotionEncoderConfig = MotionEncoderConfig(width=192, layers=3, heads=4, ff=512, out_dim=192)
    contents: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()


class LabelRecogniser(nn.Module):
    """Content and style classifiers on a shared motion encoder (Bandai labels)."""

    def __init__(self, config: RecogniserConfig) -> None:
        super().__init__()
        self.config = config
        self.motion = MotionEncoder(config.motion)
        self.content = nn.Linear(config.motion.out_dim, len(config.contents))
        self.style = nn.Linear(config.motion.out_dim, len(config.styles))
        self.register_buffer("mean", torch.zeros(config.motion.feature_dim))
        self.register_buffer("std", torch.ones(config.motion.feature_dim))

    def forward(self, features: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """-> content logits (B, C), style logits (B, S)."""
        h = self.motion(((features - self.mean) / self.std) * mask[..., None], mask)
        return self.content(F.gelu(h)), self.style(F.gelu(h))
