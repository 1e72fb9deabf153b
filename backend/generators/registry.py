"""The registry of generators: name -> loader. Packs live in
``backend/assets/<generator>/<pack>/``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch

ASSETS = Path(__file__).resolve().parents[1] / "assets"
SentenceVectors = Callable[[Sequence[str]], np.ndarray]


def pack_folder(generator: str, pack: str = "default", *, root: Path | str | None = None) -> Path:
    """``<root>/<generator>/<pack>``; a user folder (``root``) wins where it
    holds that pack, else the bundled assets."""
    if root is not None and (Path(root) / generator / pack).is_dir():
        return Path(root) / generator / pack
    return ASSETS / generator / pack


def load_generator(name: str, *, pack: str = "default", sentence_vectors: SentenceVectors, device: torch.device, root: Path | str | None = None):
    if name == "momask":
        from .momask.generator import MoMaskGenerator

        return MoMaskGenerator.load(pack_folder("momask", pack, root=root), sentence_vectors=sentence_vectors, device=device)
    raise ValueError(f"unknown generator {name!r}; registered: {sorted(GENERATORS)}")


GENERATORS = {"momask": "MoMask (masked transformer over residual VQ tokens)"}
