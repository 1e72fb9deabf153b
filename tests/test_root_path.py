"""Root paths (``backend.shot.path``): a real walk fitted to curves stays on
them with its feet planted as before, a point fixed in the take stays
fixed, facing follows the tangent (and stays backwards for a backward
walk), 'fit' ends at the curve's end, and path files get clear errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from backend.eval import metrics
from backend.motion.kinematics import facing_yaw, rotate_about_vertical
from backend.shot.path import follow_path, load_path, make_path, path_error, travel
from tests.real_clips import real_clips

ARC = np.stack([3 * np.sin(np.linspace(0, np.pi, 60)), 3 - 3 * np.cos(np.linspace(0, np.pi, 60))], -1)
CURVES = {"line": [[0.0, 0.0], [0.0, 10.0]], "arc": ARC, "zigzag": [[0, 0], [1, 2], [0, 4], [1, 6], [0, 8]]}


@pytest.fixture(scope="module")
def walks(cmu_folder, bandai_folders):
    clips = real_clips(cmu_folder, bandai_folders)
    return {name: clips[name] for name in ("36_02", "dataset-2_walk-turn-left_normal_003")}


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_a_real_walk_follows_the_curve_with_its_feet_planted(walks, curve):
    path = make_path(CURVES[curve])
    for name, walk in walks.items():
        out = follow_path(walk, path)
        error = path_error(out, path)
        assert error.max() < 0.10, (name, error.max())
        assert metrics.foot_skating(out) <= 1.05 * metrics.foot_skating(walk) + 1e-3, name
        assert np.allclose(out[..., 1], walk[..., 1]), "heights are untouched"


def test_a_point_fixed_in_the_take_stays_fixed(walks):
    walk = walks["dataset-2_walk-turn-left_normal_003"].copy()
    walk[:, 10] = walk[30, 10]  # the left foot held still from frame 0 to the end
    walk[:, 10, 1] = 0.02
    out = follow_path(walk, make_path(ARC))
    foot = out[24:37, 10]  # a stance of 0.6 s around the frame it was planted at
    assert np.ptp(foot[:, [0, 2]], axis=0).max() < 1e-3  # under a millimetre


def test_facing_follows_the_tangent_and_a_backward_walk_stays_backward(walks):
    walk = walks["dataset-2_walk-turn-left_normal_003"]
    path = make_path(CURVES["line"])  # along +Z
    out = follow_path(walk, path)
    yaw = facing_yaw(out[10:-10])
    assert np.abs(np.angle(np.exp(1j * yaw))).mean() < 0.35
    # The same walk played as if walking backwards: turned 180 degrees about its own root, travel unchanged.
    backward = walk.copy()
    for t in range(len(walk)):
        backward[t] = rotate_about_vertical(walk[t:t + 1], walk[t, 0], np.array([np.pi]))[0]
    out = follow_path(backward, path)
    yaw = facing_yaw(out[10:-10])
    assert np.abs(np.angle(np.exp(1j * (yaw - np.pi)))).mean() < 0.35


def test_fit_ends_at_the_curve_end_and_motion_keeps_the_take_speed(walks):
    walk = walks["36_02"]
    _, distance, _ = travel(walk)
    path = make_path(CURVES["line"], speed="fit")
    out = follow_path(walk, path)
    _, fitted, _ = travel(out)
    assert abs(out[-1, 0, 2] - 10.0) < 0.15
    out = follow_path(walk, make_path(CURVES["line"]))
    _, kept, _ = travel(out)
    assert abs(kept[-1] - distance[-1]) < 0.1 * distance[-1]


def test_a_take_that_never_moves_is_turned_to_face_along_the_curve():
    still = np.zeros((40, 22, 3))
    still[:, :, 1] = np.linspace(0, 1.7, 22)
    still[:, [1, 13, 16], 0] = 0.15  # left hip and shoulders to +X: facing -Z... whatever the template, it is turned once
    still[:, [2, 14, 17], 0] = -0.15
    out = follow_path(still, make_path([[2.0, 1.0], [2.0, 5.0]]))
    assert np.allclose(out[:, 0, [0, 2]], [2.0, 1.0], atol=1e-6)
    assert np.abs(np.angle(np.exp(1j * facing_yaw(out[:1])))).max() < 1e-6


@pytest.mark.parametrize("data, message", [
    ({"points": [[0, 0, 0]]}, "at least two distinct points"),
    ({"points": [[0, 0, 0], [0, 0, 0]]}, "at least two distinct points"),
    ({"points": "no"}, "points must be a list"),
    ({"points": [[0, 0, 0], [1, 0, float("nan")]]}, "finite"),
    ({"points": [[0, 0], [1, 1]], "axes": "zup"}, "axes must be"),
    ({"points": [[0, 0], [1, 1]], "speed": "fast"}, "speed must be one of"),
    ({"points": [[0, 0], [1, 1]], "curve": 1}, "unknown field 'curve'"),
    ({"dots": []}, "expected an object with 'points'"),
])
def test_path_files_get_clear_errors(tmp_path, data, message):
    f = tmp_path / "path.json"
    f.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=message):
        load_path(f)
    with pytest.raises(ValueError, match="does not exist"):
        load_path(tmp_path / "nope.json")


def test_blender_axes_put_z_up_points_on_the_canonical_floor():
    path = make_path([[0, 0, 5], [0, 3, 5]], axes="blender")
    assert path.length == pytest.approx(3.0)
    assert np.allclose(path.points[:, 0], 0.0)
