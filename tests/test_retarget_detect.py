"""Auto-detection picks the right preset on every family's rig and on renamed
copies, and reports what it could not map."""

import pytest

from backend.retarget import auto_bind
from backend.retarget.detect import detect, resolve
from backend.retarget.presets import PRESETS
from backend.retarget.sample_rigs import RENAMINGS, renamed, sample_rig

from .retarget_fixtures import FIXTURES, family_rig


def _detect(rig):
    return detect(rig.names, rig.parent_names())


@pytest.mark.parametrize("family", list(FIXTURES))
def test_detects_the_family_of_every_fixture_and_its_renamed_copies(family):
    fixture = FIXTURES[family]
    rig = family_rig(family)
    found = _detect(rig)
    assert found.preset == fixture.preset
    assert found.confidence >= 0.99
    assert not found.missing and not found.missing_required and not found.hierarchy_errors
    assert set(fixture.expected_alternatives) <= set(found.alternatives)
    mapped = set(found.bone_map.mapped_bones())
    assert mapped | set(found.unmapped) == set(rig.names) and not mapped & set(found.unmapped)
    for renaming in RENAMINGS:
        again = _detect(renamed(rig, renaming))
        assert again.preset == fixture.preset, renaming
        assert again.confidence >= 0.99, renaming


@pytest.mark.parametrize("name", list(PRESETS))
def test_detects_every_preset_on_its_sample_rig(name):
    assert _detect(sample_rig(PRESETS[name])).preset == name


def test_resolved_map_uses_the_armatures_names():
    rig = family_rig("mixamo")
    found = _detect(rig)
    assert found.bone_map.bones("left_upper_arm") == ("mixamorig:LeftArm",)
    assert found.bone_map.bones("spine") == ("mixamorig:Spine", "mixamorig:Spine1", "mixamorig:Spine2")
    assert "mixamorig:LeftHandIndex1" in found.unmapped


def test_missing_and_unmapped_bones_are_reported_by_name():
    rig = family_rig("mixamo_no_prefix")
    keep = [i for i, n in enumerate(rig.names) if n not in ("LeftToeBase", "LeftToe_End")]
    names = [rig.names[i] for i in keep]
    parents = [rig.parent_names()[i] for i in keep]
    found = detect(names, parents)
    assert found.preset == "mixamo"
    assert found.missing == ("left_toes: LeftToeBase",)
    assert found.bone_map.bones("left_toes") == () and found.bone_map.bones("right_toes") == ("RightToeBase",)
    assert 0.9 < found.confidence < 1.0
    assert "RightToe_End" in found.unmapped


def test_ambiguous_bones_are_reported():
    rig = family_rig("bandai")
    names = list(rig.names) + ["hand_l"]
    parents = list(rig.parent_names()) + ["LowerArm_L"]
    found = detect(names, parents)
    assert found.preset == "bandai"
    assert set(found.ambiguous["Hand_L"]) == {"Hand_L", "hand_l"}
    assert found.bone_map.bones("left_hand") == ("Hand_L",)


def test_wrong_hierarchy_lowers_the_confidence():
    rig = family_rig("bandai")
    parents = list(rig.parent_names())
    parents[rig.index("LowerArm_L")] = "Hips"
    found = detect(rig.names, parents)
    assert found.preset == "bandai"
    assert any("LowerArm_L" in error for error in found.hierarchy_errors)
    assert found.confidence < 0.99


def test_unknown_rig_has_low_confidence_and_cannot_be_bound():
    names = ["root", "body", "arm_a", "arm_b", "leg_a", "leg_b"]
    parents = [None, "root", "body", "body", "body", "body"]
    found = detect(names, parents)
    assert found.confidence < 0.3
    assert found.missing_required
    from backend.retarget.rig import RigDescription

    rig = RigDescription.from_rolls(names=names, parent_names=parents, heads=[[0, 0, i] for i in range(6)],
                                    tails=[[0, 0.1, i] for i in range(6)])
    with pytest.raises(ValueError, match="required"):
        auto_bind(rig)


def test_resolve_applies_a_preset_to_a_rig_of_its_family():
    rig = family_rig("unreal_ue5")
    resolution = resolve(PRESETS["unreal_ue4"], rig.names, rig.parent_names())
    assert resolution.score == pytest.approx(1.0)
    assert resolution.bone_map.bones("spine") == ("spine_01", "spine_02", "spine_03")
