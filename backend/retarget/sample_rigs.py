"""Synthetic rigs: a humanoid rest pose laid out along any bone map.

Used to measure retargeting per rig family without the rigs themselves
(``report``) and by the tests, which add each family's extra bones.
``humanoid_landmarks`` is a ~1.75 m body in Blender's standard axes (metres, Z
up, facing -Y, left at +X) in a T-pose or A-pose, optionally with bent
elbows and knees; ``rows_for_map`` places a map's chains on it (each chain
split evenly along its body part); ``build_rig`` turns rows into a
``RigDescription`` with Blender's roll rule, random rolls, or arbitrary bone
orientations (tails not along the limb, as FBX imports without automatic
bone orientation give), optionally in centimetres and Y-up armature space.
``canonical_rig`` is the extension's own rig. ``add_family_bones`` gives a
sample rig its family's bones beyond the map and hierarchy quirks
(``family_bones``: roots, helper, twist, IK and deform bones, re-parented
mapped bones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..motion import quaternion as Q
from ..motion.axes import canonical_to_blender
from ..motion.skeleton import BONE_LENGTHS, JOINT_NAMES, NUM_JOINTS, PARENTS, Joint, rest_offsets
from .rig_joints import STANDING_HEIGHTS
from .bone_map import BoneMap
from .family_bones import FAMILY_BONES, ExtraBone, FamilyBones
from .rig import RigDescription, bone_matrix
from .slots import PREDECESSORS, SIDES, SLOTS

ORIENTATIONS = ("roll", "random_roll", "arbitrary")
# Rotation taking Blender Z-up armature space to a Y-up one (an FBX armature
# whose object carries the +90 degree X rotation).
Y_UP = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])


@dataclass(frozen=True)
class BoneRow:
    name: str
    parent: str | None
    head: tuple[float, float, float]
    tail: tuple[float, float, float]
    roll: float = 0.0


def _rotate(vector: np.ndarray, axis: np.ndarray, degrees: float) -> np.ndarray:
    return Q.qrot(Q.from_axis_angle(np.asarray(axis, dtype=np.float64), np.radians(degrees)), vector)


def humanoid_landmarks(
    *, pose: str = "T", elbow_bend: float = 0.0, knee_bend: float = 0.0, leg_scale: float = 1.0, torso_scale: float = 1.0
) -> dict[str, np.ndarray]:
    """Named rest points (metres, Blender axes). ``pose``: ``"T"`` (arms
    horizontal) or ``"A"`` (arms 45 degrees down); bends in degrees."""
    if pose not in ("T", "A"):
        raise ValueError("pose must be 'T' or 'A'")
    marks: dict[str, np.ndarray] = {}
    shin, thigh = 0.42 * leg_scale, 0.43 * leg_scale
    ankle_height, hip_height = STANDING_HEIGHTS["ankle"] + 0.01, None
    for side, sign in (("left", 1.0), ("right", -1.0)):
        ankle = np.array([sign * 0.10, 0.02, ankle_height])
        knee_dir = _rotate(np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0]), -knee_bend)
        knee = ankle + shin * knee_dir
        thigh_dir = _rotate(np.array([-sign * 0.02, 0.0, 1.0]) / np.hypot(0.02, 1.0), np.array([1.0, 0.0, 0.0]), knee_bend)
        hip = knee + thigh * thigh_dir
        hip_height = hip[2]
        marks[f"{side}_ankle"], marks[f"{side}_knee"], marks[f"{side}_hip"] = ankle, knee, hip
        marks[f"{side}_ball"] = np.array([sign * 0.11, -0.11, STANDING_HEIGHTS["ball"] + 0.005])
        marks[f"{side}_toe_tip"] = np.array([sign * 0.115, -0.18, 0.01])
    pelvis = np.array([0.0, 0.0, hip_height + 0.05])
    torso = 0.50 * torso_scale
    marks["pelvis"] = pelvis
    marks["neck"] = pelvis + np.array([0.0, 0.01, torso])
    marks["head_base"] = marks["neck"] + np.array([0.0, -0.015, 0.11 * torso_scale])
    marks["head_top"] = marks["head_base"] + np.array([0.0, 0.0, 0.20])
    arm_down = 0.0 if pose == "T" else 45.0
    for side, sign in (("left", 1.0), ("right", -1.0)):
        clavicle = marks["neck"] + np.array([sign * 0.03, -0.03, -0.06])
        shoulder = marks["neck"] + np.array([sign * 0.18, 0.0, -0.04])
        arm_dir = _rotate(np.array([sign, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]), sign * arm_down)
        elbow = shoulder + 0.28 * arm_dir
        bend_axis = np.cross(arm_dir, np.array([0.0, -1.0, 0.0]))
        fore_dir = _rotate(arm_dir, bend_axis, elbow_bend)
        wrist = elbow + 0.26 * fore_dir
        marks[f"{side}_clavicle"], marks[f"{side}_shoulder"] = clavicle, shoulder
        marks[f"{side}_elbow"], marks[f"{side}_wrist"] = elbow, wrist
        marks[f"{side}_hand_tip"] = wrist + 0.18 * fore_dir
    return marks


def spine_point(marks: dict[str, np.ndarray], fraction: float) -> np.ndarray:
    """A point on the gently S-curved spine from pelvis (0) to neck (1)."""
    base = marks["pelvis"] + fraction * (marks["neck"] - marks["pelvis"])
    return base + np.array([0.0, 0.02 * np.sin(2.0 * np.pi * fraction), 0.0])


def _split(start: np.ndarray, end: np.ndarray, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    points = [start + (end - start) * k / count for k in range(count + 1)]
    return list(zip(points[:-1], points[1:]))


def rows_for_map(bone_map: BoneMap, marks: dict[str, np.ndarray]) -> list[BoneRow]:
    """One row per mapped bone, placed on ``marks``, parented as the humanoid
    tree says (each slot's first bone under the last bone of its predecessor)."""
    spans: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    spine = bone_map.bones("spine")
    pieces = len(spine) + 1
    spine_ends = [spine_point(marks, k / pieces) for k in range(pieces + 1)]
    spans["hips"] = [(spine_ends[0], spine_ends[1])]
    spans["spine"] = list(zip(spine_ends[1:-1], spine_ends[2:]))
    spans["neck"] = _split(marks["neck"], marks["head_base"], max(len(bone_map.bones("neck")), 1))
    spans["head"] = [(marks["head_base"], marks["head_top"])]
    for side in SIDES:
        toes = bool(bone_map.bones(f"{side}_toes"))
        parts = {
            "clavicle": ("clavicle", "shoulder"), "upper_arm": ("shoulder", "elbow"), "forearm": ("elbow", "wrist"),
            "hand": ("wrist", "hand_tip"), "thigh": ("hip", "knee"), "shin": ("knee", "ankle"),
            "foot": ("ankle", "ball" if toes else "toe_tip"), "toes": ("ball", "toe_tip"),
        }
        for part, (start, end) in parts.items():
            slot = f"{side}_{part}"
            spans[slot] = _split(marks[f"{side}_{start}"], marks[f"{side}_{end}"], max(len(bone_map.bones(slot)), 1))
    rows = []
    last: dict[str, str] = {}
    for slot in SLOTS:
        chain = bone_map.bones(slot)
        if not chain:
            continue
        parent = next((last[s] for s in PREDECESSORS[slot] if s in last), None)
        for bone, (head, tail) in zip(chain, spans[slot]):
            rows.append(BoneRow(bone, parent, tuple(head), tuple(tail)))
            parent = bone
        last[slot] = chain[-1]
    return rows


def add_extra_bones(
    rows: list[BoneRow], extras: tuple[ExtraBone, ...], parents: tuple[tuple[str, str], ...] = ()
) -> list[BoneRow]:
    """``rows`` plus one short upward row per ``ExtraBone`` (placed at its
    anchor's head or tail, ``"@floor"`` at the origin), with the bones each
    one adopts and the ``(bone, parent)`` pairs of ``parents`` re-parented."""
    by_name = {row.name: row for row in rows}
    parent_of = {row.name: row.parent for row in rows}
    lift = np.array([0.0, 0.0, 0.03])
    out = list(rows)
    for extra in extras:
        if extra.at == "@floor":
            head = np.zeros(3)
        else:
            anchor = by_name[extra.at]
            head = np.asarray(anchor.tail if extra.use_tail else anchor.head)
        row = BoneRow(extra.name, extra.parent, tuple(head), tuple(head + lift))
        out.append(row)
        by_name[extra.name] = row
        parent_of[extra.name] = extra.parent
        for child in extra.adopts:
            parent_of[child] = extra.name
    for bone, parent in parents:
        parent_of[bone] = parent
    return [BoneRow(r.name, parent_of[r.name], r.head, r.tail, r.roll) for r in out]


def add_family_bones(rows: list[BoneRow], family: FamilyBones) -> list[BoneRow]:
    """``rows`` with a family's bones and re-parented bones."""
    return add_extra_bones(rows, family.bones, family.parents)


def build_rig(
    rows: list[BoneRow],
    *,
    orientation: str = "roll",
    seed: int = 0,
    units: float = 1.0,
    y_up: bool = False,
) -> RigDescription:
    """Rows -> ``RigDescription``. ``orientation``: ``"roll"`` (the rows'
    rolls), ``"random_roll"`` (random rolls), ``"arbitrary"`` (random bone
    axes; tails then run along each bone's random Y). ``units``: armature
    units per metre (100 for centimetres). ``y_up``: Y-up armature space."""
    if orientation not in ORIENTATIONS:
        raise ValueError(f"orientation must be one of {ORIENTATIONS}")
    rng = np.random.default_rng(seed)
    heads = np.array([row.head for row in rows], dtype=np.float64) * units
    tails = np.array([row.tail for row in rows], dtype=np.float64) * units
    rolls = np.array([row.roll for row in rows], dtype=np.float64)
    if orientation == "random_roll":
        rolls = rng.uniform(-np.pi, np.pi, len(rows))
    matrices = bone_matrix(tails - heads, rolls)
    if orientation == "arbitrary":
        matrices = Q.to_matrix(Q.normalize(rng.normal(size=(len(rows), 4))))
        lengths = np.linalg.norm(tails - heads, axis=-1, keepdims=True)
        tails = heads + matrices[:, :, 1] * np.maximum(lengths, 0.01 * units)
    if y_up:
        heads, tails, matrices = heads @ Y_UP.T, tails @ Y_UP.T, Y_UP @ matrices
    return RigDescription.from_parent_names(
        names=[row.name for row in rows], parent_names=[row.parent for row in rows], heads=heads, tails=tails,
        matrices=matrices,
    )


def rig_for_map(
    bone_map: BoneMap,
    *,
    pose: str = "T",
    elbow_bend: float = 0.0,
    knee_bend: float = 0.0,
    orientation: str = "roll",
    seed: int = 0,
    units: float = 1.0,
    y_up: bool = False,
    with_extras: bool = False,
    extra_rows: tuple[BoneRow, ...] = (),
    family: FamilyBones = FamilyBones(),
) -> RigDescription:
    """A synthetic rig carrying ``bone_map``'s bones and ``family``'s bones
    and quirks (plus, with ``with_extras``, the map's other extra bones as
    small bones under the hips, and ``extra_rows``)."""
    marks = humanoid_landmarks(pose=pose, elbow_bend=elbow_bend, knee_bend=knee_bend)
    rows = add_family_bones(rows_for_map(bone_map, marks), family)
    if with_extras:
        hips = rows[0]
        tip = tuple(np.asarray(hips.head) + np.array([0.0, 0.0, 0.02]))
        present = {row.name for row in rows}
        rows += [BoneRow(name, hips.name, hips.head, tip) for name in bone_map.extras if name not in present]
    rows += list(extra_rows)
    return build_rig(rows, orientation=orientation, seed=seed, units=units, y_up=y_up)


# A plausible rest pose and bone convention per preset (how such rigs usually
# arrive in Blender): FBX imports get arbitrary bone axes, centimetres and a
# Y-up armature space; Blender-made rigs keep Blender's roll rule.
PRESET_VARIANTS: dict[str, dict] = {
    "smplx": dict(pose="T", orientation="roll"),
    "smpl": dict(pose="T", orientation="random_roll"),
    "mixamo": dict(pose="T", orientation="arbitrary", units=100.0, y_up=True),
    "rigify_fk": dict(pose="A", elbow_bend=10.0, knee_bend=4.0, orientation="random_roll"),
    "rigify_def": dict(pose="A", elbow_bend=10.0, knee_bend=4.0, orientation="random_roll"),
    "rigify_metarig": dict(pose="A", elbow_bend=10.0, knee_bend=4.0, orientation="roll"),
    "unreal_ue5": dict(pose="A", elbow_bend=15.0, orientation="arbitrary", units=100.0, y_up=True),
    "unreal_ue4": dict(pose="T", orientation="arbitrary", units=100.0, y_up=True),
    "vroid": dict(pose="T", orientation="random_roll"),
    "character_creator": dict(pose="A", orientation="arbitrary", units=100.0),
    "daz_genesis8": dict(pose="A", elbow_bend=5.0, orientation="arbitrary", units=100.0),
    "daz_genesis9": dict(pose="A", elbow_bend=5.0, orientation="arbitrary", units=100.0),
    "makehuman": dict(pose="A", orientation="roll"),
    "cmu_motionbuilder": dict(pose="T", orientation="roll"),
    "cmu_daz": dict(pose="T", orientation="random_roll"),
    "bandai": dict(pose="T", orientation="roll"),
    "mmd": dict(pose="A", orientation="random_roll"),
    "mmd_english": dict(pose="A", elbow_bend=5.0, orientation="random_roll"),
    "biped": dict(pose="T", orientation="arbitrary", units=100.0, y_up=True),
    "auto_rig_pro_fk": dict(pose="A", elbow_bend=8.0, knee_bend=3.0, orientation="roll"),
    "auto_rig_pro_deform": dict(pose="A", elbow_bend=8.0, orientation="arbitrary", units=100.0),
    "humanik": dict(pose="T", orientation="arbitrary", units=100.0, y_up=True),
}


def sample_rig(preset: BoneMap, *, with_extras: bool = True, seed: int = 0) -> RigDescription:
    """The synthetic rig for a preset in its family's usual form
    (``PRESET_VARIANTS``) with the family's bones and hierarchy quirks
    (``family_bones.FAMILY_BONES``); the canonical preset gets
    ``canonical_rig``."""
    if preset.name == "canonical":
        return canonical_rig()
    variant = PRESET_VARIANTS.get(preset.name, {})
    family = FAMILY_BONES.get(preset.name, FamilyBones())
    return rig_for_map(preset, with_extras=with_extras, seed=seed, family=family, **variant)


# Directions (left, up, forward in the body's frame) of the canonical
# skeleton's links that the IK rest pose leaves unlike the training data
# (medians over the default build): pelvis -> left hip (the pelvis sits above
# the hip joints), spine3 -> left collar (the collar joints sit near the
# neck's base) and left collar -> left shoulder (the clavicle runs sideways).
PELVIS_TO_HIP = np.array([0.946, -0.304, -0.118])
SPINE3_TO_COLLAR = np.array([0.184, 0.962, -0.201])
COLLAR_TO_SHOULDER = np.array([0.963, -0.226, 0.134])


def canonical_rest_positions() -> np.ndarray:
    """(22, 3) canonical rest pose (``motion.skeleton``'s: arms hanging
    down, feet forward) with the pelvis, collar and clavicle links as the
    data has them."""
    offsets = rest_offsets()
    mirror = np.array([-1.0, 1.0, 1.0])
    for left, right, direction in (
        (Joint.LEFT_HIP, Joint.RIGHT_HIP, PELVIS_TO_HIP), (Joint.LEFT_COLLAR, Joint.RIGHT_COLLAR, SPINE3_TO_COLLAR),
        (Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER, COLLAR_TO_SHOULDER),
    ):
        unit_direction = direction / np.linalg.norm(direction)
        offsets[left] = BONE_LENGTHS[left] * unit_direction
        offsets[right] = BONE_LENGTHS[right] * unit_direction * mirror
    positions = np.zeros((NUM_JOINTS, 3))
    for j in range(1, NUM_JOINTS):
        positions[j] = positions[PARENTS[j]] + offsets[j]
    return positions


def canonical_rig() -> RigDescription:
    """The extension's own rig: one bone per canonical joint (named
    ``JOINT_NAMES``, heads on ``canonical_rest_positions`` in Blender axes,
    ankles at their standing height), each pointing at its child joint."""
    joints = canonical_to_blender(canonical_rest_positions())
    joints[:, 2] += STANDING_HEIGHTS["ankle"] - joints[JOINT_NAMES.index("left_ankle"), 2]
    children = {p: j for j, p in reversed(list(enumerate(PARENTS))) if p >= 0}
    children[JOINT_NAMES.index("spine3")] = JOINT_NAMES.index("neck")
    leaf_offsets = {
        "head": np.array([0.0, 0.0, 0.12]), "left_foot": np.array([0.0, -0.06, 0.0]),
        "right_foot": np.array([0.0, -0.06, 0.0]), "left_wrist": np.array([0.08, 0.0, 0.0]),
        "right_wrist": np.array([-0.08, 0.0, 0.0]),
    }
    tails = np.array([
        joints[children[j]] if j in children else joints[j] + leaf_offsets[name] for j, name in enumerate(JOINT_NAMES)
    ])
    return RigDescription.from_rolls(
        names=JOINT_NAMES, parent_names=[JOINT_NAMES[p] if p >= 0 else None for p in PARENTS], heads=joints,
        tails=tails,
    )


_SIDE_REWRITES = (
    (re.compile(r"^(.*)\.([LRlr])((?:\.\d+)?)$"), lambda m: f"{m[1]}_{m[2].lower()}{m[3]}"),
    (re.compile(r"^(.*)_([LRlr])_(.*)$"), lambda m: f"{m[1]}_{m[3]}_{m[2]}"),
    (re.compile(r"^([LRlr])_(.*)$"), lambda m: f"{m[2]}.{m[1].upper()}"),
    (re.compile(r"^(.*)_([LRlr])$"), lambda m: f"{m[1]}.{m[2].upper()}"),
    (re.compile(r"^(Left|Right)(.+)$"), lambda m: f"{m[2]}_{m[1]}"),
    (re.compile(r"^(left|right)_(.+)$"), lambda m: f"{m[2]}_{m[1]}"),
    (re.compile(r"^([lr])([A-Z].*)$"), lambda m: f"{m[2]}.{m[1].upper()}"),
)


def swap_side_notation(name: str) -> str:
    """Write a bone name's side another common way (``thigh.L`` ->
    ``thigh_l``, ``thigh_l`` -> ``thigh.L``, ``LeftArm`` -> ``Arm_Left``,
    ``CC_Base_L_Thigh`` -> ``CC_Base_Thigh_L``, ``lShin`` -> ``Shin.L`` …),
    keeping any namespace."""
    head, sep, tail = name.rpartition(":") if ":" in name else ("", "", name)
    for pattern, rewrite in _SIDE_REWRITES:
        match = pattern.match(tail)
        if match:
            return head + sep + rewrite(match)
    return name


RENAMINGS = {
    "armature_prefix": lambda name: f"Armature|{name}",
    "upper_case": str.upper,
    "lower_case": str.lower,
    "side_notation": swap_side_notation,
}


def renamed(rig: RigDescription, renaming: str) -> RigDescription:
    """The same rig with every bone renamed by ``RENAMINGS[renaming]``."""
    rename = RENAMINGS[renaming]
    names = [rename(name) for name in rig.names]
    return RigDescription(names=tuple(names), parents=rig.parents, heads=rig.heads, tails=rig.tails, matrices=rig.matrices)
