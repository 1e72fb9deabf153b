"""Foot locking: contacts pin the feet through a two-bone leg IK."""

import numpy as np
import pytest

from backend.retarget import auto_bind, retarget
from backend.retarget.foot_lock import contact_runs, lock_targets
from backend.retarget.ik import two_bone_ik
from backend.retarget.measure import foot_points_of, skating_before_after
from backend.retarget.to_rig import RetargetOptions

from .retarget_fixtures import family_rig, planted_sway, synthetic_motion


def test_contact_runs_and_lock_weights():
    flags = np.array([0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0], dtype=bool)
    assert contact_runs(flags) == [(1, 3), (8, 9)]
    points = np.arange(len(flags), dtype=float)[:, None] * np.array([1.0, 0.0, 0.0])
    targets, weights = lock_targets(points, flags, blend_frames=2)
    assert np.allclose(weights[[1, 2, 3, 8, 9]], 1.0)
    assert 0.0 < weights[4] < 1.0 and 0.0 < weights[7] < 1.0 and weights[0] > 0.0
    assert np.allclose(targets[1:4, 0], 2.0) and np.allclose(targets[8:10, 0], 8.5)
    assert weights[5] < weights[4]


def test_two_bone_ik_reaches_and_keeps_the_hinge():
    rng = np.random.default_rng(0)
    root = np.zeros((50, 3))
    middle = np.tile([0.0, -0.4, 0.05], (50, 1))
    end = np.tile([0.0, -0.8, 0.0], (50, 1))
    hinge = np.tile([1.0, 0.0, 0.0], (50, 1))
    target = end + rng.normal(scale=0.1, size=(50, 3))
    upper, lower = two_bone_ik(root, middle, end, target, hinge)
    knee = root + np.einsum("tab,tb->ta", upper, middle - root)
    ankle = knee + np.einsum("tab,tb->ta", lower, end - middle)
    reachable = np.linalg.norm(target, axis=-1) < 0.8
    assert np.allclose(ankle[reachable], target[reachable], atol=1e-9)
    assert np.allclose(np.linalg.norm(knee - root, axis=-1), np.linalg.norm(middle - root, axis=-1))
    new_hinge = np.einsum("tab,tb->ta", upper, hinge)
    thigh, shin = knee - root, ankle - knee
    assert np.allclose(np.sum(np.cross(thigh, shin) * new_hinge, -1), np.linalg.norm(np.cross(thigh, shin), axis=-1), atol=1e-9)
    far = np.tile([0.0, -2.0, 0.0], (50, 1))
    upper, lower = two_bone_ik(root, middle, end, far, hinge)
    ankle = root + np.einsum("tab,tb->ta", upper, middle - root) + np.einsum("tab,tb->ta", lower, end - middle)
    assert np.all(np.isfinite(ankle)) and np.allclose(ankle[:, 1], -np.linalg.norm(middle, axis=-1)[0] - 0.4030, atol=0.01)


@pytest.mark.parametrize("family", ["canonical", "mixamo", "daz_genesis8", "rigify_generated"])
def test_locking_stops_sliding_feet(family):
    binding, _ = auto_bind(family_rig(family))
    motion = planted_sway(60, slide=0.03)
    speeds = skating_before_after(motion, binding, fps=30.0)
    assert speeds["before"].mean() > 3.0
    assert speeds["after"].mean() < 0.1 * speeds["before"].mean()


def test_locking_changes_only_the_legs():
    binding, detection = auto_bind(family_rig("mixamo_no_prefix"))
    motion = synthetic_motion(48, seed=3)
    free = retarget(motion, binding, options=RetargetOptions(foot_lock=False))
    locked = retarget(motion, binding, options=RetargetOptions(foot_lock=True))
    legs = {b for s in ("left", "right") for part in ("thigh", "shin", "foot", "toes") for b in detection.bone_map.bones(f"{s}_{part}")}
    for b, name in enumerate(binding.rig.names):
        if name not in legs:
            assert np.allclose(free.rotations[:, b], locked.rotations[:, b], atol=1e-9), name
    assert np.allclose(free.location, locked.location)


def test_feet_stay_on_the_floor_of_a_rig_with_other_proportions():
    """Standing source (ankles at their standing height) -> the rig's ankles
    at the rig's own standing height, in centimetres and Y-up."""
    binding, _ = auto_bind(family_rig("unreal_ue4"))
    motion = planted_sway(40, slide=0.0)
    animation = retarget(motion, binding, options=RetargetOptions(fps=24.0))
    ankles = foot_points_of(binding, animation)[:, [0, 2]] @ binding.up
    rest = binding.joints[[7, 8]] @ binding.up
    assert np.allclose(ankles, rest, atol=0.3)  # cm: the floor is fitted to ankles and balls together


def test_real_clips_skate_less_after_locking(cmu_folder, bandai_folders):
    from .real_clips import real_clips

    walks = real_clips(cmu_folder, bandai_folders)
    clips = [walks[name] for name in ("02_01", "36_02", "dataset-2_walk-turn-left_normal_003")]
    binding, _ = auto_bind(family_rig("character_creator"))
    before, after = [], []
    for clip in clips:
        speeds = skating_before_after(clip, binding, fps=30.0)
        before.append(speeds["before"])
        after.append(speeds["after"])
    assert np.concatenate(after).mean() < 0.2 * np.concatenate(before).mean()


def test_in_place_keeps_the_root_over_its_start():
    binding, _ = auto_bind(family_rig("vroid"))
    motion = synthetic_motion(48, seed=1, speed=1.5)
    animation = retarget(motion, binding, options=RetargetOptions(root_motion="in_place"))
    full = retarget(motion, binding)
    pelvis = animation.location @ binding.rig.matrices[binding.translation_bone].T
    horizontal = pelvis - (pelvis @ binding.up)[:, None] * binding.up
    assert np.allclose(horizontal, horizontal[:1], atol=1e-9)
    full_pelvis = full.location @ binding.rig.matrices[binding.translation_bone].T
    assert np.linalg.norm(full_pelvis[-1] - full_pelvis[0]) > 0.5


def test_a_drifting_contact_is_locked_piece_by_piece():
    points = np.zeros((30, 3))
    points[:, 0] = np.linspace(0.0, 0.58, 30)
    flags = np.ones(30, dtype=bool)
    targets, weights = lock_targets(points, flags, blend_frames=2, radius=0.2)
    assert np.all(weights == 1.0)
    assert np.abs(targets[:, 0] - points[:, 0]).max() < 0.15
    steps = np.abs(np.diff(targets[:, 0]))
    assert np.sum(steps < 1e-12) > 15 and steps.max() < 0.1


def test_lock_radius_option():
    binding, _ = auto_bind(family_rig("canonical"))
    motion = planted_sway(60, slide=0.2)
    tight = retarget(motion, binding, options=RetargetOptions(lock_radius=0.05))
    pinned = retarget(motion, binding, options=RetargetOptions(lock_radius=np.inf))
    ankle = lambda animation: foot_points_of(binding, animation)[:, 0]  # noqa: E731
    assert np.ptp(ankle(pinned)[:, 0]) < 0.05 and np.ptp(ankle(tight)[:, 0]) > 0.3
    with pytest.raises(ValueError):
        RetargetOptions(lock_radius=0.0)
