"""Decoding loops for a cached token transformer that predicts a code or END
(BAMM section 3.3: cascaded decoding).

``autoregressive``: left to right until END, which sets the length (or END
forced at a length the caller fixes). ``refill``: regenerate the tokens that
are not given, left to right, with every given token visible (the
bidirectional pass; editing is the same call with the source's tokens
given). Both guide every step with classifier-free guidance: the batch runs
as [conditional; unconditional] halves.

The model is passed in as two functions, so the loops know nothing of its
architecture:

* ``start(condition (2B, D), context (2B, S) | None, visible (2B, S) | None)
  -> (state, logits (2B, V))`` runs the prefix and scores token 0;
* ``feed(state, inputs (2B, n)) -> logits (2B, n, V)`` feeds the tokens
  before the next n and scores those n.

V = codes + 1: the last class is END.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from .draws import top_k_draw, uniform_noise
from .guidance import combine

# A free-length pass asks the GPU whether every row has ended only every
# CHECK_EVERY steps, so the CPU queues steps ahead instead of waiting on each
# (rows that ended are padded, so the extra steps change nothing).
CHECK_EVERY = 4


def _draw(logits: torch.Tensor, noise: torch.Tensor, *, keep_fraction: float, temperature: float) -> tuple[torch.Tensor, torch.Tensor]:
    ids, prob = top_k_draw(logits[:, None], None, keep_fraction=keep_fraction, temperature=temperature, noise_length=1, noise=noise[:, None])
    return ids[:, 0], prob[:, 0]


def _step_noise(batch: int, steps: int, classes: int, generator: torch.Generator, device: torch.device) -> torch.Tensor:
    """(B, steps, V) uniform noise for a whole loop, drawn in one call (one
    seed of a device generator on the GPU: no copy or sync per step)."""
    return uniform_noise((batch, steps, classes), generator, device, noise_length=steps)


@torch.no_grad()
def autoregressive(
    start: Callable, feed: Callable, condition: torch.Tensor, generator: torch.Generator, *,
    end_id: int, pad_id: int, min_tokens: int, max_tokens: int, guidance: float, keep_fraction: float, temperature: float,
    lengths: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """-> (tokens (B, max_tokens + 1): codes, END at each row's length, PAD
    after; probability of each drawn token (B, max_tokens + 1); lengths (B,)
    in codes). ``lengths`` given: END is forced there (the caller's length),
    else the model ends each row between ``min_tokens`` and ``max_tokens``."""
    batch, device = len(condition), condition.device
    both = torch.cat([condition, torch.zeros_like(condition)])
    tokens = torch.full((batch, max_tokens + 1), pad_id, dtype=torch.long, device=device)
    probs = torch.ones(batch, max_tokens + 1, device=device)
    done = torch.zeros(batch, dtype=torch.bool, device=device)
    fixed_end = None if lengths is None else lengths.to(device)
    state, logits = start(both, None, None)
    noise = _step_noise(batch, max_tokens + 1, logits.shape[-1], generator, device)
    steps = max_tokens + 1 if fixed_end is None else min(max_tokens, int(fixed_end.max())) + 1  # one sync when the length is given
    for j in range(steps):
        if j:
            logits = feed(state, tokens[:, j - 1: j].repeat(2, 1))[:, -1]
        scores = combine(logits, guidance).float()
        may_end = torch.full((batch,), j >= min_tokens, device=device) if fixed_end is None else fixed_end == j
        must_end = torch.full((batch,), j == max_tokens, device=device) if fixed_end is None else fixed_end == j
        scores[:, end_id] = scores[:, end_id].masked_fill(~may_end, -math.inf)
        scores[:, :end_id] = scores[:, :end_id].masked_fill(must_end[:, None], -math.inf)
        ids, prob = _draw(scores, noise[:, j], keep_fraction=keep_fraction, temperature=temperature)
        tokens[:, j] = torch.where(done, pad_id, ids)
        probs[:, j] = torch.where(done, 1.0, prob)
        done = done | (ids == end_id)
        if fixed_end is None and (j + 1) % CHECK_EVERY == 0 and bool(done.all()):
            break
    ended = tokens == end_id
    return tokens, probs, ended.float().argmax(1)


@torch.no_grad()
def refill(
    start: Callable, feed: Callable, condition: torch.Tensor, tokens: torch.Tensor, given: torch.Tensor, generator: torch.Generator, *,
    mask_id: int, end_id: int, guidance: float, keep_fraction: float, temperature: float,
) -> tuple[torch.Tensor, torch.Tensor]:
    """tokens (B, S) with END and PAD in place; given (B, S) True where a
    token is kept (END and PAD must be given) -> (tokens with the others
    regenerated as codes, probability of each drawn token (1 where given))."""
    both = torch.cat([condition, torch.zeros_like(condition)])
    tokens = tokens.clone()
    probs = torch.ones(tokens.shape, device=tokens.device)
    context = torch.where(given, tokens, mask_id)
    state, logits = start(both, context.repeat(2, 1), given.repeat(2, 1))
    needed = torch.nonzero((~given).any(0))[:, 0].tolist()  # one sync: which positions any row regenerates
    noise = _step_noise(len(tokens), len(needed), logits.shape[-1], generator, tokens.device) if needed else None
    for n, j in enumerate(needed):
        if j:
            logits = feed(state, tokens[:, state.fed: j].repeat(2, 1))[:, -1]
        scores = combine(logits, guidance).float()
        scores[:, end_id:] = -math.inf
        ids, prob = _draw(scores, noise[:, n], keep_fraction=keep_fraction, temperature=temperature)
        tokens[:, j] = torch.where(given[:, j], tokens[:, j], ids)
        probs[:, j] = torch.where(given[:, j], 1.0, prob)
    return tokens, probs
