"""Sampling loops, apart from the models they drive: guidance
(``guidance``), padding-invariant categorical draws (``draws``), iterative
mask-predict and residual-layer decoding for token models (``mask_predict``),
diffusion noise schedules (``schedules``) and DDIM (``ddim``)."""
