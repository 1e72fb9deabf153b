"""The canonical 22-joint skeleton (HumanML3D / SMPL body order).

Y is up, units are metres, the character faces +Z with its left side at +X in
its rest pose. ``RAW_DIRECTIONS`` are the rest directions of each bone (from
its parent) used by the swing inverse kinematics, as in HumanML3D's
``t2m_raw_offsets``; ``BONE_LENGTHS`` are this project's canonical
proportions (about the mean of the two training sources, ~1.6 m), the skeleton every dataset is retargeted onto
before features are computed.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Joint(IntEnum):
    PELVIS = 0
    LEFT_HIP = 1
    RIGHT_HIP = 2
    SPINE1 = 3
    LEFT_KNEE = 4
    RIGHT_KNEE = 5
    SPINE2 = 6
    LEFT_ANKLE = 7
    RIGHT_ANKLE = 8
    SPINE3 = 9
    LEFT_FOOT = 10
    RIGHT_FOOT = 11
    NECK = 12
    LEFT_COLLAR = 13
    RIGHT_COLLAR = 14
    HEAD = 15
    LEFT_SHOULDER = 16
    RIGHT_SHOULDER = 17
    LEFT_ELBOW = 18
    RIGHT_ELBOW = 19
    LEFT_WRIST = 20
    RIGHT_WRIST = 21


NUM_JOINTS = len(Joint)
JOINT_NAMES: tuple[str, ...] = tuple(j.name.lower() for j in Joint)

PARENTS: tuple[int, ...] = (-1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19)

# Chains from a branching joint to a leaf, in HumanML3D's order (right leg,
# left leg, spine, right arm, left arm).
KINEMATIC_CHAIN: tuple[tuple[int, ...], ...] = (
    (0, 2, 5, 8, 11),
    (0, 1, 4, 7, 10),
    (0, 3, 6, 9, 12, 15),
    (9, 14, 17, 19, 21),
    (9, 13, 16, 18, 20),
)

LEFT_RIGHT_PAIRS: tuple[tuple[int, int], ...] = (
    (1, 2), (4, 5), (7, 8), (10, 11), (13, 14), (16, 17), (18, 19), (20, 21),
)


def _mirror_index() -> tuple[int, ...]:
    index = list(range(NUM_JOINTS))
    for left, right in LEFT_RIGHT_PAIRS:
        index[left], index[right] = right, left
    return tuple(index)


MIRROR_INDEX: tuple[int, ...] = _mirror_index()

# Joints whose positions define the facing direction: right hip, left hip,
# right shoulder, left shoulder (HumanML3D's face_joint_indx).
FACE_JOINTS: tuple[int, int, int, int] = (2, 1, 17, 16)
LEFT_FOOT_JOINTS: tuple[int, int] = (7, 10)
RIGHT_FOOT_JOINTS: tuple[int, int] = (8, 11)

RAW_DIRECTIONS = np.array(
    [
        [0, 0, 0],
        [1, 0, 0], [-1, 0, 0], [0, 1, 0],
        [0, -1, 0], [0, -1, 0], [0, 1, 0],
        [0, -1, 0], [0, -1, 0], [0, 1, 0],
        [0, 0, 1], [0, 0, 1], [0, 1, 0],
        [1, 0, 0], [-1, 0, 0], [0, 0, 1],
        [0, -1, 0], [0, -1, 0], [0, -1, 0],
        [0, -1, 0], [0, -1, 0], [0, -1, 0],
    ],
    dtype=np.float64,
)

# Canonical bone lengths in metres (joint i to its parent), symmetric.
BONE_LENGTHS = np.array(
    [
        0.0,
        0.080, 0.080, 0.155,
        0.380, 0.380, 0.105,
        0.430, 0.430, 0.050,
        0.110, 0.110, 0.150,
        0.125, 0.125, 0.130,
        0.070, 0.070, 0.260,
        0.260, 0.230, 0.230,
    ],
    dtype=np.float64,
)


def rest_offsets(bone_lengths: np.ndarray = BONE_LENGTHS) -> np.ndarray:
    """(22, 3) offsets of each joint from its parent in the IK rest pose."""
    return RAW_DIRECTIONS * np.asarray(bone_lengths, dtype=np.float64)[:, None]


def rest_positions(bone_lengths: np.ndarray = BONE_LENGTHS) -> np.ndarray:
    """(22, 3) joint positions of the rest pose, pelvis at the origin."""
    offsets = rest_offsets(bone_lengths)
    positions = np.zeros((NUM_JOINTS, 3))
    for j in range(1, NUM_JOINTS):
        positions[j] = positions[PARENTS[j]] + offsets[j]
    return positions


def bone_lengths_of(positions: np.ndarray) -> np.ndarray:
    """(..., 22) distance of each joint to its parent (0 for the root)."""
    positions = np.asarray(positions)
    parents = np.array(PARENTS[1:])
    lengths = np.zeros(positions.shape[:-1])
    lengths[..., 1:] = np.linalg.norm(positions[..., 1:, :] - positions[..., parents, :], axis=-1)
    return lengths


def leg_length(bone_lengths: np.ndarray) -> float:
    """Hip-to-ankle length of the left leg (the scale reference for root motion)."""
    return float(bone_lengths[Joint.LEFT_KNEE] + bone_lengths[Joint.LEFT_ANKLE])
