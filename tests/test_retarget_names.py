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
    ],
)
def test_bone_key(name, key):
    assert bone_key(name) == key


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
