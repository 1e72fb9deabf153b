"""MLD's per-call sampling options (defaults: the pack's ``sampling``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..configs import bounded
from ..options import SamplingOptions

SAMPLERS = ("auto", "ddim", "consistency")
FEW_STEPS = 4  # the consistency sampler's most steps


@dataclass(frozen=True)
class MLDOptions(SamplingOptions):
    guidance: float = bounded(7.5, 0.0, 50.0)  # classifier-free guidance scale (the student reads it as an input, clamped to the range it was distilled on: 2-10)
    steps: int = bounded(50, 1, 1000)  # sampling steps: 1-4 use the few-step student under "auto"
    sampler: str = "auto"  # ddim (the paper's, eta 0), consistency (the distilled student, 1-4 steps) or auto (consistency for 1-4 steps where the pack has it)
    edit_guidance: float = bounded(1.5, 0.0, 10.0)  # edits: RMS step on the clean latent toward the kept frames per sampling step, times the noise level (0: generate freely, then cross-fade; much more copies the source into the range too)
    edit_iterations: int = bounded(1, 0, 20)  # edits: gradient steps per DDIM step
    edit_polish: int = bounded(20, 0, 500)  # edits: gradient steps on the final latent

    def __post_init__(self) -> None:
        if self.sampler not in SAMPLERS:
            raise ValueError(f"sampler must be one of {', '.join(SAMPLERS)}, got {self.sampler!r}")
        if self.sampler == "consistency" and self.steps > FEW_STEPS:
            raise ValueError(f"the consistency sampler takes 1 to {FEW_STEPS} steps, got {self.steps}")
