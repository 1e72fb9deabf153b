"""Analytic two-bone IK that keeps a limb's hinge axis.

The middle joint bends only about the hinge axis the limb already has (the
knee axis of the retargeted leg), so a locked foot never twists the knee
sideways; the whole limb then swings about the root joint so the end lands on
the target. The bend is always the natural way (positive about the hinge).
"""

from __future__ import annotations

import numpy as np

from ..motion import quaternion as Q
from .frames import unit


def rotation_about(axis: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """(..., 3) axes, (...) angles -> (..., 3, 3)."""
    return Q.to_matrix(Q.from_axis_angle(axis, angle))


def two_bone_ik(
    root: np.ndarray, middle: np.ndarray, end: np.ndarray, target: np.ndarray, hinge: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Joint positions (T, 3) of root (hip), middle (knee), end (ankle), the
    end's target (T, 3) and the hinge axis (T, 3, unit, normal to the upper
    bone) -> world rotations (T, 3, 3) to apply on top of the current pose:
    ``upper`` for the upper bone (and its chain), ``lower`` for the lower bone.
    Unreachable targets straighten the limb towards them."""
    l1 = np.linalg.norm(middle - root, axis=-1)
    l2 = np.linalg.norm(end - middle, axis=-1)
    u = unit(middle - root)
    v = unit(end - middle)
    bend = np.arctan2(np.sum(hinge * np.cross(u, v), axis=-1), np.sum(u * v, axis=-1))
    reach = np.linalg.norm(target - root, axis=-1)
    reach = np.clip(reach, np.abs(l1 - l2) + 1e-9, (l1 + l2) * (1.0 - 1e-6))
    cos_inner = (l1**2 + l2**2 - reach**2) / np.maximum(2.0 * l1 * l2, 1e-12)
    wanted = np.pi - np.arccos(np.clip(cos_inner, -1.0, 1.0))
    knee = rotation_about(hinge, wanted - bend)
    new_end = middle + np.einsum("tab,tb->ta", knee, end - middle)
    swing = Q.to_matrix(Q.qbetween(new_end - root, target - root))
    return swing, swing @ knee
