"""Degenerate input, quaternion continuity, frame rates, rig validation."""

import numpy as np
import pytest

from backend.motion import quaternion as Q
from backend.motion.skeleton import Joint
from backend.retarget import auto_bind, resample_animation, retarget, scene_fps, to_canonical
from backend.retarget.frames import frame
from backend.retarget.pose import pose_matrices
from backend.retarget.rig import RigDescription, bone_matrix
from backend.retarget.to_rig import RetargetOptions

from .retarget_fixtures import family_rig, synthetic_motion

MOTION = synthetic_motion(40, seed=5)


def _all_finite(animation):
    return np.all(np.isfinite(animation.rotations)) and np.all(np.isfinite(animation.location))


def _continuous(rotations):
    return np.all(np.sum(rotations[1:] * rotations[:-1], axis=-1) >= 0.0)


@pytest.mark.parametrize("family", ["canonical", "mixamo", "rigify_generated", "cmu_daz"])
def test_zero_length_and_collinear_bones_give_no_nan(family):
    binding, _ = auto_bind(family_rig(family))
    motion = MOTION.copy()
    motion[:10, Joint.LEFT_ELBOW] = motion[:10, Joint.LEFT_SHOULDER]
    motion[5:15, Joint.RIGHT_KNEE] = motion[5:15, Joint.RIGHT_ANKLE]
    motion[:, Joint.LEFT_FOOT] = motion[:, Joint.LEFT_ANKLE]
    motion[:, Joint.SPINE2] = motion[:, Joint.SPINE1]
    arm = motion[:, Joint.RIGHT_ELBOW] - motion[:, Joint.RIGHT_SHOULDER]
    motion[:, Joint.RIGHT_WRIST] = motion[:, Joint.RIGHT_ELBOW] + arm
    motion[20:] = motion[20]
    for options in (RetargetOptions(), RetargetOptions(fps=29.97), RetargetOptions(root_motion="in_place")):
        animation = retarget(motion, binding, options=options)
        assert _all_finite(animation) and _continuous(animation.rotations)
        locations = np.zeros(animation.rotations.shape[:2] + (3,))
        locations[:, binding.translation_bone] = animation.location
        back = to_canonical(binding, pose_matrices(binding.rig, animation.rotations, locations), fps=animation.fps)
        assert np.all(np.isfinite(back))


def test_everything_collapsed_to_a_point_still_gives_a_pose():
    binding, _ = auto_bind(family_rig("bandai"))
    animation = retarget(np.zeros((5, 22, 3)), binding)
    assert _all_finite(animation)


def test_single_frame():
    binding, _ = auto_bind(family_rig("smplx"))
    animation = retarget(MOTION[:1], binding, options=RetargetOptions(fps=60.0))
    assert animation.frames == 1 and _all_finite(animation)


def test_spinning_root_keeps_quaternions_continuous():
    binding, _ = auto_bind(family_rig("unreal_ue5"))
    motion = MOTION.copy()
    turn = Q.about_y(np.linspace(0.0, 4.0 * np.pi, len(motion)))
    pelvis = motion[:, :1].copy()
    motion = Q.qrot(np.broadcast_to(turn[:, None], motion.shape[:-1] + (4,)), motion - pelvis) + pelvis
    animation = retarget(motion, binding, options=RetargetOptions(fps=60.0))
    assert _continuous(animation.rotations)
    hips = animation.rotations[:, binding.slot_bones["hips"][0]]
    assert np.min(np.abs(hips[:, 0])) < 0.2


def test_bad_input_is_rejected():
    binding, _ = auto_bind(family_rig("bandai"))
    with pytest.raises(ValueError, match="shape"):
        retarget(np.zeros((10, 21, 3)), binding)
    bad = MOTION.copy()
    bad[3, 4, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        retarget(bad, binding)
    with pytest.raises(ValueError, match="root_motion"):
        RetargetOptions(root_motion="sideways")
    with pytest.raises(ValueError, match="pose matrices"):
        to_canonical(binding, np.zeros((3, 5, 4, 4)), fps=30.0)


def test_frame_is_safe_on_degenerate_vectors():
    a = np.array([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    b = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]])
    rotations = frame(a, b, a_fallback=np.array([0.0, 0.0, 1.0]))
    assert np.all(np.isfinite(rotations))
    assert np.allclose(rotations @ np.swapaxes(rotations, -1, -2), np.eye(3), atol=1e-12)
    assert np.allclose(np.linalg.det(rotations), 1.0)


