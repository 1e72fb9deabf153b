"""Unreal Engine mannequins: UE4 (3 spine bones, 1 neck) and UE5 Manny/Quinn
(5 spine bones, 2 necks). ``root`` sits on the floor and stays at rest; root
motion goes on ``pelvis``. Twist and IK helper bones are extras (they follow)."""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

_FINGERS = tuple(f"{finger}_0{i}_{{l}}" for finger in ("thumb", "index", "middle", "ring", "pinky") for i in (1, 2, 3))
_HELPERS = ("root", "ik_foot_root", "ik_hand_root", "ik_hand_gun") + sided_names(
    "ik_foot_{l}", "ik_hand_{l}", "upperarm_twist_01_{l}", "lowerarm_twist_01_{l}", "thigh_twist_01_{l}",
    "calf_twist_01_{l}", *_FINGERS,
)
_LIMBS = dict(
    clavicle="clavicle_{l}", upper_arm="upperarm_{l}", forearm="lowerarm_{l}", hand="hand_{l}",
    thigh="thigh_{l}", shin="calf_{l}", foot="foot_{l}", toes="ball_{l}",
)

UNREAL_UE4 = BoneMap(
    name="unreal_ue4",
    label="Unreal Engine 4 mannequin",
    slots=humanoid(hips="pelvis", spine=("spine_01", "spine_02", "spine_03"), neck="neck_01", head="head", **_LIMBS),
    extras=_HELPERS,
)

UNREAL_UE5 = BoneMap(
    name="unreal_ue5",
    label="Unreal Engine 5 mannequin (Manny/Quinn)",
    slots=humanoid(
        hips="pelvis", spine=("spine_01", "spine_02", "spine_03", "spine_04", "spine_05"),
        neck=("neck_01", "neck_02"), head="head", **_LIMBS,
    ),
    extras=_HELPERS + sided_names(
        "upperarm_twist_02_{l}", "lowerarm_twist_02_{l}", "thigh_twist_02_{l}", "calf_twist_02_{l}",
        "index_metacarpal_{l}", "middle_metacarpal_{l}", "ring_metacarpal_{l}", "pinky_metacarpal_{l}",
    ),
)
