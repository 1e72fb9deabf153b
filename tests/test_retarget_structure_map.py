"""Auto-mapping by structure: a humanoid rig whose bone names say nothing gets
the map its preset would give, sides from the rig's own front whatever way
its armature space is turned; extra bones do not confuse it; non-humanoids are
refused with the reason and nothing proposed."""

import numpy as np
import pytest

from backend.retarget import bind
from backend.retarget.automap_report import (
    automap_report, clutter_rows, mirrored, random_rotation, render, rotated, scrambled, swap_sides, variant_rig,
)
from backend.retarget.detect import resolve
from backend.retarget.presets import PRESETS
from backend.retarget.rig import RigDescription
from backend.retarget.sample_rigs import BoneRow, build_rig, humanoid_landmarks, rig_for_map, rows_for_map, sample_rig
from backend.retarget.slots import REQUIRED_SLOTS, SLOTS
from backend.retarget.structure_map import (
    STRUCTURE_PRESET, NotHumanoid, map_by_structure, propose_map,
)

from .retarget_fixtures import FIXTURES, family_rig
from .rig_shapes import quadruped, snake, without


def _scrambled(rig, seed=0, style="blender"):
    return scrambled(rig, seed=seed, style=style)


def _wrong(proposed, truth) -> list[str]:
    return [slot for slot in SLOTS if proposed.bones(slot) != truth.bones(slot)]


def _about_z(degrees: float) -> np.ndarray:
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


# -- humanoids -------------------------------------------------------------


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_rig_with_scrambled_names_gets_its_preset_map(name):
    preset = PRESETS[name]
    rig, names = _scrambled(sample_rig(preset, seed=2), seed=2)
    assert set(rig.names) >= {"Bone", "Bone.001"}
    found = map_by_structure(rig)
    assert found.bone_map.name == STRUCTURE_PRESET
    assert _wrong(found.bone_map, preset.renamed(names)) == []
    assert set(found.unmapped) == set(rig.names) - set(found.bone_map.mapped_bones())


@pytest.mark.parametrize("family", list(FIXTURES))
def test_family_fixtures_with_their_real_extra_bones_are_mapped_as_detection_maps_them(family):
    """Roots, twist, IK, deform and helper bones, fingers and face bones placed
    as the real rigs have them (``retarget_fixtures``)."""
    rig = family_rig(family)
    truth = resolve(PRESETS[FIXTURES[family].preset], rig.names, rig.parent_names()).bone_map
    rig, names = _scrambled(rig, seed=5, style="random")
    assert _wrong(map_by_structure(rig).bone_map, truth.renamed(names)) == []


@pytest.mark.parametrize("name", ["mixamo", "rigify_def", "daz_genesis8", "mmd", "biped", "canonical"])
def test_the_proposed_map_passes_the_hierarchy_check_and_binds(name):
    rig, _ = _scrambled(sample_rig(PRESETS[name]))
    found = map_by_structure(rig)
    resolution = resolve(found.bone_map, rig.names, rig.parent_names())
    assert not resolution.hierarchy_errors and not resolution.missing_required
    binding = bind(rig, found.bone_map)
    assert binding.translation_bone == rig.index(found.bone_map.root_motion_bone)


def test_mmd_hips_beside_the_upper_body_leave_root_motion_to_the_bone_above():
    rig, names = _scrambled(sample_rig(PRESETS["mmd"]))
    found = map_by_structure(rig).bone_map
    assert found.hips == names["下半身"]
    assert found.translation_bone == names["グルーブ"]


@pytest.mark.parametrize("pose, elbow, knee", [("T", 0.0, 0.0), ("A", 25.0, 10.0), ("A", 0.0, 0.0)])
@pytest.mark.parametrize("orientation, units, y_up", [("roll", 1.0, False), ("random_roll", 100.0, False), ("arbitrary", 100.0, True)])
def test_poses_bone_axes_units_and_up_axes(pose, elbow, knee, orientation, units, y_up):
    preset = PRESETS["unreal_ue5"]
    rig = rig_for_map(preset, pose=pose, elbow_bend=elbow, knee_bend=knee, orientation=orientation, units=units, y_up=y_up, with_extras=True)
    rig, names = _scrambled(rig, seed=3)
    assert _wrong(map_by_structure(rig).bone_map, preset.renamed(names)) == []


@pytest.mark.parametrize("legs, torso", [(0.6, 1.3), (0.8, 0.75), (1.25, 1.3), (1.25, 0.75)])
def test_body_proportions(legs, torso):
    preset = PRESETS["mixamo"]
    rows = rows_for_map(preset, humanoid_landmarks(pose="A", leg_scale=legs, torso_scale=torso))
    rig, names = _scrambled(build_rig(rows, orientation="arbitrary", seed=4))
    assert _wrong(map_by_structure(rig).bone_map, preset.renamed(names)) == []


