"""What a generator receives for its prompts.

A ``TextInput`` is a callable ``texts -> TextBatch``. Generators whose spec
says ``text_input = "pooled"`` read ``pooled`` (B, D); ``"tokens"``
generators read ``tokens`` (B, L, D) and ``mask`` (B, L), True on real
tokens. Text encoders are injected this way, never loaded inside a model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TextBatch:
    pooled: np.ndarray
    tokens: np.ndarray | None = None
    mask: np.ndarray | None = None


TextInput = Callable[[Sequence[str]], TextBatch]


def from_encoder(encoder, kind: str = "pooled") -> TextInput:
    """A ``backend.text`` encoder as a text input (``kind``: pooled or tokens)."""

    def encode(texts: Sequence[str]) -> TextBatch:
        features = encoder.encode(list(texts))
        pooled = features.pooled.float().cpu().numpy()
        if kind == "pooled":
            return TextBatch(pooled)
        return TextBatch(pooled, features.tokens.float().cpu().numpy(), features.mask.cpu().numpy().astype(bool))

    return encode


def from_vectors(vectors: Callable[[Sequence[str]], np.ndarray]) -> TextInput:
    """Sentence vectors (e.g. a pack's stored caption embeddings) as a pooled-only input."""
    return lambda texts: TextBatch(np.asarray(vectors(list(texts)), dtype=np.float32))


def hashed_vectors(dim: int = 384) -> TextInput:
    """Deterministic random sentence vectors seeded by the text (the tiny
    random-weight generators of the contract tests: no encoder needed)."""
    return lambda texts: TextBatch(np.stack([np.random.default_rng(sum(map(ord, t))).normal(size=dim) for t in texts]).astype(np.float32))
