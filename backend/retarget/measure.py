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
"""

from __future__ import annotations

import numpy as np

from ..motion.skeleton import PARENTS, Joint
from .binding import Binding
from .from_rig import rig_joint_positions, to_canonical, uniform_lengths
from .pose import pose_matrices
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
    return {
        "direction_deg": groups,
        "mapped_limbs_deg": float(angles[:, [j for g in MAPPED_LIMBS for j in BONE_GROUPS[g]]].mean()),
        "mapped_limbs_max_deg": float(angles[:, [j for g in MAPPED_LIMBS for j in BONE_GROUPS[g]]].max()),
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
