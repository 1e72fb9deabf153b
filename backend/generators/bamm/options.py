"""BAMM's per-call sampling options (defaults: the pack's ``sampling``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..configs import bounded
from ..options import SamplingOptions


@dataclass(frozen=True)
class BAMMOptions(SamplingOptions):
    guidance: float = bounded(4.0, 0.0, 50.0)  # CFG scale of the autoregressive pass (it also sets the length)
    refine_guidance: float = bounded(3.0, 0.0, 50.0)  # CFG scale of the bidirectional refinement pass
    residual_guidance: float = bounded(2.5, 0.0, 50.0)  # CFG scale of the residual transformer (the shared network's, tuned on validation)
    refine_passes: int = bounded(1, 0, 50)  # bidirectional passes after the autoregressive one (0: none)
    remask: float = bounded(0.5, 0.0, 1.0)  # fraction of the least confident tokens each refinement regenerates
    keep_fraction: float = bounded(0.1, 0.001, 1.0)  # top-k: the most likely fraction of codes kept
    temperature: float = bounded(1.0, 0.01, 10.0)
    overlap_tokens: int = bounded(12, 1, 40)  # long motion: tokens of the previous window the next one continues from
