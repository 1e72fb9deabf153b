"""Feet on the floor: pelvis height per frame and toes that bend at the ball.

Heights are along the rig's up (``Binding.up``) in armature units. The rig's
floor under each foot is that foot's rest contact height (``Binding.soles``:
the lower of toe tip and ball in the rest pose); heel and ball pad (the sole
points under ankle and ball, carried by the foot) and the toe tip sit on it
in the rest pose.

* ``ground``: the pelvis goes up or down so the supporting foot point
  (softmin over ankles and balls by their source height above
  ``STANDING_HEIGHTS``) is at its scaled source height above the height the
  canonical floor maps to (``Binding.floor``); then up again
  (``floor_lift``) wherever a heel or ball pad would still be under its
  floor. The source's foot direction is kept exactly, so a source foot
  steeper or flatter than the rig's rest foot (the data's standing foot
  pitch differs by source: ~17 degrees in CMU, ~40 in Bandai) would
  otherwise put the rig's heel or ball pad into the floor.
* ``flex_toes``: toe bones follow the foot, except that a toe tip that would
  go under its floor turns up about the ball (the toes bend as the heel
  rises), never more than ``MAX_TOE_FLEX_DEGREES``. Toe bones used to follow
  the foot rigidly: on a push-off they went 5-10 cm into the floor.
"""

from __future__ import annotations

import numpy as np

from ..motion.skeleton import Joint
from .binding import Binding
from .frames import unit
from .ik import rotation_about
from .rig_joints import STANDING_HEIGHTS
from .slots import SIDE_JOINTS, SIDES

# Softmin temperature (canonical metres) for choosing the supporting foot point.
GROUND_SOFTNESS = 0.02
FOOT_POINTS = tuple((side, point) for side in SIDES for point in ("ankle", "ball"))
# Steepest the toes may point up from the ball to stay out of the floor.
MAX_TOE_FLEX_DEGREES = 75.0


def foot_heights(positions: np.ndarray) -> np.ndarray:
    """(T, 22, 3) canonical -> (T, 4) heights of (left ankle, left ball, right ankle, right ball)."""
    return np.stack([positions[:, SIDE_JOINTS[side][point], 1] for side, point in FOOT_POINTS], axis=-1)


def _posed(binding: Binding, segments: dict[str, np.ndarray], displacement: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rotations = binding.bone_rotations(segments)
    return rotations, binding.bone_heads(rotations, displacement)


def _carried(binding: Binding, rotations: np.ndarray, heads: np.ndarray, bone: int, point: np.ndarray) -> np.ndarray:
    """(T, 3) armature-space position of a rest ``point`` carried by ``bone``."""
    return heads[:, bone] + np.einsum("tab,b->ta", rotations[:, bone], point - binding.rig.heads[bone])


def sole_clearance(binding: Binding, rotations: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """(T, 4) height above its foot's floor of (left heel, left pad, right heel, right pad)."""
    out = []
    for side in SIDES:
        sole = binding.soles[side]
        for point in (sole.heel, sole.pad):
            out.append(binding.height(_carried(binding, rotations, heads, sole.foot_bone, point)) - sole.contact)
    return np.stack(out, axis=-1)


def floor_lift(binding: Binding, segments: dict[str, np.ndarray], pelvis: np.ndarray) -> np.ndarray:
    """(T,) how far (rig units) the pelvis must go up so no heel or ball pad
    is under its floor (0 where none is)."""
    rotations, heads = _posed(binding, segments, pelvis - binding.joints[Joint.PELVIS])
    return np.maximum(-sole_clearance(binding, rotations, heads).min(axis=-1), 0.0)


def ground(
    binding: Binding, segments: dict[str, np.ndarray], pelvis: np.ndarray, heights: np.ndarray, scale: float
) -> np.ndarray:
    """Per-frame vertical correction (T,) of the pelvis, in rig units: the
    supporting foot point at its scaled source height above the rig floor,
    then no heel or ball pad under it (module docstring)."""
    rotations, heads = _posed(binding, segments, pelvis - binding.joints[Joint.PELVIS])
    joints = binding.joint_positions(rotations, heads)
    floor = binding.floor(scale)
    standing = np.array([STANDING_HEIGHTS[point] for _, point in FOOT_POINTS])
    rig_heights = np.stack(
        [binding.height(joints[:, SIDE_JOINTS[side][point]]) for side, point in FOOT_POINTS], axis=-1
    )
    error = floor + scale * heights - rig_heights
    logits = -(heights - standing) / GROUND_SOFTNESS
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    correction = np.sum(weights * error, axis=-1) / np.sum(weights, axis=-1)
    return correction + floor_lift(binding, segments, pelvis + correction[:, None] * binding.up)


def flex_toes(binding: Binding, segments: dict[str, np.ndarray], displacement: np.ndarray) -> dict[str, np.ndarray]:
    """Segment rotations with a ``{side}_toes`` segment per side that has toe
    bones: the foot's rotation, turned up about the ball where the toe tip
    would be under its floor. ``displacement``: the translation bone's (T, 3)."""
    segments = dict(segments)
    sides = [side for side in SIDES if f"{side}_toes" in binding.segments]
    if not sides:
        return segments
    for side in sides:
        segments[f"{side}_toes"] = segments[f"{side}_foot"]
    rotations, heads = _posed(binding, segments, displacement)
    up = binding.up
    left = binding.align @ np.array([1.0, 0.0, 0.0])
    for side in sides:
        sole = binding.soles[side]
        ball = heads[:, binding.slot_bones[f"{side}_toes"][0]]
        toe = _carried(binding, rotations, heads, sole.toe_bone, sole.toe) - ball
        length = np.linalg.norm(toe, axis=-1)
        if not np.all(length > 1e-9):
            continue
        pitch = np.arcsin(np.clip((toe @ up) / length, -1.0, 1.0))
        lowest = np.arcsin(np.clip((sole.contact - binding.height(ball)) / length, -1.0, np.sin(np.radians(MAX_TOE_FLEX_DEGREES))))
        turn = np.maximum(lowest - pitch, 0.0)
        if not np.any(turn > 0.0):
            continue
        axis = np.cross(toe, up)
        lateral = np.einsum("tab,b->ta", segments[f"{side}_foot"], left)
        axis = unit(np.where((np.linalg.norm(axis, axis=-1) > 1e-6 * length)[:, None], axis, -lateral))
        segments[f"{side}_toes"] = rotation_about(axis, turn) @ segments[f"{side}_foot"]
    return segments
