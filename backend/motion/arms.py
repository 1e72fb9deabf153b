"""The arms seen from the chest: the frame the composer lays an action's arms
in (``studio.compose.overlay_arms``) and the features the arm recogniser
reads (``eval.arms``), so an arm gesture looks the same whatever the legs,
the pelvis and the travel do."""

from __future__ import annotations

import numpy as np

from .skeleton import Joint
from .timebase import FPS

ARM_CHAINS = {
    "left": (Joint.LEFT_COLLAR, Joint.LEFT_SHOULDER, Joint.LEFT_ELBOW, Joint.LEFT_WRIST),
    "right": (Joint.RIGHT_COLLAR, Joint.RIGHT_SHOULDER, Joint.RIGHT_ELBOW, Joint.RIGHT_WRIST),
}
ARM_JOINTS = ARM_CHAINS["left"] + ARM_CHAINS["right"]
ARM_FEATURES = 2 * 3 * len(ARM_JOINTS)  # chest-frame positions and their velocities


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)


def chest_frames(positions: np.ndarray) -> np.ndarray:
    """(T, 22, 3) -> (T, 3, 3) rotation of the chest: columns = across (left), up, forward."""
    across = positions[:, Joint.LEFT_COLLAR] - positions[:, Joint.RIGHT_COLLAR]
    up = positions[:, Joint.NECK] - positions[:, Joint.SPINE1]
    across = unit(across)
    forward = unit(np.cross(across, up))
    up = np.cross(forward, across)
    return np.stack([across, up, forward], axis=-1)


def arm_features(positions: np.ndarray, fps: float = FPS) -> np.ndarray:
    """(T, 22, 3) positions -> (T, ARM_FEATURES) float32: the eight arm joints
    (collar to wrist, left then right) relative to the upper spine in the
    chest frame, and their per-second change (the last frame repeats the one
    before it); nothing below the chest enters."""
    positions = np.asarray(positions, dtype=np.float64)
    rotation = chest_frames(positions)
    local = np.einsum("tji,tkj->tki", rotation, positions[:, list(ARM_JOINTS)] - positions[:, None, Joint.SPINE3])
    local = local.reshape(len(positions), -1)
    velocity = np.diff(local, axis=0, append=local[-1:] if len(local) < 2 else 2 * local[-1:] - local[-2:-1]) * fps
    return np.concatenate([local, velocity], axis=1).astype(np.float32)
