"""Measurements of retargeting quality: round-trip errors and foot skating.

``round_trip`` drives a rig from canonical positions, evaluates the rig the
way Blender does (``pose.pose_matrices``) and reads canonical positions back
(``from_rig.to_canonical``). It reports

* bone-direction error in degrees per group of canonical bones (the bone
  ending at each joint; ``MAPPED_LIMBS`` are the groups every preset maps);
* joint error in millimetres after normalising proportions: both sides
  rebuilt on the canonical bone lengths and compared relative to the pelvis
  (``joint_mm``; includes the rig's own pelvis and chest shape, which no
  rotation can change) and, for limb joints, relative to the limb's root
  joint (``limb_joint_mm``: hip for knee, ankle and ball; shoulder for elbow
  and wrist);
* the pelvis path error in millimetres (canonical scale), which grounding
  changes on rigs whose proportions differ.

``foot_skating`` is the mean horizontal speed of foot points while in
contact (cm/s at canonical scale).

``floor_heights`` / ``floor_contact``: heights of each foot's toe tip and
heel on the rig's own bones (``Binding.soles``) in world space (an armature
object matrix may be given), in centimetres relative to the rig's rest
contact height, and which frames the source has that foot planted (ankle
and ball flagged in contact, within ``PLANTED_LIFT`` of standing height).
"""

from __future__ import annotations

import numpy as np

from ..motion.resample import interpolate_positions, sample_times
from ..motion.skeleton import PARENTS, Joint
from .binding import Binding
from .from_rig import rig_joint_positions, to_canonical, uniform_lengths
from .pose import pose_matrices
from .rig_joints import STANDING_HEIGHTS
from .slots import SIDE_JOINTS, SIDES
from .timing import GENERATOR_FPS
from .to_rig import RetargetOptions, contacts_of, retarget, source_leg_length

BONE_GROUPS: dict[str, tuple[int, ...]] = {
    "upper_arms": (Joint.LEFT_ELBOW, Joint.RIGHT_ELBOW),
    "forearms": (Joint.LEFT_WRIST, Joint.RIGHT_WRIST),
    "thighs": (Joint.LEFT_KNEE, Joint.RIGHT_KNEE),
    "shins": (Joint.LEFT_ANKLE, Joint.RIGHT_ANKLE),
    "feet": (Joint.LEFT_FOOT, Joint.RIGHT_FOOT),
    "clavicles": (Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER),
    "neck_head": (Joint.HEAD,),
    "spine": (Joint.SPINE1, Joint.SPINE2, Joint.SPINE3, Joint.NECK),
    "pelvis_hips": (Joint.LEFT_HIP, Joint.RIGHT_HIP),
    "chest_collars": (Joint.LEFT_COLLAR, Joint.RIGHT_COLLAR),
}
MAPPED_LIMBS = ("upper_arms", "forearms", "thighs", "shins", "feet")
MAPPED_LIMB_JOINTS = tuple(j for group in MAPPED_LIMBS for j in BONE_GROUPS[group])
# A source foot is planted while its ankle and ball are both in contact and
# at most this far (canonical metres) above their standing heights
# (velocity-only contact flags also fire at the top of a jump).
PLANTED_LIFT = 0.03


