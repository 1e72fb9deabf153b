"""A rig's evaluated pose -> canonical joint positions.

Input: armature-space pose matrices per frame, (T, B, 4, 4), as
``pose.bones.foreach_get("matrix", …)`` gives them (transpose Blender's
column-major order first), bones in ``RigDescription`` order, at the scene's
rate. Each canonical joint is the rig point of ``Binding.joints`` carried by
its bone (``pose @ inv(matrix_local)`` applied to the rest point); transforms
are resampled to 20 fps first (slerp + linear). The points are brought back
to canonical space (inverse of ``to_rig``'s scale, floor and axes, through
``motion.axes.blender_to_canonical``), and by default re-built on the
canonical bone lengths keeping every bone's direction (what the generators
take as context).
"""

from __future__ import annotations

import numpy as np

from ..motion.axes import blender_to_canonical
from ..motion.skeleton import BONE_LENGTHS, NUM_JOINTS, PARENTS, RAW_DIRECTIONS
from .binding import Binding
from .rig_joints import CANONICAL_LEG_LENGTH
from .frames import unit
from .timing import GENERATOR_FPS, resample_pose


def _check_pose(binding: Binding, pose: np.ndarray) -> np.ndarray:
    pose = np.asarray(pose, dtype=np.float64)
    if pose.ndim != 4 or pose.shape[1:] != (len(binding.rig.names), 4, 4):
        raise ValueError(f"expected pose matrices (T, {len(binding.rig.names)}, 4, 4), got {pose.shape}")
    if not np.all(np.isfinite(pose)):
        raise ValueError("pose matrices contain NaN or infinite values")
    return pose


def _carrier_deltas(binding: Binding, pose: np.ndarray) -> np.ndarray:
    """(T, B, 4, 4) pose -> (T, 22, 4, 4) rest-to-pose transforms of each joint's bone."""
    bones = list(binding.joint_bones)
    return pose[:, bones] @ np.linalg.inv(binding.rig.rest_matrices_4x4()[bones])


def _apply(deltas: np.ndarray, binding: Binding) -> np.ndarray:
    points = np.concatenate([binding.joints, np.ones((NUM_JOINTS, 1))], axis=-1)
    return np.einsum("tjab,jb->tja", deltas, points)[..., :3]


def rig_joint_positions(binding: Binding, pose: np.ndarray) -> np.ndarray:
    """(T, B, 4, 4) pose matrices -> (T, 22, 3) rig joints (armature space)."""
    return _apply(_carrier_deltas(binding, _check_pose(binding, pose)), binding)


def uniform_lengths(positions: np.ndarray, bone_lengths: np.ndarray = BONE_LENGTHS) -> np.ndarray:
    """(T, 22, 3) -> the same bone directions on ``bone_lengths``, root kept.
    A zero-length bone takes its rest direction."""
    positions = np.asarray(positions, dtype=np.float64)
    out = np.empty_like(positions)
    out[:, 0] = positions[:, 0]
    for j in range(1, NUM_JOINTS):
        parent = PARENTS[j]
        direction = positions[:, j] - positions[:, parent]
        norm = np.linalg.norm(direction, axis=-1, keepdims=True)
        direction = np.where(norm > 1e-9, unit(direction), RAW_DIRECTIONS[j])
        out[:, j] = out[:, parent] + bone_lengths[j] * direction
    return out


def to_canonical(
    binding: Binding,
    pose: np.ndarray,
    *,
    fps: float,
    uniform: bool = True,
    output_fps: float = GENERATOR_FPS,
) -> np.ndarray:
    """(T, B, 4, 4) armature-space pose matrices at ``fps`` -> (T', 22, 3)
    canonical positions at ``output_fps`` (metres, Y up, facing +Z in the
    rig's rest facing, floor at y = 0). ``uniform``: rebuild on the canonical
    bone lengths (else the rig's proportions, scaled by the leg ratio)."""
    deltas = resample_pose(_carrier_deltas(binding, _check_pose(binding, pose)), fps, output_fps)
    rig_points = _apply(deltas, binding)
    scale = binding.leg_length / CANONICAL_LEG_LENGTH
    relative = (rig_points - binding.origin(scale)) @ binding.align
    canonical = blender_to_canonical(relative) / scale
    return uniform_lengths(canonical) if uniform else canonical
