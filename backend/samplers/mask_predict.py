"""Decoding loops for token models (MoMask section 3.3; BAMM reuses them).

``mask_predict``: iterative confidence-based unmasking (MaskGIT) of one token
layer under a cosine schedule, with classifier-free guidance.
``residual_layers``: the remaining residual-VQ layers one by one, each
predicted from the sum of the layers below it.

Both take an optional ``fixed`` (B, L) bool mask: fixed tokens are given
(editing) and never change; only the others are generated. The models are
passed in as functions, so the loops know nothing of their architecture:

* ``logits(codes (B', L), condition (B', D)) -> (B', L, V)`` for the base layer;
* ``layer_logits(codes (B', L, Q), layer (int), condition (B', D)) -> (B', L, V)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from .draws import top_k_draw
from .guidance import guided


@torch.no_grad()
def mask_predict(
    logits: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    condition: torch.Tensor,
    lengths: torch.Tensor,
    generator: torch.Generator,
    *,
    mask_id: int,
    pad_id: int,
    steps: int,
    guidance: float,
    keep_fraction: float,
    temperature: float,
    noise_length: int,
    length: int | None = None,
    source: torch.Tensor | None = None,
    fixed: torch.Tensor | None = None,
) -> torch.Tensor:
    """-> (B, L) codes. condition (B, D); lengths (B,) in tokens; ``length``
    pads every row to L tokens (default: the longest)."""
    batch = len(lengths)
    length = int(lengths.max()) if length is None else length
    device = condition.device
    padding = torch.arange(length, device=device)[None] >= lengths[:, None]
    fixed = torch.zeros(batch, length, dtype=torch.bool, device=device) if fixed is None else fixed & ~padding
    codes = torch.full((batch, length), mask_id, device=device)
    if source is not None:
        codes = torch.where(fixed, source, codes)
    codes = codes.masked_fill(padding, pad_id)
    to_fill = (~fixed & ~padding).sum(1).cpu()  # the schedule is bookkeeping: keep it on the CPU (no syncs)
    for step in range(steps):
        scores = guided(lambda c: logits(codes.repeat(2, 1), c), condition, guidance)
        ids, prob = top_k_draw(scores, generator, keep_fraction=keep_fraction, temperature=temperature, noise_length=noise_length)
        masked = codes == mask_id
        codes = torch.where(masked, ids, codes)
        # Cosine schedule: how many generated tokens stay masked after this step.
        remaining = torch.floor(to_fill.float() * math.cos(math.pi / 2 * (step + 1) / steps)).long()
        if step == steps - 1 or int(remaining.max()) == 0:
            break
        remaining = remaining.to(device)
        confidence = torch.where(masked, prob, torch.full_like(prob, math.inf))
        rank = confidence.argsort(1).argsort(1)
        codes = codes.masked_fill((rank < remaining[:, None]) & masked, mask_id)
    return codes.masked_fill(padding, pad_id)


@torch.no_grad()
def residual_layers(
    layer_logits: Callable[[torch.Tensor, int, torch.Tensor], torch.Tensor],
    base: torch.Tensor,
    condition: torch.Tensor,
    lengths: torch.Tensor,
    generator: torch.Generator,
    *,
    layers: int,
    pad_id: int,
    guidance: float,
    keep_fraction: float,
    temperature: float,
    noise_length: int,
    source: torch.Tensor | None = None,
    fixed: torch.Tensor | None = None,
) -> torch.Tensor:
    """Base codes (B, L) -> all ``layers`` layers (B, L, layers); padded positions hold 0."""
    batch, length = base.shape
    padding = torch.arange(length, device=base.device)[None] >= lengths[:, None]
    codes = torch.full((batch, length, layers), pad_id, device=base.device)
    codes[..., 0] = base.masked_fill(padding, 0)
    for layer in range(1, layers):
        scores = guided(lambda c: layer_logits(codes.repeat(2, 1, 1), layer, c), condition, guidance)
        ids, _ = top_k_draw(scores, generator, keep_fraction=keep_fraction, temperature=temperature, noise_length=noise_length)
        if source is not None and fixed is not None:
            ids = torch.where(fixed, source[..., layer], ids)
        codes[..., layer] = ids
    return codes.masked_fill(padding[..., None], 0)
