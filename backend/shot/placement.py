"""Putting a clip where the take is: root and facing about the vertical.

Positions are canonical (T, 22, 3): Y up, metres. ``place_after`` turns a
clip about the vertical axis through its first root so its first facing
matches an anchor frame's, then moves it horizontally so its first root is
the anchor's root (heights untouched). ``fit_end`` spreads the root and
heading error at a target frame linearly over a clip, as
``generators.editing.finish_edit`` does for an edit range.
"""

from __future__ import annotations

import numpy as np

from ..motion.kinematics import facing_yaw as yaw, rotate_about_vertical as rotate_about

HORIZONTAL = np.array([1.0, 0.0, 1.0])


def _wrap(angle):
    return (angle + np.pi) % (2 * np.pi) - np.pi


def place_after(clip: np.ndarray, anchor: np.ndarray) -> np.ndarray:
    """clip (T, 22, 3), anchor (22, 3) -> the clip starting at the anchor's
    horizontal root position with the anchor's facing (float64)."""
    clip = np.asarray(clip, dtype=np.float64)
    anchor = np.asarray(anchor, dtype=np.float64)
    turn = _wrap(yaw(anchor[None])[0] - yaw(clip[:1])[0])
    pivot = clip[0, 0].copy()
    turned = rotate_about(clip, pivot, np.full(len(clip), turn))
    return turned + (anchor[0] - pivot) * HORIZONTAL


def fit_end(clip: np.ndarray, target: np.ndarray) -> np.ndarray:
    """clip (T, 22, 3), target (22, 3): the frame that follows the clip ->
    the clip bent so its last frame has the target's facing and horizontal
    root, the error growing linearly from 0 at frame 0 (float64)."""
    clip = np.asarray(clip, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    weights = np.arange(len(clip), dtype=np.float64) / max(len(clip) - 1, 1)
    turn = _wrap(yaw(target[None])[0] - yaw(clip[-1:])[0])
    turned = rotate_about(clip, clip[0, 0], weights * turn)
    error = (target[0] - turned[-1, 0]) * HORIZONTAL
    return turned + weights[:, None, None] * error
