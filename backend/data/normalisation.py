"""Feature normalisation statistics, as HumanML3D computes them.

The std is averaged within each feature group (root rotation velocity, root
linear velocity, root height, positions, rotations, velocities, contacts) so
that every dimension of a group is scaled alike. ``weighted_std`` applies the
MoMask/BAMM/evaluator convention of dividing the 4 root and 4 contact dims
by 5 so that they weigh more in a loss.
"""

from __future__ import annotations

import numpy as np

from ..motion.features import FEATURE_DIM, LAYOUT

GROUPS = (
    LAYOUT.root_rot_velocity,
    LAYOUT.root_linear_velocity,
    LAYOUT.root_height,
    LAYOUT.ric,
    LAYOUT.rot6d,
    LAYOUT.local_velocity,
    LAYOUT.contacts,
)
MIN_STD = 1e-4


class FeatureMoments:
    """Running sums for a mean and std over frames (float64)."""

    def __init__(self) -> None:
        self.count = 0
        self.total = np.zeros(FEATURE_DIM)
        self.squares = np.zeros(FEATURE_DIM)

    def add(self, features: np.ndarray) -> None:
        f = np.asarray(features, dtype=np.float64).reshape(-1, FEATURE_DIM)
        self.count += f.shape[0]
        self.total += f.sum(axis=0)
        self.squares += (f**2).sum(axis=0)

    def merge(self, other: "FeatureMoments") -> None:
        self.count += other.count
        self.total += other.total
        self.squares += other.squares

    def mean_std(self) -> tuple[np.ndarray, np.ndarray]:
        if self.count == 0:
            raise ValueError("no training frames to compute normalisation statistics from")
        mean = self.total / self.count
        std = np.sqrt(np.maximum(self.squares / self.count - mean**2, 0.0))
        return mean.astype(np.float32), group_std(std).astype(np.float32)


def group_std(std: np.ndarray) -> np.ndarray:
    out = np.array(std, dtype=np.float64, copy=True)
    for group in GROUPS:
        out[group] = out[group].mean()
    return np.maximum(out, MIN_STD)


def weighted_std(std: np.ndarray, factor: float = 5.0) -> np.ndarray:
    out = np.array(std, copy=True)
    for group in (LAYOUT.root_rot_velocity, LAYOUT.root_linear_velocity, LAYOUT.root_height, LAYOUT.contacts):
        out[group] = out[group] / factor
    return out
