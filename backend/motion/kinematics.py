"""Forward and swing inverse kinematics on the canonical skeleton.

Rotations follow HumanML3D's convention: ``quats[:, j]`` rotates the rest
direction of the bone that *ends* at joint j; each chain of
``skeleton.KINEMATIC_CHAIN`` accumulates from the root rotation, and
``quats[:, 0]`` is the root rotation that turns the body's forward direction
onto +Z. The IK is swing-only (it cannot see twist): it is exact for joint
positions, which is all the 263-d features and retargeting need.
"""

from __future__ import annotations

import numpy as np

from . import quaternion as Q
from .skeleton import BONE_LENGTHS, FACE_JOINTS, KINEMATIC_CHAIN, NUM_JOINTS, PARENTS, RAW_DIRECTIONS, leg_length, rest_offsets

UP = np.array([0.0, 1.0, 0.0])
FORWARD = np.array([0.0, 0.0, 1.0])
FORWARD_SMOOTH_SIGMA = 20.0


def gaussian_smooth(x: np.ndarray, sigma: float, *, truncate: float = 4.0) -> np.ndarray:
    """Gaussian filter along axis 0 with edge ('nearest') padding, truncated at
    ``truncate`` sigma (matches scipy.ndimage.gaussian_filter1d(mode='nearest'))."""
    radius = max(1, int(truncate * sigma + 0.5))
    offsets = np.arange(-radius, radius + 1, dtype=np.float64)
    kernel = np.exp(-0.5 * (offsets / sigma) ** 2)
    kernel /= kernel.sum()
    padded = np.pad(x, [(radius, radius)] + [(0, 0)] * (x.ndim - 1), mode="edge")
    flat = padded.reshape(padded.shape[0], -1)
    out = np.stack([np.convolve(flat[:, c], kernel, mode="valid") for c in range(flat.shape[1])], axis=1)
    return out.reshape(x.shape)


def forward_direction(positions: np.ndarray, *, smooth: bool = False) -> np.ndarray:
    """(T, 22, 3) joint positions -> (T, 3) unit horizontal facing directions,
    from the hip and shoulder lines (HumanML3D's ``across`` vectors)."""
    r_hip, l_hip, r_shoulder, l_shoulder = FACE_JOINTS
    across = (positions[:, r_hip] - positions[:, l_hip]) + (positions[:, r_shoulder] - positions[:, l_shoulder])
    across = across / np.maximum(np.linalg.norm(across, axis=-1, keepdims=True), 1e-9)
    forward = np.cross(UP, across)
    if smooth:
        forward = gaussian_smooth(forward, FORWARD_SMOOTH_SIGMA)
    return forward / np.maximum(np.linalg.norm(forward, axis=-1, keepdims=True), 1e-9)


def inverse_kinematics(positions: np.ndarray, *, smooth_forward: bool = False) -> np.ndarray:
    """(T, 22, 3) positions -> (T, 22, 4) bone rotations (see module docstring).

    The root rotation of frame 0 is identity, as in HumanML3D: clips are
    rotated to face +Z at frame 0 before features are computed.
    """
    positions = np.asarray(positions, dtype=np.float64)
    frames = positions.shape[0]
    root = Q.qbetween(forward_direction(positions, smooth=smooth_forward), np.broadcast_to(FORWARD, (frames, 3)))
    root[0] = Q.identity()
    quats = Q.identity((frames, NUM_JOINTS))
    quats[:, 0] = root
    for chain in KINEMATIC_CHAIN:
        accumulated = root
        for parent, child in zip(chain[:-1], chain[1:]):
            rest = np.broadcast_to(RAW_DIRECTIONS[child], (frames, 3))
            swing = Q.qbetween(rest, positions[:, child] - positions[:, parent])
            local = Q.qmul(Q.qinv(accumulated), swing)
            quats[:, child] = local
            accumulated = Q.qmul(accumulated, local)
    return quats


def forward_kinematics(quats: np.ndarray, root_positions: np.ndarray, offsets: np.ndarray | None = None) -> np.ndarray:
    """(T, 22, 4) bone rotations + (T, 3) root positions -> (T, 22, 3) positions.
    ``offsets`` (22, 3) are rest offsets along ``RAW_DIRECTIONS`` (default: the
    canonical bone lengths)."""
    offsets = rest_offsets() if offsets is None else np.asarray(offsets, dtype=np.float64)
    frames = quats.shape[0]
    positions = np.zeros((frames, NUM_JOINTS, 3))
    positions[:, 0] = root_positions
    for chain in KINEMATIC_CHAIN:
        accumulated = quats[:, 0]
        for parent, child in zip(chain[:-1], chain[1:]):
            accumulated = Q.qmul(accumulated, quats[:, child])
            positions[:, child] = positions[:, parent] + Q.qrot(accumulated, np.broadcast_to(offsets[child], (frames, 3)))
    return positions


def uniform_skeleton(positions: np.ndarray, bone_lengths: np.ndarray = BONE_LENGTHS) -> np.ndarray:
    """Retarget joint positions onto the given bone lengths, keeping every bone's
    direction; the root path is scaled by the leg-length ratio (HumanML3D)."""
    positions = np.asarray(positions, dtype=np.float64)
    source_lengths = np.median(np.linalg.norm(positions[:, 1:] - positions[:, list(PARENTS[1:])], axis=-1), axis=0)
    source_lengths = np.concatenate([[0.0], source_lengths])
    scale = leg_length(bone_lengths) / max(leg_length(source_lengths), 1e-6)
    quats = inverse_kinematics(positions)
    return forward_kinematics(quats, positions[:, 0] * scale, rest_offsets(bone_lengths))


def facing_yaw(positions: np.ndarray) -> np.ndarray:
    """(N, 22, 3) -> (N,) facing angle about +Y (0: facing +Z)."""
    forward = forward_direction(np.asarray(positions, dtype=np.float64))
    return np.arctan2(forward[:, 0], forward[:, 2])


def rotate_about_vertical(frames: np.ndarray, pivot: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """(N, 22, 3) frames turned about the vertical axis through ``pivot``
    ((3,) or (N, 1, 3)) by per-frame angles (N,)."""
    q = np.broadcast_to(Q.about_y(angle)[:, None], frames.shape[:-1] + (4,))
    return Q.qrot(q, frames - pivot) + pivot
