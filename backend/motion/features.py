"""The 263-d HumanML3D motion features, from joint positions and back.

Layout per frame (``FeatureLayout`` names the slices):

* root angular velocity about Y (1) -- half-angle per frame, as HumanML3D
* root linear velocity in XZ, in the root's heading frame (2)
* root height (1)
* root-relative positions of joints 1..21 in the heading frame (63)
* 6D rotations of joints 1..21 from the swing IK (126)
* velocities of all 22 joints in the heading frame (66)
* foot contacts: left ankle, left foot, right ankle, right foot (4)

``positions_to_features`` follows HumanML3D's ``process_file``: put the floor at
y = 0, move the first frame's root above the origin, rotate so frame 0 faces
+Z, detect contacts, then encode. A clip of T frames gives T - 1 feature
frames; ``recover_from_ric`` integrates the root and returns (T - 1, 22, 3).
The 6D slice is a representation for learning only; never drive a rig from it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import quaternion as Q
from .kinematics import FORWARD, forward_direction, inverse_kinematics
from .skeleton import LEFT_FOOT_JOINTS, NUM_JOINTS, RIGHT_FOOT_JOINTS

FEATURE_DIM = 263
# A foot joint is in contact when it moves less than sqrt(0.002) m per frame
# at 20 fps (HumanML3D's feet_thre, applied to the squared displacement).
CONTACT_THRESHOLD = 0.002


class FeatureLayout(NamedTuple):
    root_rot_velocity: slice = slice(0, 1)
    root_linear_velocity: slice = slice(1, 3)
    root_height: slice = slice(3, 4)
    ric: slice = slice(4, 4 + 21 * 3)
    rot6d: slice = slice(67, 67 + 21 * 6)
    local_velocity: slice = slice(193, 193 + 22 * 3)
    contacts: slice = slice(259, 263)


LAYOUT = FeatureLayout()


def canonicalize(positions: np.ndarray) -> np.ndarray:
    """(T, 22, 3) -> (T, 22, 3): floor at y = 0, first root above the origin,
    first frame facing +Z."""
    positions = np.array(positions, dtype=np.float64, copy=True)
    positions[..., 1] -= positions[..., 1].min()
    positions -= positions[0, 0] * np.array([1.0, 0.0, 1.0])
    facing = Q.qbetween(forward_direction(positions[:1])[0], FORWARD)
    return Q.qrot(np.broadcast_to(facing, positions.shape[:-1] + (4,)), positions)


def foot_contacts(positions: np.ndarray, threshold: float = CONTACT_THRESHOLD) -> tuple[np.ndarray, np.ndarray]:
    """(T, 22, 3) -> left (T-1, 2), right (T-1, 2) contact flags as float32."""
    def detect(joints: tuple[int, int]) -> np.ndarray:
        step = positions[1:, list(joints)] - positions[:-1, list(joints)]
        return (np.sum(step**2, axis=-1) < threshold).astype(np.float32)

    return detect(LEFT_FOOT_JOINTS), detect(RIGHT_FOOT_JOINTS)


def positions_to_features(positions: np.ndarray, *, already_canonical: bool = False) -> np.ndarray:
    """(T, 22, 3) joint positions in metres, Y up -> (T - 1, 263) float32."""
    positions = np.asarray(positions, dtype=np.float64)
    if positions.ndim != 3 or positions.shape[1:] != (NUM_JOINTS, 3):
        raise ValueError(f"expected joint positions of shape (T, {NUM_JOINTS}, 3), got {positions.shape}")
    if positions.shape[0] < 2:
        raise ValueError(f"a clip needs at least 2 frames to have features, got {positions.shape[0]}")
    if not np.all(np.isfinite(positions)):
        raise ValueError("joint positions contain NaN or infinite values")
    if not already_canonical:
        positions = canonicalize(positions)
    frames = positions.shape[0]
    feet_l, feet_r = foot_contacts(positions)

    quats = inverse_kinematics(positions, smooth_forward=True)
    r_rot = quats[:, 0]
    rot6d = Q.to_cont6d(quats[:, 1:]).reshape(frames, -1)

    root_velocity = Q.qrot(r_rot[1:], positions[1:, 0] - positions[:-1, 0])
    # arcsin of the y component of the relative root quaternion (a half angle).
    # The sign is fixed to w >= 0 first; HumanML3D skips this and gets the
    # wrong sign on frames where the heading passes 180 degrees from frame 0.
    relative = Q.qmul(r_rot[1:], Q.qinv(r_rot[:-1]))
    relative = np.where(relative[:, :1] < 0, -relative, relative)
    r_velocity = np.arcsin(np.clip(relative[:, 2:3], -1.0, 1.0))

    ric = positions.copy()
    ric[..., 0] -= positions[:, :1, 0]
    ric[..., 2] -= positions[:, :1, 2]
    ric = Q.qrot(np.broadcast_to(r_rot[:, None], ric.shape[:-1] + (4,)), ric)

    local_velocity = Q.qrot(
        np.broadcast_to(r_rot[:-1, None], (frames - 1, NUM_JOINTS, 4)), positions[1:] - positions[:-1]
    )
    features = np.concatenate(
        [
            r_velocity,
            root_velocity[:, [0, 2]],
            ric[:-1, 0, 1:2],
            ric[:-1, 1:].reshape(frames - 1, -1),
            rot6d[:-1],
            local_velocity.reshape(frames - 1, -1),
            feet_l,
            feet_r,
        ],
        axis=-1,
    )
    return features.astype(np.float32)


def recover_root(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(..., T, 263) -> root rotations (..., T, 4) and root positions (..., T, 3)."""
    features = np.asarray(features, dtype=np.float64)
    angle = np.zeros(features.shape[:-1])
    angle[..., 1:] = features[..., :-1, 0]
    angle = np.cumsum(angle, axis=-1)
    r_rot = np.zeros(features.shape[:-1] + (4,))
    r_rot[..., 0] = np.cos(angle)
    r_rot[..., 2] = np.sin(angle)
    r_pos = np.zeros(features.shape[:-1] + (3,))
    r_pos[..., 1:, 0] = features[..., :-1, 1]
    r_pos[..., 1:, 2] = features[..., :-1, 2]
    r_pos = np.cumsum(Q.qrot(Q.qinv(r_rot), r_pos), axis=-2)
    r_pos[..., 1] = features[..., 3]
    return r_rot, r_pos


def recover_from_ric(features: np.ndarray) -> np.ndarray:
    """(..., T, 263) features -> (..., T, 22, 3) joint positions (HumanML3D's
    ``recover_from_ric``: integrate the root, then place the root-relative
    joints)."""
    features = np.asarray(features, dtype=np.float64)
    r_rot, r_pos = recover_root(features)
    local = features[..., LAYOUT.ric].reshape(features.shape[:-1] + (NUM_JOINTS - 1, 3))
    inverse = np.broadcast_to(Q.qinv(r_rot)[..., None, :], local.shape[:-1] + (4,))
    joints = Q.qrot(inverse, local)
    joints[..., 0] += r_pos[..., None, 0]
    joints[..., 2] += r_pos[..., None, 2]
    return np.concatenate([r_pos[..., None, :], joints], axis=-2)
