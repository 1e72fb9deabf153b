"""Seams of an edit in rig space.

The generator hands back motion that already meets the kept motion at the
seams, but the rig's own keys are not exactly what retargeting produces
(spine distribution, hands, unmapped helpers). So the first and last
``blend`` frames written inside the range fade from the rig's existing local
pose into the new one; nothing outside the range is written.
"""

from __future__ import annotations

import numpy as np

from ..motion import quaternion as Q


def seam_weights(frames: int, blend: int, *, fade_in: bool = True, fade_out: bool = True) -> np.ndarray:
    """(frames,) weight of the new motion: ramps (k+1)/(blend+1) from each seam."""
    k = np.arange(frames, dtype=np.float64)
    weight = np.ones(frames)
    if blend > 0:
        if fade_in:
            weight = np.minimum(weight, (k + 1) / (blend + 1))
        if fade_out:
            weight = np.minimum(weight, (frames - k) / (blend + 1))
    return weight


def blend_rotations(original: np.ndarray, new: np.ndarray, weight: np.ndarray, *, previous: np.ndarray | None = None) -> np.ndarray:
    """(T, B, 4) local quaternions: slerp(original, new, weight) per frame,
    signs made continuous along time starting from ``previous`` (B, 4), the
    key before the range."""
    out = Q.slerp(np.asarray(original, np.float64), np.asarray(new, np.float64), np.broadcast_to(weight[:, None], original.shape[:2]))
    if previous is None:
        return Q.continuous(out)
    return Q.continuous(np.concatenate([np.asarray(previous, np.float64)[None], out]))[1:]


def blend_locations(original: np.ndarray, new: np.ndarray, weight: np.ndarray) -> np.ndarray:
    return (1 - weight[:, None]) * np.asarray(original, np.float64) + weight[:, None] * np.asarray(new, np.float64)
