"""Blender's pose evaluation, for checking and reading rigs without Blender.

``pose_matrices`` computes what ``pose_bone.matrix`` holds (armature space)
from local ``rotation_quaternion`` and ``location`` values, by Blender's rule
for bones with default settings (inherit rotation and scale, local location,
no constraints)::

    pose[b] = pose[parent] @ inv(rest[parent]) @ rest[b] @ basis[b]
    pose[root] = rest[root] @ basis[root]

where ``rest`` is ``bone.matrix_local`` and ``basis`` is the translation by
``location`` times the rotation by ``rotation_quaternion``.
"""

from __future__ import annotations

import numpy as np

from ..motion import quaternion as Q
from .rig import RigDescription


def basis_matrices(rotations: np.ndarray, locations: np.ndarray | None = None) -> np.ndarray:
    """(T, B, 4) quaternions (w, x, y, z) and (T, B, 3) locations -> (T, B, 4, 4)."""
    rotations = np.asarray(rotations, dtype=np.float64)
    basis = np.zeros(rotations.shape[:-1] + (4, 4))
    basis[..., :3, :3] = Q.to_matrix(rotations)
    if locations is not None:
        basis[..., :3, 3] = locations
    basis[..., 3, 3] = 1.0
    return basis


def pose_matrices(rig: RigDescription, rotations: np.ndarray, locations: np.ndarray | None = None) -> np.ndarray:
    """(T, B, 4) local rotations (+ (T, B, 3) locations) -> (T, B, 4, 4)
    armature-space pose matrices (``pose_bone.matrix``)."""
    basis = basis_matrices(rotations, locations)
    rest = rig.rest_matrices_4x4()
    rest_inv = np.linalg.inv(rest)
    pose = np.zeros(basis.shape)
    for bone in rig.order:
        parent = rig.parents[bone]
        if parent < 0:
            pose[:, bone] = rest[bone] @ basis[:, bone]
        else:
            pose[:, bone] = pose[:, parent] @ (rest_inv[parent] @ rest[bone]) @ basis[:, bone]
    return pose


def world_deltas(rig: RigDescription, pose: np.ndarray) -> np.ndarray:
    """(T, B, 4, 4) pose matrices -> (T, B, 4, 4) transforms taking each bone's
    rest placement to its pose (``pose @ inv(matrix_local)``)."""
    return np.asarray(pose, dtype=np.float64) @ np.linalg.inv(rig.rest_matrices_4x4())
