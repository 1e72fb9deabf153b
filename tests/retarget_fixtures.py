"""Rigs of every preset family, built from bone lists and rest poses, and
motions to drive them.

Each family fixture starts from the preset's own bones laid on a humanoid rest
pose (``sample_rigs.rows_for_map``), then adds the bones that family really
has around them -- roots, twist and helper bones, fingers, the bones that sit
between the hips and the thighs -- re-parenting mapped bones under them as the
real rigs do (CC_Base_Pelvis, LHipJoint, DAZ pelvis, Rigify's MCH parents …).
Rest poses cover T- and A-poses with bent rest limbs; bone axes cover
Blender's roll rule, random rolls and arbitrary bone orientations (FBX
imports), in metres or centimetres and Z- or Y-up armature space.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backend.motion import quaternion as Q
from backend.motion.kinematics import forward_kinematics
from backend.motion.skeleton import NUM_JOINTS, PARENTS, Joint
from backend.retarget.family_bones import FAMILY_BONES, FamilyBones
from backend.retarget.family_bones import ExtraBone as Extra
from backend.retarget.presets import PRESETS
from backend.retarget.rig import RigDescription
from backend.retarget.rig_joints import STANDING_HEIGHTS
from backend.retarget.sample_rigs import (
    BoneRow, add_extra_bones, add_family_bones, build_rig, canonical_rest_positions, canonical_rig, humanoid_landmarks, rows_for_map,
)
from backend.retarget.slots import sided

RIGID_LINKS = [Joint.LEFT_HIP, Joint.RIGHT_HIP, Joint.SPINE1, Joint.NECK, Joint.LEFT_COLLAR, Joint.RIGHT_COLLAR]


@dataclass(frozen=True)
class FamilyFixture:
    preset: str
    pose: str = "T"
    elbow_bend: float = 0.0
    knee_bend: float = 0.0
    orientation: str = "roll"
    units: float = 1.0
    y_up: bool = False
    prefix: str = ""
    extras: tuple[Extra, ...] = ()
    family: FamilyBones = FamilyBones()
    also_maps: tuple[str, ...] = ()
    expected_alternatives: tuple[str, ...] = ()


def _sided(template: str) -> list[str]:
    return list(sided(template))


def _fingers(templates: tuple[str, ...], parent_template: str) -> tuple[Extra, ...]:
    out = []
    for template in templates:
        for name, parent in zip(_sided(template), _sided(parent_template)):
            out.append(Extra(name, parent, parent, use_tail=True))
    return tuple(out)


def _side_extras(name: str, parent: str, *, at: str | None = None, use_tail: bool = False, adopts: str | None = None) -> tuple[Extra, ...]:
    names, parents, ats = _sided(name), _sided(parent), _sided(at or parent)
    adopted = _sided(adopts) if adopts else [None, None]
    return tuple(
        Extra(n, p, a, use_tail=use_tail, adopts=(c,) if c else ()) for n, p, a, c in zip(names, parents, ats, adopted)
    )


FIXTURES: dict[str, FamilyFixture] = {
    "canonical": FamilyFixture(preset="canonical"),
    "smplx": FamilyFixture(
        preset="smplx",
        extras=(Extra("root", None, "pelvis", adopts=("pelvis",)), Extra("jaw", "head", "head"),
                *_side_extras("{left}_eye_smplhf", "head"),
                *_fingers(("{left}_index1", "{left}_thumb1", "{left}_middle1"), "{left}_wrist")),
    ),
    "smpl": FamilyFixture(
        preset="smpl", orientation="random_roll", prefix="m_avg_",
        extras=(Extra("root", None, "Pelvis", adopts=("Pelvis",)), *_side_extras("{L}_Hand", "{L}_Wrist", use_tail=True)),
    ),
    "mixamo": FamilyFixture(
        preset="mixamo", orientation="arbitrary", units=100.0, y_up=True, prefix="mixamorig:",
        extras=(Extra("HeadTop_End", "Head", "Head", use_tail=True), *_side_extras("{Left}Toe_End", "{Left}ToeBase", use_tail=True),
                *_side_extras("{Left}Eye", "Head"),
                *_fingers(("{Left}HandThumb1", "{Left}HandIndex1", "{Left}HandMiddle1"), "{Left}Hand")),
    ),
    "mixamo_no_prefix": FamilyFixture(
        preset="mixamo", pose="A", orientation="random_roll",
        extras=(Extra("HeadTop_End", "Head", "Head", use_tail=True), *_side_extras("{Left}Toe_End", "{Left}ToeBase", use_tail=True)),
    ),
    "rigify_metarig": FamilyFixture(
        preset="rigify_metarig", elbow_bend=8.0, knee_bend=3.0,
        extras=(*_side_extras("pelvis.{L}", "spine"), *_side_extras("breast.{L}", "spine.003"),
                *_side_extras("heel.02.{L}", "foot.{L}"), Extra("face", "spine.006", "spine.006"),
                *_fingers(("palm.01.{L}", "thumb.01.{L}", "palm.02.{L}"), "hand.{L}")),
    ),
    "rigify_def_export": FamilyFixture(
        preset="rigify_def", pose="A", elbow_bend=8.0, orientation="random_roll",
        extras=(Extra("root", None, "DEF-spine", adopts=("DEF-spine",)), *_side_extras("DEF-pelvis.{L}", "DEF-spine"),
                *_side_extras("DEF-breast.{L}", "DEF-spine.003")),
    ),
    "rigify_generated": FamilyFixture(
        preset="rigify_fk", pose="A", elbow_bend=8.0, knee_bend=3.0, orientation="random_roll",
        also_maps=("rigify_def",), expected_alternatives=("rigify_def",),
        extras=(
            Extra("root", None, "torso", adopts=("torso", "DEF-spine")),
            Extra("hips", "torso", "torso"), Extra("chest", "torso", "spine_fk.003"),
            Extra("spine_fk", "torso", "torso"), Extra("spine_fk.001", "spine_fk", "torso"),
            Extra("MCH-spine.002", "torso", "spine_fk.002", adopts=("spine_fk.002",)),
            Extra("ORG-spine.003", "spine_fk.003", "spine_fk.003", adopts=("neck",)),
            *_side_extras("ORG-shoulder.{L}", "shoulder.{L}"),
            *_side_extras("MCH-upper_arm_parent.{L}", "ORG-shoulder.{L}", at="upper_arm_fk.{L}"),
            *_side_extras("upper_arm_parent.{L}", "MCH-upper_arm_parent.{L}", at="upper_arm_fk.{L}", adopts="upper_arm_fk.{L}"),
            *_side_extras("MCH-thigh_parent.{L}", "torso", at="thigh_fk.{L}"),
            *_side_extras("thigh_parent.{L}", "MCH-thigh_parent.{L}", at="thigh_fk.{L}", adopts="thigh_fk.{L}"),
            *_side_extras("hand_ik.{L}", "root", at="hand_fk.{L}"), *_side_extras("foot_ik.{L}", "root", at="foot_fk.{L}"),
            *_side_extras("upper_arm_ik.{L}", "MCH-upper_arm_parent.{L}", at="upper_arm_fk.{L}"),
            *_side_extras("thigh_ik.{L}", "MCH-thigh_parent.{L}", at="thigh_fk.{L}"),
            *_side_extras("ORG-thigh.{L}", "ORG-spine.003", at="thigh_fk.{L}"),
            *_side_extras("MCH-forearm_tweak.{L}", "forearm_fk.{L}", at="forearm_fk.{L}"),
        ),
    ),
    "unreal_ue4": FamilyFixture(
        preset="unreal_ue4", orientation="arbitrary", units=100.0, y_up=True,
        extras=(Extra("root", None, "@floor", adopts=("pelvis",)), Extra("ik_foot_root", "root", "@floor"),
                *_side_extras("ik_foot_{l}", "ik_foot_root", at="foot_{l}"), Extra("ik_hand_root", "root", "@floor"),
                Extra("ik_hand_gun", "ik_hand_root", "hand_r"), *_side_extras("ik_hand_{l}", "ik_hand_gun", at="hand_{l}"),
                *_side_extras("upperarm_twist_01_{l}", "upperarm_{l}"), *_side_extras("lowerarm_twist_01_{l}", "lowerarm_{l}"),
                *_side_extras("thigh_twist_01_{l}", "thigh_{l}"), *_side_extras("calf_twist_01_{l}", "calf_{l}"),
                *_fingers(("thumb_01_{l}", "index_01_{l}", "middle_01_{l}"), "hand_{l}")),
    ),
    "unreal_ue5": FamilyFixture(
        preset="unreal_ue5", pose="A", elbow_bend=15.0, orientation="arbitrary", units=100.0, y_up=True,
        extras=(Extra("root", None, "@floor", adopts=("pelvis",)), Extra("ik_foot_root", "root", "@floor"),
                *_side_extras("ik_foot_{l}", "ik_foot_root", at="foot_{l}"),
                *_side_extras("upperarm_twist_01_{l}", "upperarm_{l}"), *_side_extras("upperarm_twist_02_{l}", "upperarm_{l}"),
                *_side_extras("lowerarm_twist_01_{l}", "lowerarm_{l}"), *_side_extras("thigh_twist_01_{l}", "thigh_{l}"),
                *_side_extras("calf_twist_01_{l}", "calf_{l}"), *_side_extras("index_metacarpal_{l}", "hand_{l}"),
                *_fingers(("thumb_01_{l}", "index_01_{l}"), "hand_{l}")),
    ),
    "vroid": FamilyFixture(
        preset="vroid", orientation="random_roll",
        extras=(Extra("Root", None, "@floor", adopts=("J_Bip_C_Hips",)), *_side_extras("J_Adj_{L}_FaceEye", "J_Bip_C_Head"),
                *_fingers(("J_Bip_{L}_Thumb1", "J_Bip_{L}_Index1", "J_Bip_{L}_Little1"), "J_Bip_{L}_Hand")),
    ),
    "character_creator": FamilyFixture(
        preset="character_creator", pose="A", orientation="arbitrary", units=100.0,
        extras=(Extra("CC_Base_BoneRoot", None, "@floor", adopts=("CC_Base_Hip",)),
                Extra("CC_Base_Pelvis", "CC_Base_Hip", "CC_Base_Hip", adopts=("CC_Base_L_Thigh", "CC_Base_R_Thigh")),
                Extra("CC_Base_FacialBone", "CC_Base_Head", "CC_Base_Head"),
                *_side_extras("CC_Base_{L}_UpperarmTwist01", "CC_Base_{L}_Upperarm"),
                *_side_extras("CC_Base_{L}_ForearmTwist01", "CC_Base_{L}_Forearm"),
                *_side_extras("CC_Base_{L}_ThighTwist01", "CC_Base_{L}_Thigh"),
                *_side_extras("CC_Base_{L}_CalfTwist01", "CC_Base_{L}_Calf"),
                *_side_extras("CC_Base_{L}_RibsTwist", "CC_Base_Spine02"),
                *_fingers(("CC_Base_{L}_Thumb1", "CC_Base_{L}_Index1"), "CC_Base_{L}_Hand")),
    ),
    "daz_genesis8": FamilyFixture(
        preset="daz_genesis8", pose="A", elbow_bend=5.0, orientation="arbitrary", units=100.0,
        extras=(Extra("pelvis", "hip", "hip", adopts=("lThighBend", "rThighBend")),
                *_side_extras("{l}Metatarsals", "{l}Foot", adopts="{l}Toe"), *_side_extras("{l}Eye", "head"),
                Extra("lowerJaw", "head", "head"), *_fingers(("{l}Thumb1", "{l}Index1", "{l}Mid1"), "{l}Hand")),
    ),
    "daz_genesis9": FamilyFixture(
        preset="daz_genesis9", pose="A", elbow_bend=5.0, orientation="arbitrary", units=100.0,
        extras=(Extra("pelvis", "hip", "hip", adopts=("l_thigh", "r_thigh")),
                *_side_extras("{l}_metatarsal", "{l}_foot", adopts="{l}_toes"),
                *_side_extras("{l}_upperarm_twist1", "{l}_upperarm"), *_side_extras("{l}_forearm_twist1", "{l}_forearm"),
                *_side_extras("{l}_thigh_twist1", "{l}_thigh"), *_side_extras("{l}_eye", "head"),
                *_fingers(("{l}_thumb1", "{l}_index1"), "{l}_hand")),
    ),
    "makehuman": FamilyFixture(
        preset="makehuman", pose="A",
        extras=(*_side_extras("pelvis.{L}", "root", adopts="upperleg01.{L}"), *_side_extras("breast.{L}", "spine03"),
                *_side_extras("toe1-1.{L}", "foot.{L}", use_tail=True), *_side_extras("eye.{L}", "head"),
                *_fingers(("finger1-1.{L}", "finger2-1.{L}", "metacarpal1.{L}"), "wrist.{L}")),
    ),
    "cmu_motionbuilder": FamilyFixture(
        preset="cmu_motionbuilder",
        extras=(*_side_extras("{L}HipJoint", "Hips", adopts="{Left}UpLeg"),
                *_side_extras("{Left}FingerBase", "{Left}Hand", use_tail=True),
                *_side_extras("{Left}HandIndex1", "{Left}FingerBase", use_tail=True),
                *_side_extras("{L}Thumb", "{Left}Hand")),
    ),
    "cmu_daz": FamilyFixture(
        preset="cmu_daz", orientation="random_roll", extras=_side_extras("{l}Buttock", "hip", adopts="{l}Thigh"),
    ),
    "bandai": FamilyFixture(preset="bandai"),
    # The families below take their roots, helpers and hierarchy quirks from
    # ``family_bones`` (the sample rigs use the same tables).
    "mmd": FamilyFixture(preset="mmd", pose="A", orientation="random_roll", family=FAMILY_BONES["mmd"]),
    "mmd_english": FamilyFixture(
        preset="mmd_english", pose="A", elbow_bend=5.0, orientation="arbitrary", family=FAMILY_BONES["mmd_english"],
    ),
    "biped": FamilyFixture(preset="biped", orientation="arbitrary", units=100.0, y_up=True, family=FAMILY_BONES["biped"]),
    "auto_rig_pro": FamilyFixture(
        preset="auto_rig_pro_fk", pose="A", elbow_bend=8.0, knee_bend=3.0, orientation="random_roll",
        also_maps=("auto_rig_pro_deform",), expected_alternatives=("auto_rig_pro_deform",),
        family=FamilyBones(bones=FAMILY_BONES["auto_rig_pro_fk"].bones + FAMILY_BONES["auto_rig_pro_deform"].bones),
    ),
    "auto_rig_pro_export": FamilyFixture(
        preset="auto_rig_pro_deform", pose="A", elbow_bend=8.0, orientation="arbitrary", units=100.0,
        family=FAMILY_BONES["auto_rig_pro_deform"],
    ),
    "humanik": FamilyFixture(
        preset="humanik", orientation="arbitrary", units=100.0, y_up=True, prefix="Character1_",
        expected_alternatives=("mixamo",), family=FAMILY_BONES["humanik"],
    ),
    "humanik_namespace": FamilyFixture(
        preset="humanik", pose="A", orientation="random_roll", prefix="Character1:",
        expected_alternatives=("mixamo",), family=FAMILY_BONES["humanik"],
    ),
}


def _placed_rows(fixture: FamilyFixture) -> list[BoneRow]:
    marks = humanoid_landmarks(pose=fixture.pose, elbow_bend=fixture.elbow_bend, knee_bend=fixture.knee_bend)
    rows = rows_for_map(PRESETS[fixture.preset], marks)
    for other in fixture.also_maps:
        rows += rows_for_map(PRESETS[other], marks)
    ordered = add_family_bones(add_extra_bones(rows, fixture.extras), fixture.family)
    if fixture.prefix:
        ordered = [
            BoneRow(fixture.prefix + r.name, fixture.prefix + r.parent if r.parent else None, r.head, r.tail, r.roll)
            for r in ordered
        ]
    return ordered


def family_rig(name: str, *, seed: int = 0) -> RigDescription:
    """The fixture rig of family ``name`` (a key of ``FIXTURES``)."""
    fixture = FIXTURES[name]
    if name == "canonical":
        return canonical_rig()
    return build_rig(_placed_rows(fixture), orientation=fixture.orientation, seed=seed, units=fixture.units, y_up=fixture.y_up)


def synthetic_motion(frames: int = 48, *, seed: int = 0, amplitude: float = 0.6, speed: float = 1.2) -> np.ndarray:
    """(T, 22, 3) canonical positions: smooth random joint rotations about the
    rest pose (knees and elbows only flex), turning and walking forward,
    floor at y = 0 (20 fps). The
    pelvis triangle (hips, spine1) and the chest (neck base, collars) stay
    rigid, as in the data."""
    rng = np.random.default_rng(seed)
    t = np.arange(frames) / 20.0
    axes = rng.normal(size=(NUM_JOINTS, 3))
    phases = rng.uniform(0, 2 * np.pi, size=(NUM_JOINTS, 2))
    freqs = rng.uniform(0.3, 1.5, size=(NUM_JOINTS, 2))
    angle = amplitude * (np.sin(2 * np.pi * freqs[:, :1] * t + phases[:, :1]) + 0.5 * np.sin(2 * np.pi * freqs[:, 1:] * t + phases[:, 1:])) / 1.5
    # Knees and elbows are hinges that only flex (shin back, forearm forward).
    for joint, axis in ((Joint.LEFT_ANKLE, (1, 0, 0)), (Joint.RIGHT_ANKLE, (1, 0, 0)),
                        (Joint.LEFT_WRIST, (-1, 0, 0)), (Joint.RIGHT_WRIST, (-1, 0, 0))):
        axes[joint] = axis
        angle[joint] = 1.3 * np.abs(angle[joint])
    quats = Q.from_axis_angle(np.broadcast_to(axes[:, None], (NUM_JOINTS, frames, 3)), angle).transpose(1, 0, 2)
    quats[:, RIGID_LINKS] = Q.identity()
    # Arm chains accumulate from the root (HumanML3D's layout): give the
    # collar links the spine's rotation so the collars ride on the chest.
    chest = Q.qmul(Q.qmul(quats[:, Joint.SPINE1], quats[:, Joint.SPINE2]), quats[:, Joint.SPINE3])
    quats[:, Joint.LEFT_COLLAR] = quats[:, Joint.RIGHT_COLLAR] = chest
    yaw = 0.8 * np.sin(2 * np.pi * 0.2 * t)
    quats[:, 0] = Q.about_y(yaw)
    root = np.stack([0.3 * np.sin(t), np.full(frames, 0.9), speed * t], axis=-1)
    rest = canonical_rest_positions()
    offsets = rest - rest[list(PARENTS)]
    offsets[0] = 0.0
    positions = forward_kinematics(quats, root, offsets)
    positions[..., 1] -= positions[..., 1].min()
    return positions


def planted_sway(frames: int = 60, *, slide: float = 0.03) -> np.ndarray:
    """(T, 22, 3): the rest stance (ankles at their standing height) swaying
    side to side with the feet dragged along by ``slide`` metres (so they
    skate while in contact)."""
    rest = canonical_rest_positions()
    t = np.arange(frames) / 20.0
    sway = slide * np.sin(2 * np.pi * 0.5 * t)
    positions = np.repeat(rest[None], frames, axis=0)
    positions[..., 0] += sway[:, None]
    positions[..., 1] += STANDING_HEIGHTS["ankle"] - positions[:, Joint.LEFT_ANKLE, 1:2]
    return positions


