"""Feet on the floor, measured where the artist sees them: the rig's own toe
tips and heels (``Binding.soles``) in world space after retargeting with foot
locking on, over real walk, run, jump and standing clips, on a rig of every
family fixture and on awkward variants (twisted and rolled bones, a Y-up
armature under a rotated object, a turned and offset object, no toe bones,
no collar bones, a centimetre armature at 1% object scale).

Targets: no toe tip or heel more than 0.5 cm under the rig's rest contact
height; the median height of planted feet within 1 cm of it. Real clips are
floored as the generators' output is (lowest joint of the clip at y = 0).
"""

import numpy as np
import pytest

from backend.retarget import auto_bind, bind
from backend.retarget.floor import flex_toes
from backend.retarget.ik import rotation_about
from backend.retarget.measure import floor_contact, floor_heights, round_trip
from backend.retarget.presets import PRESETS
from backend.retarget.report import awkward_rigs, floored, world_matrix
from backend.retarget.rig_joints import sole_points
from backend.retarget.sample_rigs import Y_UP, BoneRow, rig_for_map
from backend.retarget.to_rig import RetargetOptions

from .retarget_fixtures import FIXTURES, family_rig, planted_sway, synthetic_motion

SINK_CM = 0.5
PLANTED_CM = 1.0
LIMB_P99_DEGREES = 10.0
CLIPS = {"walk": "02_01", "run": "09_01", "jump": "01_01", "stand": "dataset-2_wave-right-hand_active_003"}


def _world(family: str) -> dict:
    fixture = FIXTURES[family]
    return dict(object_matrix=world_matrix(rotation=Y_UP.T if fixture.y_up else np.eye(3)), unit_metres=1.0 / fixture.units)


@pytest.fixture(scope="module")
def clips(cmu_folder, bandai_folders):
    from .real_clips import real_clips

    loaded = real_clips(cmu_folder, bandai_folders)
    return {kind: floored(loaded[name]) for kind, name in CLIPS.items()}


def _assert_on_the_floor(binding, clips, *, object_matrix=None, unit_metres=1.0):
    for kind, positions in clips.items():
        heights = floor_heights(positions, binding, options=RetargetOptions(fps=30.0), object_matrix=object_matrix,
                                unit_metres=unit_metres)
        figures = floor_contact([heights])
        assert figures["min_toe_cm"] >= -SINK_CM, (kind, figures)
        assert figures["min_heel_cm"] >= -SINK_CM, (kind, figures)
        if figures["planted_foot_frames"]:
            assert abs(figures["planted_median_cm"]) <= PLANTED_CM, (kind, figures)


@pytest.mark.parametrize("family", list(FIXTURES))
def test_feet_stay_on_the_floor_on_every_family(family, clips):
    binding, _ = auto_bind(family_rig(family))
    _assert_on_the_floor(binding, clips, **_world(family))


def test_feet_stay_on_the_floor_on_awkward_rigs(clips):
    """Twisted and rolled bones, a Y-up armature under a rotated object, a
    turned and offset object, no toe bones, no collar bones, a centimetre
    armature at 1% object scale (``report.awkward_rigs``)."""
    rigs = awkward_rigs()
    assert len(rigs) == 7
    for name, (binding, matrix, unit_metres) in rigs.items():
        _assert_on_the_floor(binding, clips, object_matrix=matrix, unit_metres=unit_metres)


@pytest.mark.parametrize("family", ["mixamo", "daz_genesis8", "rigify_generated", "unreal_ue5", "canonical"])
@pytest.mark.parametrize("lock", [False, True])
def test_limb_directions_stay_close_with_and_without_locking(family, lock, clips):
    binding, _ = auto_bind(family_rig(family))
    angles = np.concatenate([
        round_trip(positions, binding, fps=30.0, foot_lock=lock)["mapped_limbs_angles_deg"] for positions in clips.values()
    ])
    assert np.percentile(angles, 99) <= LIMB_P99_DEGREES


def test_floor_without_shared_data():
    """The same targets on synthetic motions (runs where the shared data is
    missing): a swaying stance, and random joint motion (nothing sinks)."""
    for family in ("mixamo", "daz_genesis8", "canonical"):
        binding, _ = auto_bind(family_rig(family))
        world = _world(family)
        _assert_on_the_floor(binding, {"sway": planted_sway(60, slide=0.03)}, **world)
        figures = floor_contact([floor_heights(synthetic_motion(60, seed=4), binding, options=RetargetOptions(fps=30.0), **world)])
        assert min(figures["min_toe_cm"], figures["min_heel_cm"]) >= -SINK_CM, figures


def test_toe_tip_comes_from_the_rig_when_it_can():
    """Toe tip: a bone after the toe bone (Toe_End), else a forward-pointing
    toe tail, else an estimate ahead of the ball along the floor."""
    preset = PRESETS["mixamo"]
    marks_rig = rig_for_map(preset)
    toe = marks_rig.index("LeftToeBase")
    tip = marks_rig.tails[toe]
    with_end = rig_for_map(preset, extra_rows=(BoneRow("LeftToe_End", "LeftToeBase", tuple(tip), tuple(tip + [0, -0.02, 0])),))
    for rig, expected in ((marks_rig, tip), (with_end, tip)):
        binding = bind(rig, preset)
        assert np.allclose(binding.soles["left"].toe, expected)
    arbitrary = bind(rig_for_map(preset, orientation="arbitrary", seed=1), preset)
    sole = arbitrary.soles["left"]
    ball = arbitrary.joints[10]
    assert np.isclose(sole.toe @ arbitrary.up, ball @ arbitrary.up) and (sole.toe - ball) @ arbitrary.forward > 0.03
    assert sole.contact == pytest.approx(min(sole.toe @ arbitrary.up, ball @ arbitrary.up))
    again = sole_points(arbitrary.rig, arbitrary.slot_bones, arbitrary.joints, arbitrary.up, arbitrary.forward)
    assert np.allclose(again["left"].heel, sole.heel)


def test_toes_bend_only_to_stay_out_of_the_floor():
    """Rest stance, left foot pitched toes-down by 0, 20 and 35 degrees about
    the ankle: the toes follow the foot until their tip would go under the
    floor, then stop at it; the right foot's toes keep following."""
    binding, _ = auto_bind(family_rig("mixamo_no_prefix"))
    frames = 3
    segments = {name: np.broadcast_to(np.eye(3), (frames, 3, 3)).copy() for name in binding.segments}
    left = binding.align @ np.array([1.0, 0.0, 0.0])
    segments["left_foot"] = rotation_about(np.broadcast_to(left, (frames, 3)), np.radians([0.0, 20.0, 35.0]))
    flexed = flex_toes(binding, segments, np.zeros((frames, 3)))
    assert np.allclose(flexed["left_toes"][0], segments["left_foot"][0])
    assert np.allclose(flexed["right_toes"], segments["right_foot"])
    rotations = binding.bone_rotations(flexed)
    heads = binding.bone_heads(rotations, np.zeros((frames, 3)))
    sole = binding.soles["left"]
    tip = heads[:, sole.toe_bone] + np.einsum("tab,b->ta", rotations[:, sole.toe_bone], sole.toe - binding.rig.heads[sole.toe_bone])
    ball = heads[:, binding.slot_bones["left_toes"][0]]
    assert np.all(binding.height(tip) >= sole.contact - 1e-9)
    assert np.all(binding.height(ball[1:]) < sole.contact) and not np.allclose(flexed["left_toes"][2], segments["left_foot"][2])
