"""VRoid Studio / VRM models (``J_Bip_`` bones; ``C`` is the centre line)."""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

_FINGERS = tuple(f"J_Bip_{{L}}_{finger}{i}" for finger in ("Thumb", "Index", "Middle", "Ring", "Little") for i in (1, 2, 3))

VROID = BoneMap(
    name="vroid",
    label="VRoid / VRM",
    slots=humanoid(
        hips="J_Bip_C_Hips", spine=("J_Bip_C_Spine", "J_Bip_C_Chest", "J_Bip_C_UpperChest"),
        neck="J_Bip_C_Neck", head="J_Bip_C_Head",
        clavicle="J_Bip_{L}_Shoulder", upper_arm="J_Bip_{L}_UpperArm", forearm="J_Bip_{L}_LowerArm",
        hand="J_Bip_{L}_Hand", thigh="J_Bip_{L}_UpperLeg", shin="J_Bip_{L}_LowerLeg", foot="J_Bip_{L}_Foot",
        toes="J_Bip_{L}_ToeBase",
    ),
    extras=("Root",) + sided_names("J_Adj_{L}_FaceEye", *_FINGERS),
)
