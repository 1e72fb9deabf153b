"""Clips <-> residual VQ codes, for generators built on the tokenizer
(MoMask, BAMM). ``model`` is any module with ``tokenizer``, ``normalise``
and ``denormalise`` (``encode_all``: and a ``config`` with ``tokenizer`` and
``max_frames``)."""

from __future__ import annotations

import math

import numpy as np
import torch


@torch.no_grad()
def encode_clip(model, features: np.ndarray, device: torch.device) -> torch.Tensor:
    """(T, 263) features -> (1, ceil(T / step), Q) codes (the last frame repeated to fill)."""
    step = model.tokenizer.config.frames_per_token
    tokens = math.ceil(len(features) / step)
    padded = np.concatenate([features, np.repeat(features[-1:], tokens * step - len(features), 0)])
    x = model.normalise(torch.from_numpy(padded).float().to(device))[None]
    return model.tokenizer.encode(x)


@torch.no_grad()
def decode_each(model, codes: torch.Tensor, tokens: list[int]) -> list[np.ndarray]:
    """codes (B, L, Q) -> one (tokens[i] * step, 263) array per row, each clip
    decoded at its own token count (clips of one length share a call)."""
    out: list[np.ndarray | None] = [None] * len(tokens)
    for count in sorted(set(tokens)):
        rows = [i for i, t in enumerate(tokens) if t == count]
        decoded = model.denormalise(model.tokenizer.decode(codes[rows, :count])).float().cpu().numpy()
        for k, i in enumerate(rows):
            out[i] = decoded[k]
    return out


@torch.no_grad()
def encode_all(model, data) -> tuple[torch.Tensor, torch.Tensor]:
    """Codes (N, max_frames // step, Q) (padded with 0) and token counts (N,)
    of every clip of ``data`` (``tensors.features`` normalised, ``tensors.lengths``,
    ``device``), clips of one token count encoded together."""
    step = model.config.tokenizer.frames_per_token
    max_tokens = model.config.max_frames // step
    tokens = torch.clamp(data.tensors.lengths // step, max=max_tokens)
    codes = torch.zeros(len(tokens), max_tokens, model.config.tokenizer.quantizers, dtype=torch.long, device=data.device)
    model.tokenizer.eval()
    for count in tokens.unique().tolist():
        rows = torch.nonzero(tokens == count)[:, 0]
        for chunk in rows.split(512):
            codes[chunk, :count] = model.tokenizer.encode(data.tensors.features[chunk, : count * step])
    return codes, tokens
