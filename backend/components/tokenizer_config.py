"""Config of the residual VQ tokenizer (frozen; saved in a pack's JSON)."""

from __future__ import annotations

from dataclasses import dataclass

from ..generators.configs import bounded


@dataclass(frozen=True)
class TokenizerConfig:
    feature_dim: int = bounded(263, 263, 263)
    width: int = bounded(256, 1, 4096)
    depth: int = bounded(3, 1, 16)
    dilation_growth: int = bounded(3, 1, 9)
    downsample: int = bounded(2, 0, 4)  # two stride-2 stages: 4 frames per token
    code_dim: int = bounded(256, 1, 4096)
    codebook_size: int = bounded(512, 2, 65536)
    quantizers: int = bounded(6, 1, 16)
    quantizer_dropout: float = bounded(0.2, 0.0, 1.0)
    ema_decay: float = bounded(0.99, 0.0, 1.0)
    commitment: float = bounded(0.02, 0.0, 100.0)

    @property
    def frames_per_token(self) -> int:
        return 2**self.downsample
