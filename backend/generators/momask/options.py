"""MoMask's per-call sampling options (defaults: the pack's ``sampling``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..configs import bounded
from ..options import SamplingOptions


@dataclass(frozen=True)
class MoMaskOptions(SamplingOptions):
    base_guidance: float = bounded(4.0, 0.0, 50.0)  # CFG scale of the masked transformer
    residual_guidance: float = bounded(5.0, 0.0, 50.0)  # CFG scale of the residual transformer
    steps: int = bounded(10, 1, 100)  # mask-predict iterations for the base layer
    keep_fraction: float = bounded(0.1, 0.001, 1.0)  # top-k: the most likely fraction of codes kept
    temperature: float = bounded(1.0, 0.01, 10.0)
