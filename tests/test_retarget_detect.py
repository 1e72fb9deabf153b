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


# The rig families added with issue 19: their quirks are in the fixtures, and
# detection sees through them.


def _renamed_rig(rig, rename):
    from backend.retarget.rig import RigDescription

    return RigDescription(names=tuple(rename(n) for n in rig.names), parents=rig.parents, heads=rig.heads,
                          tails=rig.tails, matrices=rig.matrices)


def _parent(rig, name):
    return rig.parent_names()[rig.index(name)]


def test_new_family_fixtures_have_their_hierarchy_quirks():
    mmd = family_rig("mmd")
    assert _parent(mmd, "上半身") == "グルーブ" and _parent(mmd, "下半身") == "腰"
    assert [_parent(mmd, b) for b in ("腰", "グルーブ", "センター")] == ["グルーブ", "センター", "全ての親"]
    assert _parent(mmd, "左足") == "腰キャンセル左" and _parent(mmd, "左ひじ") == "左腕捩" and _parent(mmd, "左腕") == "左肩C"
    assert {"左足ＩＫ", "右つま先ＩＫ", "左足D", "右足首D", "左足先EX"} <= set(mmd.names)
    biped = family_rig("biped")
    assert _parent(biped, "Bip01 L Thigh") == "Bip01 Spine" and _parent(biped, "Bip01 R Clavicle") == "Bip01 Neck"
    assert _parent(biped, "Bip01 Pelvis") == "Bip01" and _parent(biped, "Bip01 Footsteps") == "Bip01"
    arp = family_rig("auto_rig_pro")
    assert {"c_root_master.x", "root.x", "thigh_ref.l", "c_thigh_b.l", "thigh_stretch.l", "c_foot_ik.r"} <= set(arp.names)
    assert _parent(arp, "c_thigh_fk.l") == "c_thigh_b.l" and _parent(arp, "c_root_master.x") == "c_traj"
    humanik = family_rig("humanik")
    assert _parent(humanik, "Character1_LeftArmRoll") == "Character1_LeftArm"
    assert _parent(humanik, "Character1_Hips") == "Character1_Reference"


@pytest.mark.parametrize(
    ("family", "translation", "unmapped"),
    [
        ("mmd", "センター", {"全ての親", "グルーブ", "腰", "左足ＩＫ", "左足D", "左腕捩", "腰キャンセル左"}),
        ("mmd_english", "center", {"master", "groove", "waist", "leg IK_L", "arm twist_R"}),
        ("biped", "Bip01", {"Bip01", "Bip01 Footsteps", "Bip01 L Finger0"}),
        ("auto_rig_pro", None, {"c_root.x", "c_traj", "root.x", "thigh_stretch.l", "thigh_ref.l"}),
        ("humanik_namespace", None, {"Character1:Reference", "Character1:LeftArmRoll"}),
    ],
)
def test_root_motion_bone_and_what_stays_unmapped(family, translation, unmapped):
    found = _detect(family_rig(family))
    assert found.bone_map.translation_bone == translation
    assert unmapped <= set(found.unmapped)


def test_mmd_upper_body_passes_the_parent_check_through_the_translation_bone():
    """上半身 hangs from the root chain beside 下半身 (the hips): fine while
    センター (the translation bone above both) is there; without it the
    upper body has no mapped ancestor and the parent check says so."""
    rig = family_rig("mmd")
    assert not _detect(rig).hierarchy_errors
    keep = [i for i, n in enumerate(rig.names) if n != "センター"]
    names = [rig.names[i] for i in keep]
    parents = [p if p != "センター" else "全ての親" for p in (rig.parent_names()[i] for i in keep)]
    found = detect(names, parents)
    assert found.preset == "mmd" and found.bone_map.translation_bone is None
    assert any(error.startswith("上半身") for error in found.hierarchy_errors)
    assert found.confidence < 0.99