def bone_angles(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(T, 22, 3) x2 -> (T, 22) angle in degrees between the bones ending at
    each joint (0 for the root)."""
    parents = list(PARENTS[1:])
    u = a[:, 1:] - a[:, parents]
    v = b[:, 1:] - b[:, parents]
    cos = np.sum(u * v, axis=-1) / np.maximum(np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1), 1e-12)
    out = np.zeros(a.shape[:2])
    out[:, 1:] = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
    return out


# Limb chains (root joint first) for the limb-relative joint error.
LIMB_CHAINS = tuple(
    (j["hip"], j["knee"], j["ankle"], j["ball"]) for j in SIDE_JOINTS.values()
) + tuple((j["shoulder"], j["elbow"], j["wrist"]) for j in SIDE_JOINTS.values())


def _limb_relative(positions: np.ndarray, chain: tuple[int, ...]) -> np.ndarray:
    return positions[:, list(chain[1:])] - positions[:, chain[:1]]


def skeleton_without_root(positions: np.ndarray) -> np.ndarray:
    normalised = uniform_lengths(positions)
    return normalised - normalised[:, :1]


def through_rig(positions: np.ndarray, binding: Binding, *, fps: float | None = None, foot_lock: bool = False,
                uniform: bool = True) -> np.ndarray:
    """Canonical positions -> the rig (at ``fps``) -> canonical positions at 20 fps."""
    animation = retarget(positions, binding, options=RetargetOptions(fps=fps, foot_lock=foot_lock))
    locations = np.zeros(animation.rotations.shape[:2] + (3,))
    locations[:, binding.translation_bone] = animation.location
    pose = pose_matrices(binding.rig, animation.rotations, locations)
    return to_canonical(binding, pose, fps=animation.fps, uniform=uniform)


def round_trip(positions: np.ndarray, binding: Binding, *, fps: float | None = None, foot_lock: bool = False) -> dict:
    """Canonical -> rig (at ``fps``) -> canonical (at 20 fps) on one clip."""
    positions = np.asarray(positions, dtype=np.float64)
    back = through_rig(positions, binding, fps=fps, foot_lock=foot_lock, uniform=False)
    frames = min(len(back), len(positions))
    source, back = positions[:frames], back[:frames]
    angles = bone_angles(source, back)
    joint_error = np.linalg.norm(skeleton_without_root(back) - skeleton_without_root(source), axis=-1)
    limb_error = np.concatenate([
        _limb_relative(uniform_lengths(back), chain) - _limb_relative(uniform_lengths(source), chain) for chain in LIMB_CHAINS
    ], axis=1)
    scale_back = source_leg_length(source) / max(source_leg_length(back), 1e-9)
    root_error = np.linalg.norm(back[:, 0] * scale_back - source[:, 0], axis=-1)
    groups = {name: float(angles[:, list(joints)].mean()) for name, joints in BONE_GROUPS.items()}
    limbs = angles[:, list(MAPPED_LIMB_JOINTS)]
    return {
        "direction_deg": groups,
        "mapped_limbs_deg": float(limbs.mean()),
        "mapped_limbs_max_deg": float(limbs.max()),
        "mapped_limbs_p99_deg": float(np.percentile(limbs, 99)),
        "mapped_limbs_angles_deg": limbs.reshape(-1),
        "all_bones_deg": float(angles[:, 1:].mean()),
        "joint_mm": float(joint_error.mean() * 1000.0),
        "limb_joint_mm": float(np.linalg.norm(limb_error, axis=-1).mean() * 1000.0),
        "root_mm": float(root_error.mean() * 1000.0),
        "frames": frames,
    }


def foot_skating(points: np.ndarray, contacts: np.ndarray, up: np.ndarray, *, fps: float, scale: float = 1.0) -> np.ndarray:
    """(T, K, 3) foot points and (T, K) contact flags -> horizontal speeds
    (cm/s, divided by ``scale`` units per metre) over every contact step t -> t+1."""
    step = np.diff(np.asarray(points, dtype=np.float64), axis=0)
    horizontal = step - (step @ up)[..., None] * up
    speed = np.linalg.norm(horizontal, axis=-1) * fps / scale * 100.0
    flags = np.asarray(contacts, dtype=bool)[:-1]
    return speed[flags]


def foot_points_of(binding: Binding, animation) -> np.ndarray:
    """A ``RigAnimation`` evaluated like Blender -> (T, 4, 3) left ankle, left
    ball, right ankle, right ball (armature space)."""
    locations = np.zeros(animation.rotations.shape[:2] + (3,))
    locations[:, binding.translation_bone] = animation.location
    joints = rig_joint_positions(binding, pose_matrices(binding.rig, animation.rotations, locations))
    return np.stack([joints[:, SIDE_JOINTS[s][p]] for s in SIDES for p in ("ankle", "ball")], axis=1)


def skating_before_after(
    positions: np.ndarray, binding: Binding, *, fps: float | None = None, source_fps: float = GENERATOR_FPS
) -> dict:
    """Foot-skating speeds (cm/s at canonical scale, one per contact step) of
    one clip on a rig without and with foot locking, and of the source."""
    positions = np.asarray(positions, dtype=np.float64)
    scale = binding.leg_length / max(source_leg_length(positions), 1e-9)
    out = {}
    for name, lock in (("before", False), ("after", True)):
        options = RetargetOptions(source_fps=source_fps, fps=fps, foot_lock=lock)
        animation = retarget(positions, binding, options=options)
        speeds = foot_skating(foot_points_of(binding, animation), animation.contacts, binding.up, fps=animation.fps, scale=scale)
        out[name] = speeds
    source_points = positions[:, [SIDE_JOINTS[s][p] for s in SIDES for p in ("ankle", "ball")]]
    source_contacts = contacts_of(positions, source_fps).reshape(len(positions), 4)
    out["source"] = foot_skating(source_points, source_contacts, np.array([0.0, 1.0, 0.0]), fps=source_fps)
    return out


def _world(points: np.ndarray, object_matrix: np.ndarray | None) -> np.ndarray:
    if object_matrix is None:
        return points
    matrix = np.asarray(object_matrix, dtype=np.float64)
    return points @ matrix[:3, :3].T + matrix[:3, 3]


def sole_world_points(binding: Binding, pose: np.ndarray, object_matrix: np.ndarray | None = None) -> np.ndarray:
    """(T, B, 4, 4) armature-space pose matrices -> (T, 2, 2, 3) world points
    (side left/right, toe tip/heel) of ``Binding.soles``."""
    rest = binding.rig.rest_matrices_4x4()
    out = np.empty((pose.shape[0], 2, 2, 3))
    for s, side in enumerate(SIDES):
        sole = binding.soles[side]
        for k, (point, bone) in enumerate(((sole.toe, sole.toe_bone), (sole.heel, sole.foot_bone))):
            delta = pose[:, bone] @ np.linalg.inv(rest[bone])
            out[:, s, k] = delta[:, :3, :3] @ point + delta[:, :3, 3]
    return _world(out, object_matrix)


def planted_frames(positions: np.ndarray, contacts: np.ndarray, *, source_fps: float, fps: float) -> np.ndarray:
    """Source (T, 22, 3) canonical positions and the animation's (T', 4)
    contacts at ``fps`` -> (T', 2) flags: the foot is planted (ankle and
    ball both in contact, each within ``PLANTED_LIFT`` of its standing
    height: a flat foot, not a heel strike or a push-off)."""
    points = [(side, point) for side in SIDES for point in ("ankle", "ball")]
    heights = np.stack([positions[:, SIDE_JOINTS[side][point], 1] for side, point in points], axis=-1)
    if abs(fps - source_fps) > 1e-9:
        heights = interpolate_positions(heights, sample_times(len(positions), source_fps, fps))
    standing = np.array([STANDING_HEIGHTS[point] for _, point in points])
    low = np.asarray(contacts, dtype=bool) & (heights[:len(contacts)] - standing < PLANTED_LIFT)
    return low.reshape(len(low), 2, 2).all(axis=-1)


def floor_heights(
    positions: np.ndarray,
    binding: Binding,
    *,
    options: RetargetOptions = RetargetOptions(),
    object_matrix: np.ndarray | None = None,
    unit_metres: float = 1.0,
) -> dict[str, np.ndarray]:
    """Retarget one clip and read its feet like Blender shows them: world
    heights (along world Z) in cm relative to each foot's rest contact height
    -- ``toe`` and ``heel`` (T, 2) -- and ``planted`` (T, 2) flags.
    ``unit_metres``: metres per world unit (0.01 for a centimetre rig whose
    object is not scaled)."""
    positions = np.asarray(positions, dtype=np.float64)
    animation = retarget(positions, binding, options=options)
    locations = np.zeros(animation.rotations.shape[:2] + (3,))
    locations[:, binding.translation_bone] = animation.location
    pose = pose_matrices(binding.rig, animation.rotations, locations)
    heights = sole_world_points(binding, pose, object_matrix)[..., 2]
    floor = np.array([
        binding.joints[SIDE_JOINTS[side]["ankle"]] - (binding.height(binding.joints[SIDE_JOINTS[side]["ankle"]]) - binding.soles[side].contact) * binding.up
        for side in SIDES
    ])
    contact = _world(floor, object_matrix)[:, 2]
    relative = (heights - contact[None, :, None]) * unit_metres * 100.0
    planted = planted_frames(positions, animation.contacts, source_fps=options.source_fps, fps=animation.fps)
    return {"toe": relative[..., 0], "heel": relative[..., 1], "planted": planted}


def floor_contact(heights: list[dict[str, np.ndarray]]) -> dict:
    """``floor_heights`` of one or more clips -> lowest toe and heel (cm
    relative to the rest contact height), median height of planted feet (the
    lower of toe and heel) and how many foot-frames were planted."""
    toe = np.concatenate([h["toe"].reshape(-1) for h in heights])
    heel = np.concatenate([h["heel"].reshape(-1) for h in heights])
    planted = np.concatenate([np.minimum(h["toe"], h["heel"])[h["planted"]] for h in heights])
    return {
        "min_toe_cm": round(float(toe.min()), 3),
        "min_heel_cm": round(float(heel.min()), 3),
        "planted_median_cm": round(float(np.median(planted)), 3) if planted.size else None,
        "planted_foot_frames": int(planted.size),
    }
