"""Size of a transformer over residual VQ codes (``token_transformers``):
frozen, saved in the pack JSON of the generator that holds one."""

from __future__ import annotations

from dataclasses import dataclass

from ..generators.configs import bounded


@dataclass(frozen=True)
class TransformerConfig:
    width: int = bounded(384, 1, 4096)
    layers: int = bounded(6, 1, 48)
    heads: int = bounded(6, 1, 64)
    ff: int = bounded(1024, 1, 16384)
    dropout: float = bounded(0.2, 0.0, 1.0)
    max_tokens: int = bounded(50, 1, 1024)
    text_dim: int = bounded(384, 1, 4096)
    cond_drop: float = bounded(0.1, 0.0, 1.0)

    def __post_init__(self) -> None:
        if self.width % self.heads:
            raise ValueError(f"width {self.width} is not a multiple of heads {self.heads}")