@pytest.mark.parametrize("name", ["mixamo", "makehuman", "vroid", "biped"])
def test_extra_bones_do_not_confuse_it(name):
    """A root at the floor above the hips, IK and pole targets under it,
    fingers, twist bones, face bones, a long prop in the hand, breasts, a tail."""
    preset = PRESETS[name]
    rig, truth = variant_rig(preset, "cluttered", seed=1)
    assert len(rig) > len(preset.mapped_bones()) + 60
    rig, names = _scrambled(rig, seed=1)
    found = map_by_structure(rig)
    assert _wrong(found.bone_map, truth.renamed(names)) == []
    extras = {names[n] for n in ("c_root", "c_prop_tip", "c_ik_foot_left", "c_pole_knee_right", "c_jaw", "c_tail_2") if n in names}
    assert names["c_prop_tip"] in extras and extras <= set(found.unmapped)


# -- left and right ----------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_sides_survive_any_rotation_of_armature_space(seed):
    preset = PRESETS["rigify_metarig"]
    rig = rotated(sample_rig(preset), random_rotation(seed))
    rig, names = _scrambled(rig, seed=seed)
    found = map_by_structure(rig)
    assert _wrong(found.bone_map, preset.renamed(names)) == []
    assert found.front_from == "toes"


def test_a_rig_facing_plus_y_keeps_its_own_left():
    """Turned 180 degrees about Z: the .L bones are now at -X, and still the
    character's left (its toes point +Y)."""
    preset = PRESETS["rigify_metarig"]
    rig = rotated(sample_rig(preset), _about_z(180.0))
    left_thigh = rig.index(preset.bones("left_thigh")[0])
    assert rig.heads[left_thigh, 0] < 0
    found = map_by_structure(rig)
    assert _wrong(found.bone_map, preset) == []
    assert found.front @ np.array([0.0, 1.0, 0.0]) > 0.99


def test_a_mirrored_rig_swaps_sides():
    """Reflected left to right, the bones named left sit on the character's right."""
    preset = PRESETS["mixamo"]
    found = map_by_structure(mirrored(sample_rig(preset)))
    assert _wrong(found.bone_map, swap_sides(preset)) == []


def test_order_of_bones_does_not_decide_sides():
    preset = PRESETS["bandai"]
    maps = [map_by_structure(_scrambled(sample_rig(preset), seed=seed)[0]) for seed in range(4)]
    for found in maps:
        assert found.bone_map.bones("left_hand")[0] != found.bone_map.bones("right_hand")[0]
    rig, names = _scrambled(sample_rig(preset), seed=9)
    assert map_by_structure(rig).bone_map.bones("left_upper_arm") == (names["UpperArm_L"],)


def _knees_forward(preset, centimetres: float) -> RigDescription:
    """Knees bent forward as a person's do (``humanoid_landmarks``'
    ``knee_bend`` puts the knee behind the hip-ankle line)."""
    marks = humanoid_landmarks()
    for side in ("left", "right"):
        marks[f"{side}_knee"] = marks[f"{side}_knee"] + np.array([0.0, -centimetres / 100.0, 0.0])
    return build_rig(rows_for_map(preset, marks), orientation="arbitrary", seed=1)


def test_front_from_the_feet_knees_or_elbows_when_there_are_no_toes():
    preset = PRESETS["cmu_daz"]
    assert not preset.bones("left_toes")
    cases = {
        "feet": rig_for_map(preset, orientation="random_roll"),
        "knees": _knees_forward(preset, 6.0),
        "elbows": rig_for_map(preset, orientation="arbitrary", pose="A", elbow_bend=25.0),
    }
    for cue, rig in cases.items():
        rig = rotated(rig, _about_z(180.0))
        found = map_by_structure(rig)
        assert found.front_from == cue
        assert _wrong(found.bone_map, preset) == [], cue
        assert found.front @ np.array([0.0, 1.0, 0.0]) > 0.99


def test_without_any_front_cue_blenders_convention_is_assumed_and_said():
    preset = PRESETS["cmu_daz"]
    rig = rig_for_map(preset, orientation="arbitrary")
    found = map_by_structure(rig)
    assert found.front_from == "assumed" and found.notes
    assert "assumed" in found.message
    assert _wrong(found.bone_map, preset) == []
    assert found.front @ np.array([0.0, -1.0, 0.0]) > 0.99
    y_up = map_by_structure(rig_for_map(preset, orientation="arbitrary", y_up=True))
    assert y_up.front @ np.array([0.0, 0.0, 1.0]) > 0.99
    assert _wrong(y_up.bone_map, preset) == []


# -- not humanoids -----------------------------------------------------------


