"""Sanity generators that prove the benchmark: one returns the real test
motion of each prompt (must score like the real row), one returns a random
training motion (must score clearly worse)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..data.items import TextMotionSplit
from ..generators.base import Prompt


def _fit(features: np.ndarray, frames: int) -> np.ndarray:
    if len(features) >= frames:
        return features[:frames]
    return np.concatenate([features, np.repeat(features[-1:], frames - len(features), axis=0)])


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
