"""In-memory form of a text-motion dataset, shared by every loader.

Both the project's own cache (CMU + Bandai, built by ``backend.data.build``)
and the standard HumanML3D layout (``backend.data.humanml3d``) load into these
types, so the models and the evaluator never know where a sample came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FEATURE_DIM = 263
from ..motion.timebase import FPS


@dataclass(frozen=True)
class TextMotionItem:
    """One training sample: a motion clip and the sentences that describe it.

    ``features`` is (T, 263) float32 in the HumanML3D layout (see
    ``backend.motion.features``), not normalised.
    """

    name: str
    features: np.ndarray
    captions: tuple[str, ...]
    source: str
    split: str
    take: str = ""
    mirrored: bool = False
    labels: dict = field(default_factory=dict)

    @property
    def frames(self) -> int:
        return int(self.features.shape[0])


@dataclass(frozen=True)
class TextMotionSplit:
    """The items of one split plus the normalisation statistics of the build.

    ``mean`` and ``std`` are (263,) float32 computed on the training split.
    """

    name: str
    items: tuple[TextMotionItem, ...]
    mean: np.ndarray
    std: np.ndarray

    def __len__(self) -> int:
        return len(self.items)

    def normalise(self, features: np.ndarray) -> np.ndarray:
        return (features - self.mean) / self.std

    def denormalise(self, features: np.ndarray) -> np.ndarray:
        return features * self.std + self.mean
