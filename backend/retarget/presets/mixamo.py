"""Mixamo (Adobe's auto-rigger and animation library), with or without the
``mixamorig:`` namespace (the canonicaliser drops it, and ``mixamorig1:`` …)."""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

_FINGERS = tuple(
    f"{{Left}}Hand{finger}{i}" for finger in ("Thumb", "Index", "Middle", "Ring", "Pinky") for i in range(1, 5)
)

MIXAMO = BoneMap(
    name="mixamo",
    label="Mixamo",
    slots=humanoid(
        hips="Hips", spine=("Spine", "Spine1", "Spine2"), neck="Neck", head="Head",
        clavicle="{Left}Shoulder", upper_arm="{Left}Arm", forearm="{Left}ForeArm", hand="{Left}Hand",
        thigh="{Left}UpLeg", shin="{Left}Leg", foot="{Left}Foot", toes="{Left}ToeBase",
    ),
    extras=("HeadTop_End",) + sided_names("{Left}Eye", "{Left}Toe_End", *_FINGERS),
)
