"""Bone maps as data: the built-in presets and user preset files (JSON)."""

import json

import pytest

from backend.retarget.bone_map import BoneMap
from backend.retarget.detect import resolve
from backend.retarget.preset_file import dumps, load_preset, loads, save_preset, to_dict
from backend.retarget.presets import FAMILIES, PRESETS
from backend.retarget.slots import REQUIRED_SLOTS, SINGLE_BONE_SLOTS

from .retarget_fixtures import family_rig

REQUESTED_FAMILIES = {
    "mixamo", "rigify", "unreal", "vroid", "character_creator", "daz", "makehuman", "smpl", "cmu_bvh", "bandai",
    "canonical", "mmd", "biped", "auto_rig_pro", "humanik",
}
# The first seventeen presets, in the order detection breaks ties by; new
# families go after them so none of these changes what it wins.
FIRST_PRESETS = (
    "canonical", "smplx", "smpl", "mixamo", "rigify_fk", "rigify_def", "rigify_metarig", "unreal_ue5", "unreal_ue4",
    "vroid", "character_creator", "daz_genesis8", "daz_genesis9", "makehuman", "cmu_motionbuilder", "cmu_daz", "bandai",
)
NEW_FAMILY_MODULES = ("mmd", "biped", "auto_rig_pro", "humanik")


def test_every_requested_family_has_presets():
    assert REQUESTED_FAMILIES <= set(FAMILIES.values())
    assert set(FAMILIES) == set(PRESETS)
    assert {"rigify_metarig", "rigify_def", "rigify_fk", "unreal_ue4", "unreal_ue5", "daz_genesis8", "daz_genesis9",
            "smpl", "smplx", "cmu_motionbuilder", "cmu_daz", "mmd", "mmd_english", "biped", "auto_rig_pro_fk",
            "auto_rig_pro_deform", "humanik"} <= set(PRESETS)
    assert tuple(PRESETS)[: len(FIRST_PRESETS)] == FIRST_PRESETS


@pytest.mark.parametrize("module", NEW_FAMILY_MODULES)
def test_new_family_presets_name_their_sources(module):
    import importlib

    doc = importlib.import_module(f"backend.retarget.presets.{module}").__doc__
    assert doc.count("http") >= 2, f"{module}: say where the bone names come from"


def test_family_root_bones_carry_the_root_motion():
    assert PRESETS["mmd"].root_motion_bone == "センター"
    assert PRESETS["mmd_english"].root_motion_bone == "center"
    assert PRESETS["biped"].root_motion_bone == "Bip01"
    assert PRESETS["auto_rig_pro_fk"].root_motion_bone == "c_root_master.x"
    assert PRESETS["auto_rig_pro_fk"].parent_mode == "mapped" and PRESETS["auto_rig_pro_deform"].parent_mode == "rig"


def test_humanik_maps_mixamos_bones_and_differs_only_in_extras():
    assert PRESETS["humanik"].slots == PRESETS["mixamo"].slots
    only_humanik = set(PRESETS["humanik"].extras) - set(PRESETS["mixamo"].extras)
    assert {"LeftArmRoll", "RightLegRoll", "Reference"} <= only_humanik
    assert "HeadTop_End" in set(PRESETS["mixamo"].extras) - set(PRESETS["humanik"].extras)


@pytest.mark.parametrize("name", list(PRESETS))
def test_preset_is_complete_and_round_trips_through_json(name):
    preset = PRESETS[name]
    assert all(preset.bones(slot) for slot in REQUIRED_SLOTS), f"{name} leaves a required slot empty"
    assert all(len(preset.bones(slot)) <= 1 for slot in SINGLE_BONE_SLOTS)
    again = loads(dumps(preset))
    assert again == preset


def test_canonical_preset_names_are_the_joint_names():
    from backend.motion.skeleton import JOINT_NAMES

    assert set(PRESETS["canonical"].mapped_bones()) == set(JOINT_NAMES)


def test_user_mapping_saved_and_loaded_then_applied_to_a_renamed_rig(tmp_path):
    rig = family_rig("bandai")
    edited = BoneMap(
        name="my_hero",
        label="My hero",
        slots={**PRESETS["bandai"].slots, "spine": ("Spine",), "left_toes": (), "right_toes": ()},
        extras=("Chest",),
    )
    path = save_preset(edited, tmp_path / "presets" / "my_hero.json")
    loaded = load_preset(path)
    assert loaded == edited
    assert json.loads(path.read_text())["format"] == "text2motion-bone-map"
    renamed = [f"Armature|{n.lower()}" for n in rig.names]
    parents = [f"Armature|{p.lower()}" if p else None for p in rig.parent_names()]
    resolution = resolve(loaded, renamed, parents)
    assert resolution.bone_map.bones("left_upper_arm") == ("Armature|upperarm_l",)
    assert resolution.bone_map.bones("spine") == ("Armature|spine",)
    assert not resolution.missing and not resolution.hierarchy_errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not valid JSON"),
        ("[]", "JSON object"),
        ('{"format": "something else", "version": 1}', "format"),
        ('{"format": "text2motion-bone-map", "version": 99}', "version"),
        ('{"format": "text2motion-bone-map", "version": 1, "code": "import os"}', "unknown key"),
        ('{"format": "text2motion-bone-map", "version": 1, "slots": {"tail": ["T"]}}', "unknown slot"),
        ('{"format": "text2motion-bone-map", "version": 1, "slots": {"hips": [1]}}', "strings"),
        ('{"format": "text2motion-bone-map", "version": 1, "slots": {"hips": ["A", "B"]}}', "one bone"),
        ('{"format": "text2motion-bone-map", "version": 1, "slots": {"hips": ["A"], "head": ["A"]}}', "both"),
        ('{"format": "text2motion-bone-map", "version": 1, "parent_mode": "eval"}', "parent_mode"),
    ],
)
def test_bad_preset_files_are_rejected(text, message):
    with pytest.raises(ValueError, match=message):
        loads(text)


def test_preset_text_is_never_executed(tmp_path):
    data = to_dict(PRESETS["mixamo"])
    data["label"] = "__import__('os').system('echo pwned')"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data))
    assert load_preset(path).label == data["label"]
