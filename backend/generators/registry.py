"""The registry of generators: name -> loader. Packs live in
``backend/assets/<generator>/<pack>/``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch

ASSETS = Path(__file__).resolve().parents[1] / "assets"
SentenceVectors = Callable[[Sequence[str]], np.ndarray]


def pack_folder(generator: str, pack: str = "default") -> Path:
    return ASSETS / generator / pack


def load_generator(name: str, *, pack: str = "default", sentence_vectors: SentenceVectors, device: torch.device):
    if name == "momask":
        from .momask.generator import MoMaskGenerator

        return MoMaskGenerator.load(pack_folder("momask", pack), sentence_vectors=sentence_vectors, device=device)
    raise ValueError(f"unknown generator {name!r}; registered: {sorted(GENERATORS)}")


GENERATORS = {"momask": "MoMask (masked transformer over residual VQ tokens)"}
