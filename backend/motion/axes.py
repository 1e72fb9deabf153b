"""Axis and unit conversions, in one place, both directions, vectorised.

The canonical space is Y up, metres, character facing +Z with its left at +X
(HumanML3D). Blender is Z up and a character faces -Y with its left at +X, so
canonical (x, y, z) is Blender (x, -z, y). Source BVH spaces are described by
a ``SourceFrame`` (which axis is up, which is forward, unit scale).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CENTIMETRE = 0.01

_CANONICAL_TO_BLENDER = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]])


def canonical_to_blender(points: np.ndarray) -> np.ndarray:
    """(..., 3) canonical Y-up points -> Blender Z-up points."""
    return np.asarray(points) @ _CANONICAL_TO_BLENDER.T


def blender_to_canonical(points: np.ndarray) -> np.ndarray:
    """(..., 3) Blender Z-up points -> canonical Y-up points."""
    return np.asarray(points) @ _CANONICAL_TO_BLENDER


_UNIT = {"+X": (0, 1.0), "-X": (0, -1.0), "+Y": (1, 1.0), "-Y": (1, -1.0), "+Z": (2, 1.0), "-Z": (2, -1.0)}


@dataclass(frozen=True)
class SourceFrame:
    """How a source (e.g. a BVH library) lays out space: which of its axes
    points up, which way its character faces, and how long one unit is."""

    up: str = "+Y"
    forward: str = "+Z"
    unit_scale: float = CENTIMETRE

    def matrix(self) -> np.ndarray:
        """3x3 rotation taking source axes to canonical axes (rows: canonical x, y, z)."""
        up_axis, up_sign = _UNIT[self.up]
        fw_axis, fw_sign = _UNIT[self.forward]
        if up_axis == fw_axis:
            raise ValueError(f"up {self.up} and forward {self.forward} must be different axes")
        up = np.zeros(3)
        up[up_axis] = up_sign
        forward = np.zeros(3)
        forward[fw_axis] = fw_sign
        left = np.cross(up, forward)
        return np.stack([left, up, forward])

    def to_canonical(self, points: np.ndarray) -> np.ndarray:
        """(..., 3) source points -> canonical metres."""
        return (np.asarray(points, dtype=np.float64) @ self.matrix().T) * self.unit_scale

    def from_canonical(self, points: np.ndarray) -> np.ndarray:
        """(..., 3) canonical metres -> source points."""
        return (np.asarray(points, dtype=np.float64) / self.unit_scale) @ self.matrix()
