"""Forward kinematics of a BVH: local rotations/translations and world positions.

Position channels replace the matching OFFSET component (the joint's local
translation); joints without position channels use their OFFSET. Rotation
channels compose in file order: ``Zrotation Xrotation Yrotation`` is
R = Rz @ Rx @ Ry.
"""

from __future__ import annotations

import numpy as np

from ..motion import quaternion as Q
from .model import END_SITE_SUFFIX, Bvh


def local_transforms(bvh: Bvh) -> tuple[np.ndarray, np.ndarray]:
    """-> rotations (F, J, 4) and translations (F, J, 3), in file units."""
    frames = bvh.frames
    rotations = Q.identity((frames, len(bvh.joints)))
    translations = np.zeros((frames, len(bvh.joints), 3))
    for index, (joint, columns) in enumerate(zip(bvh.joints, bvh.channel_columns())):
        values = bvh.motion[:, columns]
        translations[:, index] = joint.offset
        angles, order = [], ""
        for c, channel in enumerate(joint.channels):
            axis = "XYZ".index(channel[0])
            if channel.endswith("position"):
                translations[:, index, axis] = values[:, c]
            else:
                angles.append(values[:, c])
                order += channel[0]
        if order:
            rotations[:, index] = Q.from_euler(np.stack(angles, axis=-1), order)
    return rotations, translations


def world_transforms(bvh: Bvh, rotations: np.ndarray | None = None, translations: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """-> world rotations (F, J, 4) and world positions (F, J, 3)."""
    if rotations is None or translations is None:
        rotations, translations = local_transforms(bvh)
    world_rot = np.empty_like(rotations)
    world_pos = np.empty_like(translations)
    for index, joint in enumerate(bvh.joints):
        if joint.parent < 0:
            world_rot[:, index] = rotations[:, index]
            world_pos[:, index] = translations[:, index]
        else:
            parent_rot = world_rot[:, joint.parent]
            world_rot[:, index] = Q.qmul(parent_rot, rotations[:, index])
            world_pos[:, index] = world_pos[:, joint.parent] + Q.qrot(parent_rot, translations[:, index])
    return world_rot, world_pos


def world_points(bvh: Bvh, rotations: np.ndarray | None = None, translations: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Name -> (F, 3) world position for every joint, plus '<joint>/end' for
    every End Site, in file units."""
    world_rot, world_pos = world_transforms(bvh, rotations, translations)
    points = {joint.name: world_pos[:, i] for i, joint in enumerate(bvh.joints)}
    for i, joint in enumerate(bvh.joints):
        if joint.end_site is not None:
            offset = np.broadcast_to(np.asarray(joint.end_site, dtype=np.float64), world_pos[:, i].shape)
            points[joint.name + END_SITE_SUFFIX] = world_pos[:, i] + Q.qrot(world_rot[:, i], offset)
    return points
