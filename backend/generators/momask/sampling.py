"""MoMask inference: iterative confidence-based unmasking of the base layer
with classifier-free guidance, then the residual layers one by one.

Both take an optional ``fixed`` (B, L) bool mask: fixed tokens are given
(editing) and never change; only the others are generated.
"""

from __future__ import annotations

import math

import torch

from .transformers import MaskedTransformer, ResidualTransformer


def _guided(logits_fn, text: torch.Tensor, scale: float) -> torch.Tensor:
    """CFG: uncond + scale * (cond - uncond), one batched call."""
    both = logits_fn(torch.cat([text, torch.zeros_like(text)]))
    cond, uncond = both.chunk(2)
    return uncond + scale * (cond - uncond)


def _top_k_sample(logits: torch.Tensor, generator: torch.Generator, *, keep_fraction: float, temperature: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Sample from the top ``keep_fraction`` of logits -> (ids, probabilities)."""
    k = max(1, int(math.ceil(keep_fraction * logits.shape[-1])))
    threshold = logits.topk(k, dim=-1).values[..., -1:]
    logits = logits.masked_fill(logits < threshold, -math.inf) / max(temperature, 1e-6)
    probs = logits.float().softmax(-1)
    flat = probs.reshape(-1, probs.shape[-1])
    if flat.is_cuda:
        # Draw on the GPU (no copy back, no sync) from a generator seeded by
        # the CPU one: still deterministic per seed on a given device.
        device_generator = torch.Generator(device=flat.device)
        device_generator.manual_seed(int(torch.randint(2**62, (1,), generator=generator)))
        ids = torch.multinomial(flat, 1, generator=device_generator).reshape(probs.shape[:-1])
    else:
        ids = torch.multinomial(flat, 1, generator=generator).reshape(probs.shape[:-1])
    return ids, probs.gather(-1, ids[..., None])[..., 0]


@torch.no_grad()
def sample_base(
    model: MaskedTransformer,
    text: torch.Tensor,
    lengths: torch.Tensor,
    generator: torch.Generator,
    *,
    steps: int = 10,
    guidance: float = 4.0,
    keep_fraction: float = 0.1,
    temperature: float = 1.0,
    source: torch.Tensor | None = None,
    fixed: torch.Tensor | None = None,
) -> torch.Tensor:
    """-> (B, L) base codes. text (B, D); lengths (B,) in tokens."""
    batch, length = len(lengths), int(lengths.max())
    device = text.device
    padding = torch.arange(length, device=device)[None] >= lengths[:, None]
    fixed = torch.zeros(batch, length, dtype=torch.bool, device=device) if fixed is None else fixed & ~padding
    codes = torch.full((batch, length), model.mask_id, device=device)
    if source is not None:
        codes = torch.where(fixed, source, codes)
    codes = codes.masked_fill(padding, model.pad_id)
    to_fill = (~fixed & ~padding).sum(1).cpu()  # the schedule is bookkeeping: keep it on the CPU (no syncs)
    for step in range(steps):
        logits = _guided(lambda t: model(codes.repeat(2, 1), t, padding.repeat(2, 1)), text, guidance)
        ids, prob = _top_k_sample(logits, generator, keep_fraction=keep_fraction, temperature=temperature)
        masked = codes == model.mask_id
        codes = torch.where(masked, ids, codes)
        # Cosine schedule: how many generated tokens stay masked after this step.
        remaining = torch.floor(to_fill.float() * math.cos(math.pi / 2 * (step + 1) / steps)).long()
        if step == steps - 1 or int(remaining.max()) == 0:
            break
        remaining = remaining.to(device)
        confidence = torch.where(masked, prob, torch.full_like(prob, math.inf))
        order = confidence.argsort(1)
        rank = order.argsort(1)
        remask = (rank < remaining[:, None]) & masked
        codes = codes.masked_fill(remask, model.mask_id)
    return codes.masked_fill(padding, model.pad_id)


@torch.no_grad()
def sample_residuals(
    model: ResidualTransformer,
    base: torch.Tensor,
    text: torch.Tensor,
    lengths: torch.Tensor,
    generator: torch.Generator,
    *,
    guidance: float = 5.0,
    keep_fraction: float = 0.1,
    temperature: float = 1.0,
    source: torch.Tensor | None = None,
    fixed: torch.Tensor | None = None,
) -> torch.Tensor:
    """Base codes (B, L) -> all layers (B, L, V)."""
    batch, length = base.shape
    device = base.device
    padding = torch.arange(length, device=device)[None] >= lengths[:, None]
    codes = torch.full((batch, length, model.quantizers), model.pad_id, device=device)
    codes[..., 0] = base.masked_fill(padding, 0)
    for layer in range(1, model.quantizers):
        index = torch.full((batch,), layer, device=device)
        logits = _guided(lambda t: model(codes.repeat(2, 1, 1), index.repeat(2), t, padding.repeat(2, 1)), text, guidance)
        ids, _ = _top_k_sample(logits, generator, keep_fraction=keep_fraction, temperature=temperature)
        if source is not None and fixed is not None:
            ids = torch.where(fixed, source[..., layer], ids)
        codes[..., layer] = ids
    return codes.masked_fill(padding[..., None], 0)