@pytest.mark.parametrize(
    ("family", "rename", "preset"),
    [
        # mmd_tools' "Rename Bones - L / R" import option: 左腕 -> 腕.L.
        ("mmd", lambda n: f"{n[1:]}.{'L' if n[0] == '左' else 'R'}" if n[0] in "左右" and len(n) > 1 else n, "mmd"),
        # Full-width letters to half-width and half-width katakana for センター.
        ("mmd", lambda n: n.replace("ＩＫ", "IK").replace("センター", "ｾﾝﾀｰ"), "mmd"),
        # 3ds Max 2010 and later name the first biped Bip001.
        ("biped", lambda n: n.replace("Bip01", "Bip001"), "biped"),
        ("biped", lambda n: n.replace(" ", "_"), "biped"),
    ],
)
def test_new_families_under_other_spellings(family, rename, preset):
    rig = _renamed_rig(family_rig(family), rename)
    found = _detect(rig)
    assert found.preset == preset
    assert found.confidence >= 0.99 and not found.hierarchy_errors


def test_humanik_and_mixamo_tell_apart_by_their_own_bones():
    """Same mapped bones: HumanIK's roll bones (or Reference) name a rig
    HumanIK, Mixamo's end bones name it Mixamo, and a bare skeleton of the
    shared template is Mixamo's (earlier in PRESETS) with HumanIK offered."""
    humanik = family_rig("humanik")
    assert _detect(humanik).preset == "humanik"
    assert _detect(family_rig("mixamo")).preset == "mixamo"
    bare = [i for i, n in enumerate(humanik.names) if not n.endswith(("Roll", "Reference", "Thumb1", "Index1"))]

    def subset(keep):
        names = [humanik.names[i] for i in keep]
        return detect(names, [p if p in names else None for p in (humanik.parent_names()[i] for i in keep)])

    found = subset(bare)
    assert found.preset == "mixamo" and "humanik" in found.alternatives and found.confidence >= 0.99
    found = subset([i for i, n in enumerate(humanik.names) if i in bare or n.endswith("ArmRoll")])
    assert found.preset == "humanik"


@pytest.mark.parametrize("family", ["mmd", "mmd_english", "biped", "auto_rig_pro", "auto_rig_pro_export", "humanik"])
def test_no_new_preset_fits_an_older_family_or_the_reverse(family):
    """New families score far below the winner on every older fixture and
    older presets far below on the new fixtures (HumanIK aside: Mixamo and
    the CMU MotionBuilder naming use its template)."""
    new = {"mmd", "mmd_english", "biped", "auto_rig_pro_fk", "auto_rig_pro_deform", "humanik"}
    found = _detect(family_rig(family))
    kin = {"mixamo", "cmu_motionbuilder"} if family == "humanik" else set()
    rivals = {name: score for name, score in found.scores.items() if name not in new | kin}
    assert max(rivals.values()) < 0.6, rivals
    for older in ("canonical", "smplx", "mixamo", "rigify_generated", "unreal_ue5", "vroid", "character_creator",
                  "daz_genesis8", "makehuman", "cmu_motionbuilder", "bandai"):
        scores = _detect(family_rig(older)).scores
        assert max(scores[name] for name in new - {"humanik"}) < 0.6, older


@pytest.mark.parametrize(
    ("family", "drop", "preset"),
    [
        ("biped", ("Bip01 Spine2", "Bip01 Spine3"), "biped"),  # a biped built with two spine links
        ("mmd", ("上半身2",), "mmd"),  # a model without the semi-standard upper body 2
    ],
)
def test_optional_spine_bones_missing_lower_the_confidence_only(family, drop, preset):
    rig = family_rig(family)
    parent_of = dict(zip(rig.names, rig.parent_names()))

    def kept_parent(name):
        parent = parent_of[name]
        while parent in drop:
            parent = parent_of[parent]
        return parent

    names = [n for n in rig.names if n not in drop]
    found = detect(names, [kept_parent(n) for n in names])
    assert found.preset == preset and not found.hierarchy_errors and not found.missing_required
    assert 0.85 < found.confidence < 0.99
