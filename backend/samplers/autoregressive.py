"""Decoding loops for a cached token transformer that predicts a code or END
(BAMM section 3.3: cascaded decoding).

``autoregressive``: left to right until END, which sets the length (or END
forced at a length the caller fixes). ``refill``: regenerate the tokens that
are not given, left to right, with every given token visible (the
bidirectional pass; editing is the same call with the source's tokens
given). Both guide every step with classifier-free guidance: the batch runs
as [conditional; unconditional] halves.

``autoregressive_pass`` and ``refill_pass`` are the same loops with no host
sync and fixed shapes (every step runs, the noise is given), so a whole pass
can be recorded as one CUDA graph; one step's math is one function
(``_autoregressive_step``, ``_refill_step``) shared with the eager loops, and
the noise of step j is row j of one draw in both, so a seed gives the same
tokens either way (up to float rounding).

The model is passed in as two functions, so the loops know nothing of its
architecture:

* ``start(condition (2B, D), context (2B, S) | None, visible (2B, S) | None)
  -> (state, logits (2B, V))`` runs the prefix and scores token 0;
* ``feed(state, inputs (2B, n)) -> logits (2B, n, V)`` feeds the tokens
  before the next n and scores those n.

V = codes + 1: the last class is END (so V = end_id + 1).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

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


def autoregressive_noise(batch: int, generator: torch.Generator, device: torch.device, *, end_id: int, max_tokens: int) -> torch.Tensor:
    """(B, max_tokens + 1, V): row j is step j's noise."""
    return _step_noise(batch, max_tokens + 1, end_id + 1, generator, device)


def refill_noise(tokens: torch.Tensor, generator: torch.Generator, *, end_id: int) -> torch.Tensor:
    """(B, S, V): row j is position j's noise (drawn whole whichever positions are regenerated)."""
    return _step_noise(len(tokens), tokens.shape[1], end_id + 1, generator, tokens.device)


def _autoregressive_step(logits: torch.Tensor, j: int, tokens: torch.Tensor, probs: torch.Tensor, done: torch.Tensor, noise: torch.Tensor,
                         fixed_end: torch.Tensor | None, *, end_id: int, pad_id: int, min_tokens: int, max_tokens: int, guidance: float,
                         keep_fraction: float, temperature: float) -> torch.Tensor:
    """Draw token j (written into ``tokens``/``probs``; PAD and 1 in rows already ended) -> rows ended so far."""
    batch, device = len(tokens), tokens.device
    scores = combine(logits, guidance).float()
    may_end = torch.full((batch,), j >= min_tokens, device=device) if fixed_end is None else fixed_end == j
    must_end = torch.full((batch,), j == max_tokens, device=device) if fixed_end is None else fixed_end == j
    scores[:, end_id] = scores[:, end_id].masked_fill(~may_end, -math.inf)
    scores[:, :end_id] = scores[:, :end_id].masked_fill(must_end[:, None], -math.inf)
    ids, prob = _draw(scores, noise[:, j], keep_fraction=keep_fraction, temperature=temperature)
    tokens[:, j] = torch.where(done, pad_id, ids)
    probs[:, j] = torch.where(done, 1.0, prob)
    return done | (ids == end_id)


def _autoregressive_loop(start: Callable, feed: Callable, condition: torch.Tensor, noise: torch.Tensor, fixed_end: torch.Tensor | None,
                         steps: int, early_exit: bool, **rules) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    batch, device = len(condition), condition.device
    both = torch.cat([condition, torch.zeros_like(condition)])
    tokens = torch.full((batch, rules["max_tokens"] + 1), rules["pad_id"], dtype=torch.long, device=device)
    probs = torch.ones(batch, rules["max_tokens"] + 1, device=device)
    done = torch.zeros(batch, dtype=torch.bool, device=device)
    state, logits = start(both, None, None)
    for j in range(steps):
        if j:
            logits = feed(state, tokens[:, j - 1: j].repeat(2, 1))[:, -1]
        done = _autoregressive_step(logits, j, tokens, probs, done, noise, fixed_end, **rules)
        if early_exit and (j + 1) % CHECK_EVERY == 0 and bool(done.all()):
            break
    ended = tokens == rules["end_id"]
    return tokens, probs, ended.float().argmax(1)


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
    noise = autoregressive_noise(len(condition), generator, condition.device, end_id=end_id, max_tokens=max_tokens)
    fixed_end = None if lengths is None else lengths.to(condition.device)
    steps = max_tokens + 1 if fixed_end is None else min(max_tokens, int(fixed_end.max())) + 1  # one sync when the length is given
    return _autoregressive_loop(start, feed, condition, noise, fixed_end, steps, fixed_end is None, end_id=end_id, pad_id=pad_id,
                                min_tokens=min_tokens, max_tokens=max_tokens, guidance=guidance, keep_fraction=keep_fraction,
                                temperature=temperature)


