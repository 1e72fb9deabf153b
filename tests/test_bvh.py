"""BVH reading, writing, forward kinematics, dataset mappings, bad files."""

from __future__ import annotations

import numpy as np
import pytest

from backend.bvh.kinematics import world_points
from backend.bvh.mappings import BANDAI, CMU_DAZ
from backend.bvh.model import BvhError
from backend.bvh.reader import parse_bvh, read_bvh
from backend.bvh.writer import format_bvh, write_bvh
from backend.motion import quaternion as Q

TWO_BONES = """HIERARCHY
ROOT root
{
\tOFFSET 0 0 0
\tCHANNELS 6 Xposition Yposition Zposition Xrotation Yrotation Zrotation
\tJOINT arm
\t{
\t\tOFFSET 0 10 0
\t\tCHANNELS 3 Yrotation Zrotation Xrotation
\t\tEnd Site
\t\t{
\t\t\tOFFSET 5 0 0
\t\t}
\t}
\tJOINT other
\t{
\t\tOFFSET 1 0 0
\t\tCHANNELS 1 Zrotation
\t}
}
MOTION
Frames: 2
Frame Time: 0.05
0 0 0 0 0 0 0 0 0 0
1 2 3 0 90 0 0 90 0 45
"""


def test_parse_hierarchy_channels_and_end_sites():
    bvh = parse_bvh(TWO_BONES)
    assert bvh.names == ("root", "arm", "other")
    assert [j.parent for j in bvh.joints] == [-1, 0, 0]
    assert bvh.joints[1].end_site == (5.0, 0.0, 0.0)
    assert bvh.joints[0].rotation_order == "XYZ" and bvh.joints[1].rotation_order == "YZX"
    assert bvh.motion.shape == (2, 10) and bvh.fps == pytest.approx(20.0)


def test_forward_kinematics_follows_channel_order():
    points = world_points(parse_bvh(TWO_BONES))
    assert np.allclose(points["arm"][0], [0, 10, 0])
    assert np.allclose(points["arm/end"][0], [5, 10, 0])
    # Frame 1: root moved to (1, 2, 3) and turned 90 deg about Y; the arm
    # turns a further 90 deg about its own Z (Y then Z then X order).
    expected_rot = Q.from_euler(np.array([0.0, 90.0, 0.0]), "XYZ")
    arm_rot = Q.qmul(expected_rot, Q.from_euler(np.array([0.0, 90.0, 0.0]), "YZX"))
    assert np.allclose(points["arm"][1], [1, 12, 3])
    assert np.allclose(points["arm/end"][1], np.array([1, 12, 3]) + Q.qrot(arm_rot, np.array([5.0, 0, 0])))
    assert np.allclose(points["arm/end"][1], [1, 17, 3])
    assert np.allclose(points["other"][1], np.array([1, 2, 3]) + Q.qrot(expected_rot, np.array([1.0, 0, 0])))


def test_euler_composition_matches_matrix_product():
    angles = np.array([30.0, -50.0, 70.0])
    rz, rx, ry = (Q.to_matrix(Q.from_axis_angle(np.eye(3)[i], np.radians(a))) for i, a in ((2, 30.0), (0, -50.0), (1, 70.0)))
    assert np.allclose(Q.to_matrix(Q.from_euler(angles, "ZXY")), rz @ rx @ ry)


def test_write_then_read_is_identical(tmp_path):
    bvh = parse_bvh(TWO_BONES)
    path = tmp_path / "out.bvh"
    write_bvh(bvh, path)
    again = read_bvh(path)
    assert again.joints == bvh.joints
    assert np.allclose(again.motion, bvh.motion) and again.frame_time == pytest.approx(bvh.frame_time)
    assert format_bvh(again) == format_bvh(bvh)


def test_real_files_round_trip_through_the_writer(cmu_folder, bandai_folders, tmp_path):
    for source in (cmu_folder / "bvh" / "02" / "02_01.bvh", next((bandai_folders["bandai-2"] / "data").glob("*.bvh"))):
        bvh = read_bvh(source)
        write_bvh(bvh, tmp_path / "copy.bvh")
        again = read_bvh(tmp_path / "copy.bvh")
        assert again.names == bvh.names and np.abs(again.motion - bvh.motion).max() < 1e-5


@pytest.mark.parametrize(
    "text, message",
    [
        (TWO_BONES.replace("MOTION", "MOTON"), "no MOTION"),
        (TWO_BONES.rsplit("\n", 3)[0], "truncated motion data"),
        (TWO_BONES.replace("1 2 3 0 90", "1 2 nan 0 90"), "NaN"),
        (TWO_BONES.replace("Frames: 2", "Frames: 0"), "no frames"),
        (TWO_BONES.replace("Xrotation Yrotation Zrotation", "Xrotation Yrotation Wrotation"), "unknown channel"),
        (TWO_BONES.split("MOTION")[0].rsplit("}", 1)[0] + "MOTION\nFrames: 1\nFrame Time: 0.1\n0", "not closed"),
        ("garbage", "no MOTION"),
    ],
)
def test_bad_files_get_clear_errors_naming_the_file(text, message):
    with pytest.raises(BvhError, match=message) as info:
        parse_bvh(text, source="broken.bvh")
    assert "broken.bvh" in str(info.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(BvhError, match="nothing.bvh"):
        read_bvh(tmp_path / "nothing.bvh")


def test_mapping_reports_missing_joints():
    with pytest.raises(BvhError, match="missing joint"):
        CMU_DAZ.to_canonical(parse_bvh(TWO_BONES, source="rig.bvh"))


def test_dataset_mappings_give_upright_people_facing_forward(cmu_folder, bandai_folders):
    cmu = CMU_DAZ.to_canonical(read_bvh(cmu_folder / "bvh" / "02" / "02_01.bvh"))[1:]
    bandai = BANDAI.to_canonical(read_bvh(next((bandai_folders["bandai-2"] / "data").glob("dataset-2_walk_normal_*.bvh"))))
    for positions in (cmu, bandai):
        height = positions[:, 15, 1] - np.minimum(positions[:, 10, 1], positions[:, 11, 1])
        assert 1.2 < np.median(height) < 1.8  # metres, head above toes
        assert np.median(positions[:, 1, 0] - positions[:, 2, 0]) != 0
        travel = positions[-1, 0] - positions[0, 0]
        across = positions[0, 2] - positions[0, 1]
        forward = np.cross([0.0, 1.0, 0.0], across)
        assert np.dot(forward[[0, 2]], travel[[0, 2]]) > 0  # walks the way it faces
