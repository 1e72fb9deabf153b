"""Sampling loops, apart from the models they drive: guidance
(``guidance``), padding-invariant categorical draws (``draws``), iterative
mask-predict and residual-layer decoding for token models (``mask_predict``),
autoregressive and refill decoding with END for cached token models
(``autoregressive``),
diffusion noise schedules (``schedules``) and DDIM (``ddim``)."""