@torch.no_grad()
def autoregressive_pass(start: Callable, feed: Callable, condition: torch.Tensor, noise: torch.Tensor, *, lengths: torch.Tensor | None = None,
                        **rules) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """``autoregressive`` with ``noise`` (``autoregressive_noise``) given and
    no host sync: all max_tokens + 1 steps run (no early exit; rows that
    ended are padded, so the result is the same)."""
    return _autoregressive_loop(start, feed, condition, noise, lengths, rules["max_tokens"] + 1, False, **rules)


def _refill_step(logits: torch.Tensor, j: int, tokens: torch.Tensor, probs: torch.Tensor, given: torch.Tensor, noise: torch.Tensor, *,
                 end_id: int, guidance: float, keep_fraction: float, temperature: float) -> None:
    """Draw a code at position j of the rows where it is not given (in place)."""
    scores = combine(logits, guidance).float()
    scores[:, end_id:] = -math.inf
    ids, prob = _draw(scores, noise[:, j], keep_fraction=keep_fraction, temperature=temperature)
    tokens[:, j] = torch.where(given[:, j], tokens[:, j], ids)
    probs[:, j] = torch.where(given[:, j], 1.0, prob)


def _refill_loop(start: Callable, feed: Callable, condition: torch.Tensor, tokens: torch.Tensor, given: torch.Tensor, noise: torch.Tensor,
                 positions: Iterable[int], *, mask_id: int, **rules) -> tuple[torch.Tensor, torch.Tensor]:
    both = torch.cat([condition, torch.zeros_like(condition)])
    tokens = tokens.clone()
    probs = torch.ones(tokens.shape, device=tokens.device)
    context = torch.where(given, tokens, mask_id)
    state, logits = start(both, context.repeat(2, 1), given.repeat(2, 1))
    for j in positions:
        if j:
            logits = feed(state, tokens[:, state.fed: j].repeat(2, 1))[:, -1]
        _refill_step(logits, j, tokens, probs, given, noise, **rules)
    return tokens, probs


@torch.no_grad()
def refill(
    start: Callable, feed: Callable, condition: torch.Tensor, tokens: torch.Tensor, given: torch.Tensor, generator: torch.Generator, *,
    mask_id: int, end_id: int, guidance: float, keep_fraction: float, temperature: float,
) -> tuple[torch.Tensor, torch.Tensor]:
    """tokens (B, S) with END and PAD in place; given (B, S) True where a
    token is kept (END and PAD must be given) -> (tokens with the others
    regenerated as codes, probability of each drawn token (1 where given))."""
    noise = refill_noise(tokens, generator, end_id=end_id)
    needed = torch.nonzero((~given).any(0))[:, 0].tolist()  # one sync: which positions any row regenerates
    return _refill_loop(start, feed, condition, tokens, given, noise, needed, mask_id=mask_id, end_id=end_id, guidance=guidance,
                        keep_fraction=keep_fraction, temperature=temperature)


@torch.no_grad()
def refill_pass(start: Callable, feed: Callable, condition: torch.Tensor, tokens: torch.Tensor, given: torch.Tensor, noise: torch.Tensor,
                **rules) -> tuple[torch.Tensor, torch.Tensor]:
    """``refill`` with ``noise`` (``refill_noise``) given and no host sync:
    every position is scored, one stream position at a time (given ones
    keep their token)."""
    return _refill_loop(start, feed, condition, tokens, given, noise, range(tokens.shape[1]), **rules)
