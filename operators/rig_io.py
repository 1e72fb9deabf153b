"""Reading an armature for the backend: its rest pose (``RigDescription``),
its evaluated motion over scene frames (keys, mocap, constraints, whatever
made it) and its local (basis) pose for seam blending. Main thread only;
the scene frame is restored afterwards."""

from __future__ import annotations

import numpy as np


def rig_description(obj):
    from ..backend.retarget import RigDescription

    bones = obj.data.bones
    names = [b.name for b in bones]
    return RigDescription.from_parent_names(
        names=names,
        parent_names=[b.parent.name if b.parent else None for b in bones],
        heads=[tuple(b.head_local) for b in bones],
        tails=[tuple(b.tail_local) for b in bones],
        matrices=[np.array(b.matrix_local) for b in bones],
    )


class FrameRestorer:
    """``with FrameRestorer(scene):`` puts the current frame back afterwards."""

    def __init__(self, scene) -> None:
        self.scene = scene

    def __enter__(self):
        self.frame = self.scene.frame_current
        self.subframe = self.scene.frame_subframe
        return self

    def __exit__(self, *exc) -> None:
        self.scene.frame_set(self.frame, subframe=self.subframe)


def read_pose(obj, scene, frames, names) -> np.ndarray:
    """(T, B, 4, 4) armature-space ``pose_bone.matrix`` at each scene frame,
    bones ordered as ``names``."""
    order = [obj.pose.bones.find(n) for n in names]
    count = len(obj.pose.bones)
    out = np.zeros((len(frames), len(names), 4, 4))
    flat = np.zeros(count * 16, dtype=np.float32)
    with FrameRestorer(scene):
        for t, frame in enumerate(frames):
            scene.frame_set(int(frame))
            obj.pose.bones.foreach_get("matrix", flat)
            out[t] = flat.reshape(count, 4, 4).transpose(0, 2, 1)[order]
    return out


def read_basis(obj, scene, frames, names, translation_bone: str) -> tuple[np.ndarray, np.ndarray]:
    """Local rotations (T, B, 4) (w, x, y, z, from ``matrix_basis`` whatever
    the rotation mode) of ``names`` and the translation bone's location (T, 3)."""
    bones = [obj.pose.bones[n] for n in names]
    root = obj.pose.bones[translation_bone]
    rotations = np.zeros((len(frames), len(names), 4))
    locations = np.zeros((len(frames), 3))
    with FrameRestorer(scene):
        for t, frame in enumerate(frames):
            scene.frame_set(int(frame))
            for b, bone in enumerate(bones):
                rotations[t, b] = tuple(bone.matrix_basis.to_quaternion())
            locations[t] = tuple(root.matrix_basis.to_translation())
    return rotations, locations