def test_scene_rates_and_resampling():
    assert scene_fps(30, 1.001) == pytest.approx(29.97002997)
    with pytest.raises(ValueError):
        scene_fps(0)
    binding, _ = auto_bind(family_rig("mixamo"))
    animation = retarget(MOTION, binding)
    assert animation.fps == 20.0 and animation.frames == len(MOTION)
    for fps, frames in ((24.0, 47), (25.0, 49), (29.97, 59), (30.0, 59), (50.0, 98), (60.0, 118)):
        again = resample_animation(animation, fps)
        assert again.frames == frames and again.fps == fps
        assert _continuous(again.rotations)
    doubled = resample_animation(animation, 40.0)
    assert np.allclose(doubled.rotations[::2], animation.rotations, atol=1e-9)
    middle = Q.slerp(animation.rotations[3], animation.rotations[4], 0.5)
    assert np.allclose(doubled.rotations[7], middle, atol=1e-9)
    assert np.allclose(doubled.location[7], 0.5 * (animation.location[3] + animation.location[4]))


def test_solving_at_the_scene_rate_matches_resampling_afterwards():
    binding, _ = auto_bind(family_rig("mixamo"))
    direct = retarget(MOTION, binding, options=RetargetOptions(fps=40.0, foot_lock=False))
    later = resample_animation(retarget(MOTION, binding, options=RetargetOptions(foot_lock=False)), 40.0)
    assert direct.frames == later.frames
    dots = np.abs(np.sum(direct.rotations[::2] * later.rotations[::2], axis=-1))
    assert np.allclose(dots, 1.0, atol=1e-9)


@pytest.mark.parametrize("family", ["mixamo", "unreal_ue5", "makehuman"])
def test_no_jumps_in_local_rotations(family):
    """Smooth source motion (including poses where a twist reference lines up
    with its bone) gives smooth local rotations: no frame-to-frame step larger
    than the source's own fastest bone turn plus a margin."""
    binding, _ = auto_bind(family_rig(family))
    motion = synthetic_motion(80, seed=5)
    animation = retarget(motion, binding, options=RetargetOptions(foot_lock=False))
    steps = 2.0 * np.degrees(np.arccos(np.clip(np.abs(np.sum(animation.rotations[1:] * animation.rotations[:-1], -1)), 0, 1)))
    assert steps.max() < 30.0


def test_rig_description_validation():
    names, parents = ["a", "b"], [None, "a"]
    heads, tails = np.zeros((2, 3)), np.array([[0, 0, 1.0], [0, 0, 2.0]])
    rig = RigDescription.from_rolls(names=names, parent_names=parents, heads=heads, tails=tails)
    assert rig.order == (0, 1) and rig.parent_names() == (None, "a")
    with pytest.raises(ValueError, match="not in the rig"):
        RigDescription.from_rolls(names=names, parent_names=[None, "z"], heads=heads, tails=tails)
    with pytest.raises(ValueError, match="cycle"):
        RigDescription(names=("a", "b"), parents=(1, 0), heads=heads, tails=tails, matrices=np.tile(np.eye(3), (2, 1, 1)))
    with pytest.raises(ValueError, match="sizes"):
        RigDescription(names=("a",), parents=(-1,), heads=heads, tails=tails, matrices=np.eye(3)[None])
    with pytest.raises(ValueError, match="unique"):
        RigDescription(names=("a", "a"), parents=(-1, 0), heads=heads, tails=tails, matrices=np.tile(np.eye(3), (2, 1, 1)))
    four = np.tile(np.eye(4), (2, 1, 1))
    assert RigDescription(names=("a", "b"), parents=(-1, 0), heads=heads, tails=tails, matrices=four).matrices.shape == (2, 3, 3)


def test_zero_length_rig_bone():
    rig = family_rig("bandai")
    tails = np.array(rig.tails)
    tails[rig.index("Toes_L")] = rig.heads[rig.index("Toes_L")]
    flat = RigDescription(names=rig.names, parents=rig.parents, heads=rig.heads, tails=tails,
                          matrices=bone_matrix(tails - rig.heads))
    binding, _ = auto_bind(flat)
    assert _all_finite(retarget(MOTION, binding))


def test_blender_roll_rule_special_cases():
    up = bone_matrix(np.array([0.0, 0.0, 1.0]))
    assert np.allclose(up, [[1, 0, 0], [0, 0, -1], [0, 1, 0]])
    down_y = bone_matrix(np.array([0.0, -1.0, 0.0]))
    assert np.allclose(down_y, np.diag([-1.0, -1.0, 1.0]))
    rolled = bone_matrix(np.array([0.0, 0.0, 1.0]), np.pi / 2)
    assert np.allclose(rolled[:, 1], [0, 0, 1]) and np.allclose(rolled[:, 0], [0, 1, 0], atol=1e-12)
