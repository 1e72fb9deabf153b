"""Reallusion Character Creator 3/4 and iClone (``CC_Base_`` bones).

``CC_Base_Hip`` carries the body; ``CC_Base_Pelvis`` (the thighs' parent) is a
child of it and follows. Twist and share bones are extras."""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

_FINGERS = tuple(f"CC_Base_{{L}}_{finger}{i}" for finger in ("Thumb", "Index", "Mid", "Ring", "Pinky") for i in (1, 2, 3))

CHARACTER_CREATOR = BoneMap(
    name="character_creator",
    label="Character Creator / iClone",
    slots=humanoid(
        hips="CC_Base_Hip", spine=("CC_Base_Waist", "CC_Base_Spine01", "CC_Base_Spine02"),
        neck=("CC_Base_NeckTwist01", "CC_Base_NeckTwist02"), head="CC_Base_Head",
        clavicle="CC_Base_{L}_Clavicle", upper_arm="CC_Base_{L}_Upperarm", forearm="CC_Base_{L}_Forearm",
        hand="CC_Base_{L}_Hand", thigh="CC_Base_{L}_Thigh", shin="CC_Base_{L}_Calf", foot="CC_Base_{L}_Foot",
        toes="CC_Base_{L}_ToeBase",
    ),
    extras=("CC_Base_BoneRoot", "CC_Base_Pelvis", "CC_Base_FacialBone", "CC_Base_JawRoot") + sided_names(
        "CC_Base_{L}_UpperarmTwist01", "CC_Base_{L}_UpperarmTwist02", "CC_Base_{L}_ForearmTwist01",
        "CC_Base_{L}_ForearmTwist02", "CC_Base_{L}_ElbowShareBone", "CC_Base_{L}_ThighTwist01",
        "CC_Base_{L}_ThighTwist02", "CC_Base_{L}_CalfTwist01", "CC_Base_{L}_CalfTwist02",
        "CC_Base_{L}_KneeShareBone", "CC_Base_{L}_RibsTwist", "CC_Base_{L}_Breast", "CC_Base_{L}_Eye", *_FINGERS,
    ),
)
