"""Quaternions, swing IK/FK, uniform skeleton, resampling, axes."""

from __future__ import annotations

import numpy as np
import pytest

from backend.motion import quaternion as Q
from backend.motion.axes import SourceFrame, blender_to_canonical, canonical_to_blender
from backend.motion.kinematics import forward_kinematics, inverse_kinematics, uniform_skeleton
from backend.motion.resample import interpolate_rotations, resample_positions, sample_times
from backend.motion.skeleton import BONE_LENGTHS, RAW_DIRECTIONS, bone_lengths_of, rest_positions

from .real_clips import real_clips


@pytest.fixture(scope="module")
def clips(cmu_folder, bandai_folders):
    return real_clips(cmu_folder, bandai_folders)


def test_matrix_round_trip_and_qbetween():
    rng = np.random.default_rng(0)
    q = Q.normalize(rng.normal(size=(100, 4)))
    q = np.where(q[:, :1] < 0, -q, q)
    assert np.allclose(Q.from_matrix(Q.to_matrix(q)), q, atol=1e-9)
    u, v = rng.normal(size=(100, 3)), rng.normal(size=(100, 3))
    rotated = Q.qrot(Q.qbetween(u, v), u)
    assert np.allclose(rotated / np.linalg.norm(rotated, axis=1, keepdims=True), v / np.linalg.norm(v, axis=1, keepdims=True))
    opposite = Q.qrot(Q.qbetween(u, -u), u)
    assert np.allclose(opposite, -u)


def test_slerp_endpoints_and_midpoint():
    a = Q.identity()
    b = Q.from_axis_angle(np.array([0.0, 1.0, 0.0]), np.pi / 2)
    assert np.allclose(Q.slerp(a, b, 0.0), a) and np.allclose(Q.slerp(a, b, 1.0), b)
    assert np.allclose(Q.slerp(a, b, 0.5), Q.from_axis_angle(np.array([0.0, 1.0, 0.0]), np.pi / 4))


def test_ik_then_fk_reproduces_positions(clips):
    for positions in clips.values():
        lengths = np.median(bone_lengths_of(positions), axis=0)
        quats = inverse_kinematics(positions)
        offsets = lengths[:, None] * RAW_DIRECTIONS
        again = forward_kinematics(quats, positions[:, 0], offsets)
        assert np.abs(again - positions).max() < 1e-6


def test_uniform_skeleton_has_canonical_bone_lengths(clips):
    for positions in clips.values():
        assert np.allclose(bone_lengths_of(positions), BONE_LENGTHS, atol=1e-9)
    stretched = clips["02_01"] * 1.3
    assert np.allclose(bone_lengths_of(uniform_skeleton(stretched)), BONE_LENGTHS, atol=1e-9)


def test_rest_pose_is_upright_and_symmetric():
    rest = rest_positions()
    assert rest[15, 1] > rest[0, 1] > rest[7, 1]
    assert np.allclose(rest[1] * [-1, 1, 1], rest[2])


def test_resampling_keeps_duration_and_endpoints():
    rng = np.random.default_rng(1)
    clip = np.cumsum(rng.normal(size=(48, 22, 3)), axis=0)
    out = resample_positions(clip, 24, 20)
    assert len(out) == 40 and np.allclose(out[0], clip[0])
    assert np.allclose(out[5], clip[6])  # t = 0.25 s is a whole frame in both
    assert len(sample_times(30, 30, 20)) == 20
    with pytest.raises(ValueError):
        sample_times(0, 24, 20)


def test_rotation_resampling_is_spherical():
    quats = np.stack([Q.identity((1,)), Q.from_axis_angle(np.array([[0.0, 0.0, 1.0]]), np.array([np.pi * 0.9]))])
    mid = interpolate_rotations(quats, np.array([0.5]))
    assert np.allclose(np.linalg.norm(mid, axis=-1), 1.0)
    assert np.allclose(mid[0, 0], Q.from_axis_angle(np.array([0.0, 0.0, 1.0]), np.pi * 0.45))


def test_axes_conversions_are_inverse_and_right_handed():
    points = np.random.default_rng(2).normal(size=(10, 3))
    assert np.allclose(blender_to_canonical(canonical_to_blender(points)), points)
    assert np.allclose(canonical_to_blender(np.array([0.0, 0.0, 1.0])), [0.0, -1.0, 0.0])  # faces -Y
    assert np.allclose(canonical_to_blender(np.array([0.0, 1.0, 0.0])), [0.0, 0.0, 1.0])
    z_up = SourceFrame(up="+Z", forward="-Y", unit_scale=1.0)
    assert np.allclose(z_up.to_canonical(canonical_to_blender(points)), points)
    assert np.allclose(z_up.from_canonical(z_up.to_canonical(points)), points)
    assert np.linalg.det(z_up.matrix()) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        SourceFrame(up="+Y", forward="-Y").matrix()
