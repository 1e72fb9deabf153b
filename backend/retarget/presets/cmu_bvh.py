"""CMU motion-capture BVH files imported into Blender, in their two common
namings: the MotionBuilder-friendly conversion (``Hips``, ``LHipJoint``,
``LeftUpLeg``, ``LowerBack`` …) and the Daz-friendly one this project trains on
(``hip``, ``abdomen``, ``lThigh``, ``lShin`` …; no toe joint, so the foot's
tail -- the toe tip -- gives the foot direction)."""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

CMU_MOTIONBUILDER = BoneMap(
    name="cmu_motionbuilder",
    label="CMU BVH (MotionBuilder naming)",
    slots=humanoid(
        hips="Hips", spine=("LowerBack", "Spine", "Spine1"), neck=("Neck", "Neck1"), head="Head",
        clavicle="{Left}Shoulder", upper_arm="{Left}Arm", forearm="{Left}ForeArm", hand="{Left}Hand",
        thigh="{Left}UpLeg", shin="{Left}Leg", foot="{Left}Foot", toes="{Left}ToeBase",
    ),
    extras=sided_names("{L}HipJoint", "{Left}FingerBase", "{Left}HandIndex1", "{L}Thumb"),
)

CMU_DAZ = BoneMap(
    name="cmu_daz",
    label="CMU BVH (Daz naming)",
    slots=humanoid(
        hips="hip", spine=("abdomen", "chest"), neck="neck", head="head",
        clavicle="{l}Collar", upper_arm="{l}Shldr", forearm="{l}ForeArm", hand="{l}Hand",
        thigh="{l}Thigh", shin="{l}Shin", foot="{l}Foot", toes=None,
    ),
    extras=sided_names("{l}Buttock"),
)
