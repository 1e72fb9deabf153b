"""Canonical -> rig -> canonical on rigs of every preset family.

The rig is evaluated by Blender's rule (``retarget.pose``, checked against
real Blender in ``test_retarget_blender``), so these round trips test the
solver's local rotations and root location as Blender would apply them.
"""

import numpy as np
import pytest

from backend.motion.skeleton import MIRROR_INDEX, Joint
from backend.retarget import auto_bind, bind, retarget
from backend.retarget.bone_map import BoneMap
from backend.retarget.measure import MAPPED_LIMBS, round_trip
from backend.retarget.presets import PRESETS
from backend.retarget.sample_rigs import rig_for_map
from backend.retarget.to_rig import RetargetOptions

from .retarget_fixtures import FIXTURES, family_rig, synthetic_motion

MOTION = synthetic_motion(48, seed=1)
BENDY = synthetic_motion(60, seed=2, amplitude=1.2)
TARGET_DEGREES = 2.0


@pytest.fixture(scope="module")
def real_clips(cmu_folder, bandai_folders):
    from .real_clips import real_clips as load

    clips = load(cmu_folder, bandai_folders)
    return [clips["02_01"], clips["dataset-2_wave-right-hand_active_003"]]


@pytest.mark.parametrize("family", list(FIXTURES))
def test_round_trip_on_every_family(family, real_clips):
    binding, _ = auto_bind(family_rig(family))
    for motion in [MOTION, *real_clips]:
        result = round_trip(motion, binding)
        assert result["mapped_limbs_deg"] <= TARGET_DEGREES
        assert result["mapped_limbs_max_deg"] < 0.01
        assert result["direction_deg"]["clavicles"] < 0.01 and result["direction_deg"]["neck_head"] < 0.01
        assert result["direction_deg"]["spine"] < 8.0
        assert result["limb_joint_mm"] < 0.1
        assert result["joint_mm"] < 40.0


def test_canonical_rig_round_trip_is_exact():
    binding, _ = auto_bind(family_rig("canonical"))
    result = round_trip(MOTION, binding)
    assert result["all_bones_deg"] < 1e-4 and result["joint_mm"] < 1e-3 and result["root_mm"] < 1e-3


@pytest.mark.parametrize("fps", [24.0, 25.0, 29.97, 50.0, 60.0])
def test_round_trip_through_scene_rates(fps):
    binding, _ = auto_bind(family_rig("unreal_ue5"))
    result = round_trip(MOTION, binding, fps=fps)
    assert result["mapped_limbs_deg"] < 1.0
    assert result["frames"] >= len(MOTION) - 1


@pytest.mark.parametrize(
    "variant",
    [dict(pose="T"), dict(pose="A"), dict(pose="A", elbow_bend=30.0, knee_bend=15.0), dict(orientation="random_roll", seed=4),
     dict(orientation="arbitrary", seed=5), dict(orientation="arbitrary", units=100.0, y_up=True, pose="A")],
)
def test_world_result_does_not_depend_on_rest_pose_or_bone_axes(variant):
    """Same motion on T/A-pose, bent, rolled, arbitrary-axis, cm and Y-up rigs:
    the rig's limbs point the same way in the rig's body frame."""
    preset = PRESETS["mixamo"]
    reference = round_trip(MOTION, bind(rig_for_map(preset), preset))
    other = round_trip(MOTION, bind(rig_for_map(preset, **variant), preset))
    assert other["mapped_limbs_deg"] < 1e-3
    for group in MAPPED_LIMBS:
        assert other["direction_deg"][group] == pytest.approx(reference["direction_deg"][group], abs=1e-3)


@pytest.mark.parametrize("spine_bones", [1, 2, 6])
def test_spines_of_any_length_without_collars_or_toes(spine_bones):
    spine = tuple(f"spine_{i}" for i in range(spine_bones))
    slots = {**PRESETS["bandai"].slots, "spine": spine, "left_clavicle": (), "right_clavicle": (), "left_toes": (),
             "right_toes": (), "neck": ()}
    bone_map = BoneMap(name="custom", slots=slots)
    binding = bind(rig_for_map(bone_map, pose="A"), bone_map)
    result = round_trip(MOTION, binding)
    for group in ("upper_arms", "forearms", "thighs", "shins", "feet"):
        assert result["direction_deg"][group] < 1e-3
    assert result["direction_deg"]["spine"] < 12.0
    # Without clavicle bones the collar-to-shoulder link cannot move: only the
    # limbs below it are compared.
    assert result["limb_joint_mm"] < 0.1


