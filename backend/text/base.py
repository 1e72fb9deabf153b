"""What every text encoder of the backend provides.

A generator is trained on the features of one encoder and must be run with the
same one: its checkpoint stores ``encoder.describe()`` and loading calls
``check_compatible(recorded, encoder)``, which refuses another model or other
weights.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import torch

_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class TextFeatures:
    """Features of a batch of B texts.

    ``pooled``: (B, D) float32, one L2-normalised vector per text.
    ``tokens``: (B, L, D) float32 per-token features (padded positions hold
    whatever the model computed there; use ``mask``).
    ``mask``: (B, L) bool, True on real tokens (special tokens included).
    """

    pooled: torch.Tensor
    tokens: torch.Tensor
    mask: torch.Tensor

    def __len__(self) -> int:
        return int(self.pooled.shape[0])


def sha256_of_files(paths: Iterable[str | Path]) -> str:
    """sha256 hex of the bytes of ``paths`` read one after the other."""
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(_HASH_CHUNK), b""):
                digest.update(chunk)
    return digest.hexdigest()


class TextEncoder(ABC):
    """A frozen sentence encoder.

    Subclasses set ``id`` (class attribute), ``dim`` (D of ``TextFeatures``) and
    ``max_tokens`` (L upper bound, special tokens included), list their weight
    files in ``weight_files()`` and implement ``encode``.
    """

    id: str = ""
    dim: int = 0
    max_tokens: int = 0

    _weight_hash: str | None = None

    @abstractmethod
    def weight_files(self) -> list[Path]:
        """The files whose bytes identify the weights, in a fixed order."""

    @abstractmethod
    def encode(self, texts: list[str]) -> TextFeatures:
        """Encode ``texts`` (B strings) without gradients, in eval mode."""

    @abstractmethod
    def to(self, device: str | torch.device) -> "TextEncoder":
        """Move the model to ``device``; returns self."""

    @property
    @abstractmethod
    def device(self) -> torch.device:
        """Where the model and the returned features live."""

    def weight_hash(self) -> str:
        """sha256 hex of the weight file(s); computed once per instance."""
        if self._weight_hash is None:
            self._weight_hash = sha256_of_files(self.weight_files())
        return self._weight_hash

    def describe(self) -> dict:
        """What a checkpoint records about the encoder it was trained with."""
        return {"id": self.id, "dim": int(self.dim), "weight_hash": self.weight_hash()}


def check_compatible(recorded: dict, encoder: TextEncoder) -> None:
    """Raise ``ValueError`` unless ``encoder`` is the one ``recorded`` describes.

    ``recorded`` is a ``describe()`` dict stored with a checkpoint; id, dim and
    weight hash must all match.
    """
    if not isinstance(recorded, dict):
        raise ValueError(f"recorded text encoder must be a dict from describe(), got {type(recorded).__name__}")
    current = encoder.describe()
    missing = [key for key in current if key not in recorded]
    if missing:
        raise ValueError(f"recorded text encoder lacks {missing}: {recorded!r}")
    wrong = [key for key in current if str(recorded[key]) != str(current[key])]
    if wrong:
        details = ", ".join(f"{key}: recorded {recorded[key]!r}, current {current[key]!r}" for key in wrong)
        raise ValueError(
            f"checkpoint was trained with text encoder {recorded['id']!r} but "
            f"{current['id']!r} is loaded ({details}); use the encoder and weights it was trained with"
        )
