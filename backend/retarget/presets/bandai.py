"""The Bandai-Namco Research motion dataset's skeleton (BVH imported into
Blender)."""

from ..bone_map import BoneMap
from ..slots import humanoid

BANDAI = BoneMap(
    name="bandai",
    label="Bandai-Namco motion dataset",
    slots=humanoid(
        hips="Hips", spine=("Spine", "Chest"), neck="Neck", head="Head",
        clavicle="Shoulder_{L}", upper_arm="UpperArm_{L}", forearm="LowerArm_{L}", hand="Hand_{L}",
        thigh="UpperLeg_{L}", shin="LowerLeg_{L}", foot="Foot_{L}", toes="Toes_{L}",
    ),
)
