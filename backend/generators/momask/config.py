"""MoMask configuration (frozen; saved as JSON beside the weights).

Sizes are chosen for this project's data (~8 h of training motion, ~10 k
clips with mirrors, vs. HumanML3D's 29 h): a 256-wide tokenizer with 6
codebooks of 512 x 256, a 5-layer masked and a 3-layer residual transformer
of width 384: 19 M parameters (published: ~45 M), so the fp16 weights stay
under 40 MB.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class TokenizerConfig:
    feature_dim: int = 263
    width: int = 256
    depth: int = 3
    dilation_growth: int = 3
    downsample: int = 2  # two stride-2 stages: 4 frames per token
    code_dim: int = 256
    codebook_size: int = 512
    quantizers: int = 6
    quantizer_dropout: float = 0.2
    ema_decay: float = 0.99
    commitment: float = 0.02

    @property
    def frames_per_token(self) -> int:
        return 2**self.downsample


@dataclass(frozen=True)
class TransformerConfig:
    width: int = 384
    layers: int = 6
    heads: int = 6
    ff: int = 1024
    dropout: float = 0.2
    max_tokens: int = 50
    text_dim: int = 384
    cond_drop: float = 0.1


@dataclass(frozen=True)
class MoMaskConfig:
    tokenizer: TokenizerConfig = field(default_factory=TokenizerConfig)
    masked: TransformerConfig = field(default_factory=lambda: TransformerConfig(layers=5))
    residual: TransformerConfig = field(default_factory=lambda: TransformerConfig(layers=3))
    length_classes: int = 50
    max_frames: int = 196

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "MoMaskConfig":
        return cls(
            tokenizer=TokenizerConfig(**data["tokenizer"]),
            masked=TransformerConfig(**data["masked"]),
            residual=TransformerConfig(**data["residual"]),
            length_classes=data["length_classes"],
            max_frames=data["max_frames"],
        )


def tiny_config() -> MoMaskConfig:
    """A few-thousand-parameter config for contract tests on CPU."""
    return MoMaskConfig(
        tokenizer=TokenizerConfig(width=32, depth=1, code_dim=16, codebook_size=16, quantizers=3),
        masked=TransformerConfig(width=32, layers=1, heads=2, ff=64, dropout=0.0),
        residual=TransformerConfig(width=32, layers=1, heads=2, ff=64, dropout=0.0),
    )
