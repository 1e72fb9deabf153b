"""``RigAnimation``: the result of retargeting onto a rig, ready for the
Blender writer.

Convention (what the writer does, with no maths of its own):

* frame ``i`` of the arrays is scene frame ``start + i`` at ``fps`` (the
  scene rate the animation was made for: ``scene.render.fps /
  scene.render.fps_base``);
* for every bone whose ``animated`` flag is set: ``pose_bone.rotation_mode =
  'QUATERNION'`` and ``pose_bone.rotation_quaternion = rotations[i, b]``
  (w, x, y, z), i.e. the rotation in the bone's own rest frame relative to
  its parent, exactly Blender's local (basis) rotation; quaternions are sign
  continuous along time, so per-channel F-curve interpolation is safe;
* ``pose_bone.location = location[i]`` for the bone named
  ``translation_bone`` (in that bone's rest frame, Blender's convention;
  other bones' locations are left alone);
* ``animated`` marks the mapped bones and the translation bone; the others
  (fingers, face, twist and helper bones) are not driven and should not be
  keyed, so they keep whatever pose they have (their rest pose relative to
  their parent in a fresh action). Mapped bones the canonical skeleton cannot
  see (hands, toes) are keyed with the identity: at rest relative to their
  parent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True, kw_only=True, eq=False)
class RigAnimation:
    """Local bone rotations ``(T, B, 4)`` and the root bone's ``(T, 3)``
    location at ``fps``; ``contacts (T, 4)`` are the foot-contact flags used
    (left ankle, left ball, right ankle, right ball)."""

    bone_names: tuple[str, ...]
    rotations: np.ndarray
    animated: tuple[bool, ...]
    translation_bone: str
    location: np.ndarray
    fps: float
    contacts: np.ndarray

    def __post_init__(self) -> None:
        frames, bones = self.rotations.shape[:2]
        if self.rotations.shape != (frames, len(self.bone_names), 4) or len(self.animated) != bones:
            raise ValueError(f"rotations {self.rotations.shape} do not match {len(self.bone_names)} bones")
        if self.location.shape != (frames, 3):
            raise ValueError(f"location must be ({frames}, 3), got {self.location.shape}")

    @property
    def frames(self) -> int:
        return int(self.rotations.shape[0])

    def window(self, start: int, end: int) -> "RigAnimation":
        """Frames [start, end) (clipped to the animation)."""
        return replace(self, rotations=self.rotations[start:end], location=self.location[start:end], contacts=self.contacts[start:end])

    def animated_bones(self) -> tuple[str, ...]:
        return tuple(name for name, keyed in zip(self.bone_names, self.animated) if keyed)
