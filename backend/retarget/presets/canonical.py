"""The extension's own rig: one bone per canonical joint, named
``motion.skeleton.JOINT_NAMES`` and, as in SMPL, named after the joint at its
head (``left_hip`` is the thigh). ``retarget.sample_rigs.canonical_rig()``
builds it."""

from ..bone_map import BoneMap
from ..slots import humanoid

CANONICAL = BoneMap(
    name="canonical",
    label="Text2Motion canonical rig",
    slots=humanoid(
        hips="pelvis", spine=("spine1", "spine2", "spine3"), neck="neck", head="head",
        clavicle="{left}_collar", upper_arm="{left}_shoulder", forearm="{left}_elbow", hand="{left}_wrist",
        thigh="{left}_hip", shin="{left}_knee", foot="{left}_ankle", toes="{left}_foot",
    ),
)
