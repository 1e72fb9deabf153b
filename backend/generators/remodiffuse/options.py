"""ReMoDiffuse's per-call sampling options (defaults: the pack's ``sampling``,
searched on the validation split)."""

from __future__ import annotations

from dataclasses import dataclass

from ..configs import bounded
from ..options import SamplingOptions


@dataclass(frozen=True)
class RemoOptions(SamplingOptions):
    # The condition mixture w1 S(text, retrieval) + w2 S(text) + w3 S(retrieval) + w4 S():
    # ``guidance`` = w1 + w2 + w3 (w4 = 1 - guidance), split over the three conditioned branches by the shares (sum 1).
    guidance: float = bounded(2.5, 0.0, 50.0)
    share_text_retrieval: float = bounded(1.0, -10.0, 10.0)
    share_text: float = bounded(0.0, -10.0, 10.0)
    share_retrieval: float = bounded(0.0, -10.0, 10.0)
    steps: int = bounded(50, 1, 1000)  # DDIM steps (eta 0)
    retrieval: bool = True  # False: no database lookup at all (the ablation); branches with retrieval then see none
    bf16: bool = False  # the denoiser in bfloat16 (the CPU fast path turns it on where the CPU has bfloat16 natively)
    smooth: float = bounded(0.0, 0.0, 5.0)  # Gaussian over frames (sigma in frames) on the sample: removes the sampler's frame-to-frame jitter

    def __post_init__(self) -> None:
        total = self.share_text_retrieval + self.share_text + self.share_retrieval
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"the mixture shares must sum to 1, got {total:g}")

    @property
    def shares(self) -> tuple[float, float, float]:
        return (self.share_text_retrieval, self.share_text, self.share_retrieval)
