"""Clips <-> residual VQ codes, for generators built on the tokenizer
(MoMask, BAMM). ``model`` is any module with ``tokenizer``, ``normalise``
and ``denormalise``."""

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
