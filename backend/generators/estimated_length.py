"""``EstimatedLength``: the length methods of a generator whose pack holds a
``LengthEstimator`` (``model.length``: sentence vector -> classes of
``model.config.length_step`` frames) and whose ``_condition(texts)`` gives
the sentence vectors on its device (MLD, ReMoDiffuse)."""

from __future__ import annotations

import math

import torch


class EstimatedLength:
    def _length_logits(self, texts) -> torch.Tensor:
        step = self.model.config.length_step
        logits = self.model.length(self._condition(texts)).float().cpu()
        logits[:, : math.ceil(self.min_frames / step)] = -torch.inf
        logits[:, self.max_frames // step + 1:] = -torch.inf
        return logits

    @torch.no_grad()
    def estimate_frames(self, texts, *, seed: int) -> list[int]:
        """Sample a length per text from the length estimator."""
        generator = torch.Generator().manual_seed(seed)
        units = torch.multinomial(self._length_logits(texts).softmax(-1), 1, generator=generator)[:, 0]
        return [min(int(u) * self.model.config.length_step, self.max_frames) for u in units]

    @torch.no_grad()
    def most_likely_frames(self, texts) -> list[int]:
        return [min(int(u) * self.model.config.length_step, self.max_frames) for u in self._length_logits(texts).argmax(-1)]
