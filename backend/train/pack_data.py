"""A carry pack's training split on a device, for every generator's training:
normalised feature clips (``split_tensors``, padded to 200 frames), the
caption rows of each clip and the pack's caption embeddings, with text
dropped at a given rate for classifier-free guidance."""

from __future__ import annotations

import json
from pathlib import Path

import torch

from ..data.dataset import load_build
from ..data.pack import read_pack_embeddings
from ..eval.tensors import pick_captions, split_tensors
from .text_noise import move_vectors


class PackData:
    def __init__(self, pack: Path, device: torch.device, sources: tuple[str, ...] | None) -> None:
        self.caption_index, vectors, self.encoder = read_pack_embeddings(pack)
        self.table = torch.from_numpy(vectors).to(device)
        train = load_build(pack, "train")
        if sources:
            train = type(train)(train.name, tuple(i for i in train.items if i.source in sources), train.mean, train.std)
        self.train = train
        self.device = device
        self.tensors = split_tensors(train, self.caption_index, device, max_frames=200)
        mean, std = torch.from_numpy(train.mean).to(device), torch.from_numpy(train.std).to(device)
        self.tensors.features = (self.tensors.features - mean) / std
        self.manifest = json.loads((Path(pack) / "manifest.json").read_text())

    def renormalise(self, mean, std) -> bool:
        """Normalise the features with another (a pack's) mean and std, so a
        fine-tuned model keeps the scale it was trained on; True if they differ."""
        import numpy as np

        mean, std = np.asarray(mean, dtype=np.float32), np.asarray(std, dtype=np.float32)
        if np.allclose(mean, self.train.mean, rtol=1e-5, atol=1e-6) and np.allclose(std, self.train.std, rtol=1e-5, atol=1e-6):
            return False
        old_mean, old_std = torch.from_numpy(self.train.mean).to(self.device), torch.from_numpy(self.train.std).to(self.device)
        new_mean, new_std = torch.from_numpy(mean).to(self.device), torch.from_numpy(std).to(self.device)
        self.tensors.features = (self.tensors.features * old_std + old_mean - new_mean) / new_std
        self.train = type(self.train)(self.train.name, self.train.items, mean, std)
        return True

    def text(self, index: torch.Tensor, generator: torch.Generator, drop: float, noise: float = 0.0) -> torch.Tensor:
        """Sentence vectors of one random caption per chosen clip, zeroed ``drop``
        of the time, moved by ``noise`` (``move_vectors``: drawn after the
        caption and dropout draws, so a run without noise draws what it did
        before the option existed)."""
        vectors = self.table[pick_captions(self.tensors, index, generator)]
        keep = (torch.rand(len(index), generator=generator) >= drop).to(self.device)
        return move_vectors(vectors, noise, generator) * keep[:, None]

