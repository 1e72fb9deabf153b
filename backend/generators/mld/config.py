"""MLD configuration (frozen; saved as JSON beside the weights).

Sizes follow the paper (width 256, 4 heads, FF 1024, GELU, long skips, one
256-d latent token) with fewer layers than its 9, so that the VAE, the
denoiser, the few-step student and the length estimator fit one pack of at
most 40 MB in fp16 (the paper's networks alone are ~26 M parameters, 52 MB):
encoder 3, decoder 7 (the decoder makes every frame the artist sees; the
encoder serves only training, reconstruction and edits), denoiser 5 (its
sequence is three tokens), student 5 (a copy of the denoiser it is distilled
from, plus a guidance-scale embedding).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..configs import bounded, config_from_dict


@dataclass(frozen=True)
class VAEConfig:
    feature_dim: int = bounded(263, 1, 4096)
    width: int = bounded(256, 1, 4096)
    encoder_layers: int = bounded(3, 1, 49)  # odd: input blocks, a middle one, output blocks with long skips
    decoder_layers: int = bounded(7, 1, 49)
    heads: int = bounded(4, 1, 64)
    ff: int = bounded(1024, 1, 16384)
    dropout: float = bounded(0.1, 0.0, 1.0)
    latent_tokens: int = bounded(1, 1, 64)
    latent_dim: int = bounded(256, 1, 4096)
    kl_weight: float = bounded(1e-4, 0.0, 1.0)
    max_frames: int = bounded(196, 1, 4096)

    def __post_init__(self) -> None:
        if self.width % self.heads:
            raise ValueError(f"width {self.width} is not a multiple of heads {self.heads}")
        if self.encoder_layers % 2 == 0 or self.decoder_layers % 2 == 0:
            raise ValueError("encoder_layers and decoder_layers must be odd (long skips pair the blocks around a middle one)")


@dataclass(frozen=True)
class DenoiserConfig:
    width: int = bounded(256, 1, 4096)
    layers: int = bounded(5, 1, 49)
    heads: int = bounded(4, 1, 64)
    ff: int = bounded(1024, 1, 16384)
    dropout: float = bounded(0.1, 0.0, 1.0)
    text_dim: int = bounded(384, 1, 4096)
    cond_drop: float = bounded(0.1, 0.0, 1.0)  # empty text for classifier-free guidance

    def __post_init__(self) -> None:
        if self.width % self.heads:
            raise ValueError(f"width {self.width} is not a multiple of heads {self.heads}")
        if self.layers % 2 == 0:
            raise ValueError("denoiser layers must be odd (long skips)")


@dataclass(frozen=True)
class DiffusionConfig:
    steps: int = bounded(1000, 2, 100000)
    beta_start: float = bounded(8.5e-4, 1e-8, 0.5)  # scaled linear (latent diffusion)
    beta_end: float = bounded(1.2e-2, 1e-8, 0.999)


@dataclass(frozen=True)
class ConsistencyConfig:
    """Latent consistency distillation (MotionLCM): a student that maps any
    point of the teacher's guided DDIM trajectory to its end in 1-4 steps."""

    enabled: bool = True
    grid: int = bounded(50, 2, 1000)  # the teacher's DDIM grid the student is distilled on (skip = steps / grid)
    guidance_min: float = bounded(2.0, 0.0, 50.0)  # guidance scales drawn in training: the range it accepts
    guidance_max: float = bounded(10.0, 0.0, 50.0)
    target_ema: float = bounded(0.95, 0.0, 1.0)


@dataclass(frozen=True)
class MLDConfig:
    vae: VAEConfig = field(default_factory=VAEConfig)
    denoiser: DenoiserConfig = field(default_factory=DenoiserConfig)
    diffusion: DiffusionConfig = field(default_factory=DiffusionConfig)
    consistency: ConsistencyConfig = field(default_factory=ConsistencyConfig)
    length_classes: int = bounded(50, 2, 1024)  # length estimator: classes of ``length_step`` frames
    length_step: int = bounded(4, 1, 64)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict, *, where: str = "config") -> "MLDConfig":
        return config_from_dict(cls, data, where=where, prefix="config.")

    @property
    def max_frames(self) -> int:
        return self.vae.max_frames


def tiny_config() -> MLDConfig:
    """A few-thousand-parameter config for contract tests on CPU."""
    return MLDConfig(
        vae=VAEConfig(width=32, encoder_layers=1, decoder_layers=1, heads=2, ff=64, dropout=0.0, latent_dim=16),
        denoiser=DenoiserConfig(width=32, layers=1, heads=2, ff=64, dropout=0.0),
    )
