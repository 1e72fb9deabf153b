"""The bone-name canonicaliser and the slot helpers."""

import pytest

from backend.retarget.names import bone_key, flat_key, strip_prefixes, words
from backend.retarget.slots import REQUIRED_SLOTS, SLOTS, humanoid, sided


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("mixamorig:LeftUpLeg", ("L", "upleg")),
        ("Armature|mixamorig:LeftUpLeg", ("L", "upleg")),
        ("mixamorig1_RightHand", ("R", "hand")),
        ("left_up_leg", ("L", "upleg")),
        ("LEFTUPLEG", ("L", "upleg")),
        ("DEF-upper_arm.L.001", ("L", "defupperarm1")),
        ("def_upper_arm_l_001", ("L", "defupperarm1")),
        ("CC_Base_L_Thigh", ("L", "ccbasethigh")),
        ("CC_Base_Thigh_L", ("L", "ccbasethigh")),
        ("lThighBend", ("L", "thighbend")),
        ("ThighBend.L", ("L", "thighbend")),
        ("thigh_r", ("R", "thigh")),
        ("thigh.R", ("R", "thigh")),
        ("J_Bip_C_Hips", ("", "jbipchips")),
        ("m_avg_L_Hip", ("L", "hip")),
        ("left_hip", ("L", "hip")),
        ("spine_01", ("", "spine1")),
        ("Spine1", ("", "spine1")),
        ("spine.001", ("", "spine1")),
        ("Arm_Left", ("L", "arm")),
        # MMD: Japanese sides, full-width letters and digits, half-width katakana.
        ("左腕", ("L", "腕")),
        ("右ひざ", ("R", "ひざ")),
        ("腰キャンセル左", ("L", "腰キャンセル")),
        ("左足ＩＫ", ("L", "足ik")),
        ("左足IK", ("L", "足ik")),
        ("左足D", ("L", "足d")),
        ("上半身２", ("", "上半身2")),
        ("ｾﾝﾀｰ", ("", "センター")),
        ("全ての親", ("", "全ての親")),
        ("腕.L", ("L", "腕")),
        ("leg IK_L", ("L", "legik")),
        ("upper body2", ("", "upperbody2")),
        # 3ds Max Biped: the side between the root name and the part.
        ("Bip01 L Thigh", ("L", "bip1thigh")),
        ("Bip001 R Calf", ("R", "bip1calf")),
        ("Bip01_L_Toe0", ("L", "bip1toe0")),
        # Auto-Rig Pro: .l/.r sides, the .x centre suffix stays.
        ("c_thigh_fk.l", ("L", "cthighfk")),
        ("root.x", ("", "rootx")),
        # HumanIK: the default character prefix or namespace.
        ("Character1_LeftUpLeg", ("L", "upleg")),
        ("Character1:LeftForeArmRoll", ("L", "forearmroll")),
    ],
)
def test_bone_key(name, key):
    assert bone_key(name) == key


@pytest.mark.parametrize(
    "spellings",
    [
        ["左腕", "腕.L", "腕_L", "Armature|左腕"],
        ["左足ＩＫ", "左足IK", "足IK.L"],
        ["上半身2", "上半身２", "上半身.2"],
        ["センター", "ｾﾝﾀｰ"],
        ["Bip01 L UpperArm", "Bip001 L UpperArm", "Bip01_L_UpperArm", "BIP01 L UPPERARM", "bip01 l upperarm"],
        ["Character1_LeftArm", "Character1:LeftArm", "LeftArm", "mixamorig:LeftArm", "CHARACTER1_LEFTARM"],
        ["upper body", "UpperBody", "upper_body", "UPPER BODY"],
    ],
)
def test_spellings_of_one_family_bone_agree(spellings):
    assert len({bone_key(s) for s in spellings}) == 1


def test_japanese_names_do_not_collapse():
    names = ["左腕", "右腕", "左ひじ", "左手首", "センター", "グルーブ", "下半身", "上半身", "左足", "左足D", "左足ＩＫ"]
    assert len({bone_key(n) for n in names}) == len(names)
    assert len({flat_key(n) for n in names}) == len(names)
    assert all(bone_key(n)[1] for n in names)
    assert bone_key("root.x") != bone_key("root")


def test_spellings_of_one_bone_agree():
    spellings = ["mixamorig:LeftForeArm", "Armature|LeftForeArm", "left_fore_arm", "ForeArm.L", "fore_arm_l", "LEFTFOREARM"]
    assert len({bone_key(s) for s in spellings}) == 1


def test_flat_key_survives_destroyed_case():
    assert bone_key("LTHIGHBEND") != bone_key("lThighBend")
    assert flat_key("LTHIGHBEND") == flat_key("lThighBend") == "lthighbend"


def test_prefixes_and_words():
    assert strip_prefixes("Rig:Sub|mixamorig:Hips") == "Hips"
    assert strip_prefixes("f_avg_Pelvis") == "Pelvis"
    assert words("LHipJoint") == ["l", "hip", "joint"]
    assert words("toe1-1.L") == ["toe", "1", "1", "l"]


def test_sided_and_humanoid():
    assert sided("{Left}UpLeg") == ("LeftUpLeg", "RightUpLeg")
    assert sided("thigh.{L}") == ("thigh.L", "thigh.R")
    assert sided("{l}_thigh") == ("l_thigh", "r_thigh")
    slots = humanoid(hips="H", spine=("S1", "S2"), neck=None, head="Hd", clavicle=None, upper_arm="UA_{L}",
                     forearm="FA_{L}", hand="Ha_{L}", thigh=("T_{L}", "T_{L}.001"), shin="Sh_{L}", foot="F_{L}", toes=None)
    assert set(slots) == set(SLOTS)
    assert slots["right_thigh"] == ("T_R", "T_R.001") and slots["neck"] == () and slots["left_toes"] == ()
    assert set(REQUIRED_SLOTS) <= set(SLOTS)
