"""263-d features: round trip on real clips, mirroring, layout, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from backend.motion.features import FEATURE_DIM, LAYOUT, canonicalize, positions_to_features, recover_from_ric
from backend.motion.mirror import mirror_features, mirror_positions
from backend.motion.skeleton import JOINT_NAMES, MIRROR_INDEX, NUM_JOINTS, PARENTS

from .real_clips import real_clips


@pytest.fixture(scope="module")
def clips(cmu_folder, bandai_folders):
    return real_clips(cmu_folder, bandai_folders)


def test_skeleton_tables_are_consistent():
    assert NUM_JOINTS == 22 and len(JOINT_NAMES) == 22 and len(PARENTS) == 22
    assert JOINT_NAMES[0] == "pelvis" and JOINT_NAMES[21] == "right_wrist"
    assert all(PARENTS[j] < j for j in range(1, 22))
    assert all(MIRROR_INDEX[MIRROR_INDEX[j]] == j for j in range(22))
    assert all(("left" in JOINT_NAMES[j]) == ("right" in JOINT_NAMES[MIRROR_INDEX[j]]) for j in range(22))


def test_layout_covers_263_dims():
    slices = sorted((s.start, s.stop) for s in LAYOUT._asdict().values())
    assert slices[0][0] == 0 and slices[-1][1] == FEATURE_DIM
    assert all(a[1] == b[0] for a, b in zip(slices, slices[1:]))


def test_round_trip_within_one_millimetre_on_real_clips(clips):
    worst = {}
    for name, positions in clips.items():
        features = positions_to_features(positions)
        assert features.shape == (len(positions) - 1, FEATURE_DIM) and features.dtype == np.float32
        recovered = recover_from_ric(features)
        expected = canonicalize(positions)[:-1]
        worst[name] = float(np.abs(recovered - expected).max())
    assert max(worst.values()) < 1e-3, worst


def test_canonical_clip_starts_at_origin_facing_forward(clips):
    positions = canonicalize(clips["02_01"])
    assert positions[..., 1].min() == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(positions[0, 0, [0, 2]], 0.0, atol=1e-9)
    across = positions[0, 2] - positions[0, 1] + positions[0, 17] - positions[0, 16]
    assert across[0] < 0 and abs(across[2]) < 1e-6  # left at +X, so facing +Z


def test_contacts_are_binary_and_walking_alternates(clips):
    contacts = positions_to_features(clips["02_01"])[:, LAYOUT.contacts]
    assert set(np.unique(contacts)) <= {0.0, 1.0}
    assert 0.2 < contacts.mean() < 0.9


def test_mirror_twice_is_identity(clips):
    for positions in clips.values():
        assert np.array_equal(mirror_positions(mirror_positions(positions)), positions)
        features = positions_to_features(positions)
        assert np.array_equal(mirror_features(mirror_features(features)), features)


def test_feature_mirror_equals_features_of_mirrored_positions(clips):
    for name, positions in clips.items():
        direct = positions_to_features(mirror_positions(positions))
        via_features = mirror_features(positions_to_features(positions))
        assert np.abs(direct - via_features).max() < 1e-4, name


def test_mirrored_motion_turns_the_other_way(clips):
    positions = clips["dataset-2_walk-turn-left_normal_003"]
    # r_rot maps the heading onto +Z, so a left turn (heading towards +X)
    # has a negative root angular velocity; the sum is half the turn angle.
    turn = 2 * positions_to_features(positions)[:, 0].sum()
    mirrored_turn = 2 * mirror_features(positions_to_features(positions))[:, 0].sum()
    assert np.degrees(turn) < -45 and mirrored_turn == pytest.approx(-turn)


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.zeros((1, 22, 3)), "at least 2 frames"),
        (np.zeros((5, 21, 3)), "shape"),
        (np.full((5, 22, 3), np.nan), "NaN"),
    ],
)
def test_bad_input_is_refused_clearly(bad, message):
    with pytest.raises(ValueError, match=message):
        positions_to_features(bad)
