"""Sanity generators that prove the benchmark and give FID its floors: the
real test motion of each prompt (must score like the real row); a random
training motion (must score clearly worse: the floor a generator must beat);
the training motion whose caption is nearest to the prompt (the retrieval
baseline); a random validation clip (real motion of other takes: the FID two
real samples of this data score against each other)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..data.items import TextMotionSplit
from ..generators.base import Prompt


def _fit(features: np.ndarray, frames: int) -> np.ndarray:
    if len(features) >= frames:
        return features[:frames]
    return np.concatenate([features, np.repeat(features[-1:], frames - len(features), axis=0)])


def _loop(features: np.ndarray, frames: int) -> np.ndarray:
    """Cut, or repeat the clip's features (velocities and local poses, so the
    root keeps travelling) until ``frames``."""
    reps = -(-frames // len(features))
    return np.concatenate([features] * reps)[:frames]


class RealMotion:
    name = "sanity_real"

    def __init__(self, test: TextMotionSplit) -> None:
        self.by_name = {item.name: item.features for item in test.items}
        self.fallback = test.items[0].features  # for prompts without an item (speed runs)

    def generate(self, prompts: Sequence[Prompt], *, seed: int) -> list[np.ndarray]:
        return [_fit(self.by_name.get(p.item, self.fallback), p.frames) for p in prompts]


class RandomTrainingMotion:
    name = "sanity_random_train"

    def __init__(self, train: TextMotionSplit) -> None:
        self.features = [item.features for item in train.items]

    def generate(self, prompts: Sequence[Prompt], *, seed: int) -> list[np.ndarray]:
        rng = np.random.default_rng(seed)
        return [_fit(self.features[rng.integers(len(self.features))], p.frames) for p in prompts]


class Reconstruction:
    """A tokenizer's or VAE's reconstruction of the real test motion (the
    reconstruction row): ``generator.reconstruct(features)`` of each item."""

    def __init__(self, generator, test: TextMotionSplit) -> None:
        self.name = generator.name + "_recon"
        self.generator = generator
        self.real = RealMotion(test)

    def generate(self, prompts: Sequence[Prompt], *, seed: int) -> list[np.ndarray]:
        return [self.generator.reconstruct(f) for f in self.real.generate(prompts, seed=seed)]


class RetrievalMotion:
    """The retrieval baseline: for each prompt, the training clip with the
    caption whose sentence vector is nearest (cosine) to the prompt's, cut or
    looped to the length."""

    name = "sanity_retrieval"

    def __init__(self, train: TextMotionSplit, vectors) -> None:
        self.features = [item.features for item in train.items]
        captions = [(c, n) for n, item in enumerate(train.items) for c in item.captions]
        table = np.asarray(vectors([c for c, _ in captions]), dtype=np.float32)
        self.table = table / np.linalg.norm(table, axis=1, keepdims=True).clip(min=1e-8)
        self.owner = np.array([n for _, n in captions])
        self.vectors = vectors

    def generate(self, prompts: Sequence[Prompt], *, seed: int) -> list[np.ndarray]:
        query = np.asarray(self.vectors([p.text for p in prompts]), dtype=np.float32)
        query = query / np.linalg.norm(query, axis=1, keepdims=True).clip(min=1e-8)
        nearest = self.owner[(query @ self.table.T).argmax(1)]
        return [_loop(self.features[n], p.frames) for n, p in zip(nearest, prompts)]


class ValidationMotion(RandomTrainingMotion):
    """Real motion of other takes: a random validation clip per prompt, cut
    or held to the length (the real-vs-real FID floor)."""

    name = "sanity_real_val"
