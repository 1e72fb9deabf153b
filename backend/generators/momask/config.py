"""MoMask configuration (frozen; saved as JSON beside the weights).

Sizes are chosen for this project's data (~8 h of training motion, ~10 k
clips with mirrors, vs. HumanML3D's 29 h): a 256-wide tokenizer with 6
codebooks of 512 x 256, a 5-layer masked and a 3-layer residual transformer
of width 384: 19 M parameters (published: ~45 M), so the fp16 weights stay
under 40 MB.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ...components.tokenizer_config import TokenizerConfig
from ...components.transformer_config import TransformerConfig
from ..configs import bounded, config_from_dict


@dataclass(frozen=True)
class MoMaskConfig:
    tokenizer: TokenizerConfig = field(default_factory=TokenizerConfig)
    masked: TransformerConfig = field(default_factory=lambda: TransformerConfig(layers=5))
    residual: TransformerConfig = field(default_factory=lambda: TransformerConfig(layers=3))
    length_classes: int = bounded(50, 1, 1024)
    max_frames: int = bounded(196, 1, 4096)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict, *, where: str = "config") -> "MoMaskConfig":
        return config_from_dict(cls, data, where=where, prefix="config.")


def tiny_config() -> MoMaskConfig:
    """A few-thousand-parameter config for contract tests on CPU."""
    return MoMaskConfig(
        tokenizer=TokenizerConfig(width=32, depth=1, code_dim=16, codebook_size=16, quantizers=3),
        masked=TransformerConfig(width=32, layers=1, heads=2, ff=64, dropout=0.0),
        residual=TransformerConfig(width=32, layers=1, heads=2, ff=64, dropout=0.0),
    )
