"""HumanIK (Maya, MotionBuilder): skeletons named by the HumanIK naming
template -- ``Hips``, ``Spine``, ``Spine1`` …, ``Neck``, ``Head``,
``LeftShoulder``, ``LeftArm``, ``LeftForeArm``, ``LeftHand``,
``LeftUpLeg``, ``LeftLeg``, ``LeftFoot``, ``LeftToeBase`` -- usually behind
the character's name: a ``Character1_`` prefix (Maya's skeleton generator;
dropped by the canonicaliser) or a ``Character1:`` namespace.

Mixamo's skeleton uses the same template without a prefix, so the mapped
bones are Mixamo's (one table, shared). The two presets tell a rig apart by
the bones only one of them has: HumanIK's roll bones (``LeftArmRoll``,
``LeftForeArmRoll``, ``LeftUpLegRoll``, ``LeftLegRoll`` and the leaf roll
bones ``LeafLeftArmRoll1`` …, all children of their limb bone), ``Reference``
(the root under the hips) and ``HipsTranslation``; Mixamo's ``HeadTop_End``,
``…Toe_End`` and eyes. A rig with none of these (a bare HumanIK or Mixamo
skeleton) ties, and Mixamo, earlier in ``PRESETS``, names it; the mapping
is the same either way. Roll bones stay at rest (their limb carries them).

Sources: Maya help, "HumanIK character structure" / required nodes
(https://download.autodesk.com/global/docs/maya2012/en_us/files/GUID-5DEFC6E5-033C-45D5-9A0E-224E7A35131-2175.htm:
Hips, LeftUpLeg …) and "To define an existing skeleton for HumanIK"
(https://help.autodesk.com/cloudhelp/2020/ENU/Maya-GettingStarted/files/GUID-5CA619C2-2F7F-4A39-A452-FC3427608C53.htm:
new characters are named Character1, bones Humanoid:Hips, Humanoid:LeftUpLeg,
LeftLeg, LeftFoot, Spine, LeftArm, LeftForeArm, LeftHand …); the skeleton
generator's defaults (3 spine, 1 neck, optional roll and Toe-Base bones,
HipsTranslation:
https://help.autodesk.com/cloudhelp/2022/ENU/Maya-CharacterAnimation/files/GUID-3DF80458-E953-4EA8-AE8E-A73627419F1A.htm);
roll bones parented to their limb bone
(https://help.autodesk.com/cloudhelp/2024/ENU/Maya-CharacterAnimation/files/GUID-5E39A906-3A26-492B-A899-D274335F670D.htm)
and the roll property names (LeftArmRoll, LeftForeArmRoll, LeftUpLegRoll,
LeftLegRoll:
http://download.autodesk.com/global/docs/motionbuilder2013/en-us/files/GUID-BC1D68DF-FED9-4AF9-927B-D4EEC548FD51.htm);
the HumanIK SDK's spine and neck numbering (Spine1 … Spine9 from the hips up:
https://help.autodesk.com/cloudhelp/2016/ENU/HumanIK-SDK-Help/files/GUID-A87BE155-E369-40F5-AA32-5E143FFC4BCA.htm).
"""

from ..bone_map import BoneMap
from ..slots import sided_names
from .mixamo import MIXAMO

_ROLL_BONES = sided_names(
    "{Left}ArmRoll", "{Left}ForeArmRoll", "{Left}UpLegRoll", "{Left}LegRoll",
    *(f"Leaf{{Left}}{limb}Roll{i}" for limb in ("Arm", "ForeArm", "UpLeg", "Leg") for i in (1, 2)),
)
_FINGERS = sided_names(
    *(f"{{Left}}Hand{finger}{i}" for finger in ("Thumb", "Index", "Middle", "Ring", "Pinky") for i in (1, 2, 3))
)

HUMANIK = BoneMap(
    name="humanik",
    label="HumanIK / MotionBuilder",
    slots=MIXAMO.slots,
    extras=("Reference", "HipsTranslation", "Spine3", "Neck1") + _ROLL_BONES + _FINGERS,
)