def _limb(name: str, side: str) -> set[str]:
    preset = PRESETS["mixamo"]
    parts = ("thigh", "shin", "foot", "toes") if name == "leg" else ("clavicle", "upper_arm", "forearm", "hand")
    return {bone for part in parts for bone in preset.bones(f"{side}_{part}")}


NOT_HUMANOID = {
    "quadruped": (lambda: quadruped(), "four-legged"),
    "quadruped_without_tail": (lambda: quadruped(tail=False), "four-legged"),
    "snake": (snake, "one chain without branches"),
    "single_bone": (lambda: build_rig([BoneRow("Bone", None, (0, 0, 0), (0, 0, 1))]), "the rig has 1 bone"),
    "unparented_bones": (
        lambda: build_rig([BoneRow(f"Bone.{k:03d}", None, (0.1 * k, 0, 0), (0.1 * k, 0, 1)) for k in range(30)]),
        "the largest hierarchy in the rig has 1 bone",
    ),
    "one_leg": (lambda: without(sample_rig(PRESETS["mixamo"], with_extras=False), _limb("leg", "right")), "one leg only"),
    "one_arm": (lambda: without(sample_rig(PRESETS["mixamo"], with_extras=False), _limb("arm", "left")), "one arm only"),
}


@pytest.mark.parametrize("name", list(NOT_HUMANOID))
def test_non_humanoids_are_refused_with_the_reason(name):
    build, reason = NOT_HUMANOID[name]
    rig = build()
    with pytest.raises(NotHumanoid, match=reason) as error:
        map_by_structure(rig)
    assert str(error.value).startswith("could not map: ")
    assert error.value.reason in str(error.value)
    if len(rig) > 1:
        for seed in range(2):
            with pytest.raises(NotHumanoid, match=reason):
                map_by_structure(_scrambled(rotated(rig, random_rotation(seed + 7)), seed=seed)[0])


# -- the proposal Detect Mapping shows --------------------------------------------


def test_names_first_structure_when_no_preset_fits_nothing_for_a_non_humanoid():
    rig = sample_rig(PRESETS["mixamo"])
    by_name = propose_map(rig)
    assert by_name.source == "preset" and by_name.preset == "mixamo"
    generic, names = _scrambled(rig)
    by_structure = propose_map(generic)
    assert by_structure.source == "structure" and by_structure.preset == STRUCTURE_PRESET
    assert _wrong(by_structure.bone_map, PRESETS["mixamo"].renamed(names)) == []
    assert "check each slot" in by_structure.message and by_structure.confidence > 0.5
    nothing = propose_map(snake())
    assert nothing.source == "none" and nothing.bone_map is None
    assert "could not map: the bones form one chain" in nothing.message


def test_a_partly_named_rig_that_is_not_a_humanoid_keeps_the_partial_preset():
    """Mixamo names but one leg: the preset's partial map is kept to complete
    by hand, and the structural reason is given."""
    rig = without(sample_rig(PRESETS["mixamo"]), _limb("leg", "right"))
    proposal = propose_map(rig)
    assert proposal.source == "partial" and proposal.preset == "mixamo"
    assert set(proposal.missing_required) == {"right_thigh", "right_shin", "right_foot"}
    assert "could not map: one leg only" in proposal.message


# -- the measurement -------------------------------------------------------------


def test_accuracy_on_scrambled_presets_is_at_least_95_percent():
    chosen = {name: PRESETS[name] for name in ("mixamo", "rigify_def", "daz_genesis8", "mmd", "humanik")}
    report = automap_report(seeds=1, presets=chosen, variants=("family", "a_pose_bent", "rotated", "cluttered", "jittered"))
    assert set(report["per_preset"]) == set(chosen)
    for name, row in report["per_preset"].items():
        assert row["accuracy"] >= 0.95, (name, row["wrong_slots"])
        assert row["slots"] == 5 * len(SLOTS)
    report["measured"] = {"command": "test", "date": "today", "commit": "0123456789abcdef"}
    table = render(report)
    assert "| mixamo |" in table and "0123456789" in table


def test_a_wrong_map_scores_below_a_right_one():
    """The measure itself: swapping sides or refusing counts slots wrong."""
    preset = PRESETS["mixamo"]
    assert _wrong(swap_sides(preset), preset) == [s for s in SLOTS if s.startswith(("left_", "right_"))]
    assert len(REQUIRED_SLOTS) == 14


def test_clutter_rows_keep_the_preset_rows():
    preset = PRESETS["bandai"]
    rows = rows_for_map(preset, humanoid_landmarks())
    cluttered = clutter_rows(preset, rows)
    by_name = {row.name: row for row in cluttered}
    assert by_name[preset.hips].parent == "c_root"
    assert all(row.name in by_name for row in rows)
