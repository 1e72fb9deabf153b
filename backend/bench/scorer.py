"""Evaluator-side helpers for the benchmark: embed texts and motions, recognise labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch

from ..eval.models import LabelRecogniser, TextMotionEvaluator
from ..eval.tensors import pad_features

MAX_FRAMES = 200


class Scorer:
    def __init__(
        self,
        *,
        evaluator: TextMotionEvaluator,
        recogniser: LabelRecogniser,
        sentence_vectors: Callable[[Sequence[str]], np.ndarray],
        device: torch.device,
        batch: int = 256,
    ) -> None:
        self.evaluator = evaluator.to(device).eval()
        self.recogniser = recogniser.to(device).eval()
        self.sentence_vectors = sentence_vectors
        self.device = device
        self.batch = batch

    def _chunks(self, features: Sequence[np.ndarray]):
        for start in range(0, len(features), self.batch):
            chunk = [f[:MAX_FRAMES] for f in features[start:start + self.batch]]
            padded, lengths = pad_features(chunk, max(len(f) for f in chunk))
            mask = torch.arange(padded.shape[1])[None, :] < torch.from_numpy(lengths)[:, None]
            yield torch.from_numpy(padded).to(self.device), mask.to(self.device)

    @torch.no_grad()
    def motions(self, features: Sequence[np.ndarray]) -> np.ndarray:
        return np.concatenate([self.evaluator.encode_motion(x, m).cpu().numpy() for x, m in self._chunks(features)])

    @torch.no_grad()
    def texts(self, captions: Sequence[str]) -> np.ndarray:
        vectors = torch.from_numpy(np.asarray(self.sentence_vectors(captions), dtype=np.float32)).to(self.device)
        return self.evaluator.encode_text(vectors).cpu().numpy()

    @torch.no_grad()
    def labels(self, features: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """-> predicted content and style indices into the recogniser's label lists."""
        contents, styles = [], []
        for x, m in self._chunks(features):
            c, s = self.recogniser(x, m)
            contents.append(c.argmax(1).cpu().numpy())
            styles.append(s.argmax(1).cpu().numpy())
        return np.concatenate(contents), np.concatenate(styles)