def test_unmapped_bones_stay_at_rest():
    rig = family_rig("character_creator")
    binding, detection = auto_bind(rig)
    animation = retarget(MOTION, binding)
    identity = np.array([1.0, 0.0, 0.0, 0.0])
    for b, name in enumerate(rig.names):
        if name in detection.unmapped:
            assert not animation.animated[b]
            assert np.allclose(animation.rotations[:, b], identity)
    assert set(animation.animated_bones()) == set(detection.bone_map.mapped_bones())


def test_elbows_and_knees_bend_about_the_rigs_hinge():
    """Wherever the source elbow or knee is clearly bent, the forearm's (shin's)
    local rotation is a rotation about the rig's own hinge axis: exactly for
    straight rest limbs (canonical rig), within a few degrees where the rest
    limb is slightly bent out of its hinge plane (the sample rigs' legs lean
    inwards by ~1 degree), since bone directions are matched first."""
    chains = {"arm": ("forearm", Joint.LEFT_SHOULDER, Joint.LEFT_ELBOW, Joint.LEFT_WRIST),
              "leg": ("shin", Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE)}
    for family in ("canonical", "mixamo", "unreal_ue5", "daz_genesis8", "rigify_metarig"):
        binding, _ = auto_bind(family_rig(family))
        animation = retarget(BENDY, binding, options=RetargetOptions(foot_lock=False))
        for side, mirror in (("left", 0), ("right", 1)):
            for hinge, (slot, a, b, c) in chains.items():
                a, b, c = (MIRROR_INDEX[j] if mirror else j for j in (a, b, c))
                upper, lower_dir = BENDY[:, b] - BENDY[:, a], BENDY[:, c] - BENDY[:, b]
                cos = np.sum(upper * lower_dir, -1) / np.linalg.norm(upper, axis=-1) / np.linalg.norm(lower_dir, axis=-1)
                bent = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))) > 25.0
                assert bent.sum() >= 5
                lower = binding.slot_bones[f"{side}_{slot}"][0]
                axis = binding.rig.matrices[lower].T @ binding.rest_hinges[f"{side}_{hinge}"]
                q = animation.rotations[bent, lower]
                vector = q[:, 1:] * np.sign(q[:, :1])
                along = np.abs(vector @ axis) / np.maximum(np.linalg.norm(vector, axis=-1), 1e-12)
                tolerance = 0.1 if family == "canonical" else 5.0
                assert np.degrees(np.arccos(np.clip(along, 0.0, 1.0))).max() < tolerance, (family, side, slot)


@pytest.mark.parametrize(
    ("family", "root", "still"),
    [
        ("mmd", "センター", ("全ての親", "グルーブ", "腰", "左足ＩＫ", "右足D", "左腕捩", "腰キャンセル右")),
        ("biped", "Bip01", ("Bip01 Footsteps", "Bip01 L Finger0", "Bip01 R ForeTwist")),
        ("auto_rig_pro", "c_root_master.x", ("c_root.x", "c_traj", "c_thigh_b.l", "root.x", "thigh_ref.l", "c_foot_ik.r")),
    ],
)
def test_root_bones_move_and_helpers_stay_at_rest(family, root, still):
    """The root motion goes on the family's root bone (MMD's センター,
    Biped's Bip01 above the pelvis) and reaches the feet; IK, deform, twist,
    reference and root-chain bones are not keyed."""
    rig = family_rig(family)
    binding, _ = auto_bind(rig)
    animation = retarget(MOTION, binding, options=RetargetOptions(foot_lock=False))
    assert animation.translation_bone == root
    moved = np.linalg.norm(animation.location[-1] - animation.location[0])
    assert moved > 0.5 * np.ptp(rig.heads, axis=0).max(), "the walk (2.9 m) moves the root bone"
    for name in still:
        assert not animation.animated[rig.index(name)], name
    result = round_trip(MOTION, binding)
    assert result["mapped_limbs_max_deg"] < 0.01 and result["root_mm"] < 60.0
