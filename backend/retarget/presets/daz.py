"""DAZ Genesis 8 (also Genesis 3: same names) and Genesis 9.

Genesis 8 splits the upper arm, forearm and thigh into a bend and a twist bone
in one chain; both are mapped (the twist bone carries the same direction).
Genesis 9's twist bones are extras. The toe slot is the toe base (``lToe``,
``l_toes``); the metatarsal bone between foot and toes follows the foot."""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

_G8_FINGERS = tuple(f"{{l}}{finger}{i}" for finger in ("Thumb", "Index", "Mid", "Ring", "Pinky") for i in (1, 2, 3))
_G9_FINGERS = tuple(f"{{l}}_{finger}{i}" for finger in ("thumb", "index", "mid", "ring", "pinky") for i in (1, 2, 3))

DAZ_GENESIS8 = BoneMap(
    name="daz_genesis8",
    label="DAZ Genesis 8 / 3",
    slots=humanoid(
        hips="hip", spine=("abdomenLower", "abdomenUpper", "chestLower", "chestUpper"),
        neck=("neckLower", "neckUpper"), head="head",
        clavicle="{l}Collar", upper_arm=("{l}ShldrBend", "{l}ShldrTwist"),
        forearm=("{l}ForearmBend", "{l}ForearmTwist"), hand="{l}Hand",
        thigh=("{l}ThighBend", "{l}ThighTwist"), shin="{l}Shin", foot="{l}Foot", toes="{l}Toe",
    ),
    extras=("pelvis", "lowerJaw") + sided_names("{l}Metatarsals", "{l}Eye", "{l}BigToe", *_G8_FINGERS),
)

DAZ_GENESIS9 = BoneMap(
    name="daz_genesis9",
    label="DAZ Genesis 9",
    slots=humanoid(
        hips="hip", spine=("spine1", "spine2", "spine3", "spine4"), neck=("neck1", "neck2"), head="head",
        clavicle="{l}_shoulder", upper_arm="{l}_upperarm", forearm="{l}_forearm", hand="{l}_hand",
        thigh="{l}_thigh", shin="{l}_shin", foot="{l}_foot", toes="{l}_toes",
    ),
    extras=("pelvis",) + sided_names(
        "{l}_upperarm_twist1", "{l}_upperarm_twist2", "{l}_forearm_twist1", "{l}_forearm_twist2",
        "{l}_thigh_twist1", "{l}_thigh_twist2", "{l}_metatarsal", "{l}_eye", *_G9_FINGERS,
    ),
)
