"""BAMM configuration (frozen; saved as JSON beside the weights).

The tokenizer and the residual transformer come from a token model's pack
(the paper reuses MoMask's; ``registry.SHARES_WITH`` names the
generator): a BAMM pack is trained on top of such a pack and either holds
copies of those networks or reads them from it (``weights``). The base
transformer has the masked transformer's size (width 384, 5 layers); its
sequence is [text, 50 condition slots, 49 stream positions].
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ...components.tokenizer_config import TokenizerConfig
from ..configs import ConfigError, bounded, config_from_dict
from ...components.transformer_config import TransformerConfig


@dataclass(frozen=True)
class BaseConfig:
    width: int = bounded(384, 1, 4096)
    layers: int = bounded(5, 1, 48)
    heads: int = bounded(6, 1, 64)
    ff: int = bounded(1024, 1, 16384)
    dropout: float = bounded(0.2, 0.0, 1.0)
    max_tokens: int = bounded(50, 2, 1024)  # codes of the longest clip + its END
    text_dim: int = bounded(384, 1, 4096)
    cond_drop: float = bounded(0.1, 0.0, 1.0)  # text dropped (classifier-free guidance)
    bidirectional: float = bounded(0.5, 0.0, 1.0)  # share of training samples with visible conditions
    max_visible: float = bounded(0.5, 0.0, 1.0)  # scattered conditions: up to this share of the codes visible
    max_corrupt: float = bounded(0.5, 0.0, 1.0)  # stream inputs replaced by random codes at a rate U(0, this)

    def __post_init__(self) -> None:
        if self.width % self.heads:
            raise ValueError(f"width {self.width} is not a multiple of heads {self.heads}")


@dataclass(frozen=True)
class BAMMConfig:
    tokenizer: TokenizerConfig = field(default_factory=TokenizerConfig)
    base: BaseConfig = field(default_factory=BaseConfig)
    residual: TransformerConfig = field(default_factory=lambda: TransformerConfig(layers=3))
    max_frames: int = bounded(196, 1, 4096)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict, *, where: str = "config") -> "BAMMConfig":
        return config_from_dict(cls, data, where=where, prefix="config.")

    @classmethod
    def sharing(cls, shared: dict, *, where: str = "config") -> "BAMMConfig":
        """A BAMM on top of the shared generator's config (its ``tokenizer``,
        ``residual`` and ``max_frames``), with the default base transformer."""
        if not isinstance(shared, dict):
            raise ConfigError(f"{where}: config must be an object")
        picked = {k: shared[k] for k in ("tokenizer", "residual", "max_frames") if k in shared}
        return cls.from_dict({**picked, "base": asdict(BaseConfig())}, where=where)


def tiny_config() -> BAMMConfig:
    """A few-thousand-parameter config for contract tests on CPU."""
    return BAMMConfig(
        tokenizer=TokenizerConfig(width=32, depth=1, code_dim=16, codebook_size=16, quantizers=3),
        base=BaseConfig(width=32, layers=1, heads=2, ff=64, dropout=0.0),
        residual=TransformerConfig(width=32, layers=1, heads=2, ff=64, dropout=0.0),
    )
