"""SMPL family in Blender: the SMPL add-on / FBX (``Pelvis``, ``L_Hip`` …,
usually prefixed ``m_avg_``/``f_avg_``, which the canonicaliser drops) and the
SMPL-X add-on (``pelvis``, ``left_hip`` …, the same names as the canonical
joints). In SMPL a bone is named after the joint at its head, so ``L_Hip`` is
the thigh and ``L_Shoulder`` the upper arm."""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

SMPL = BoneMap(
    name="smpl",
    label="SMPL / SMPL-H (Blender add-on, FBX)",
    slots=humanoid(
        hips="Pelvis", spine=("Spine1", "Spine2", "Spine3"), neck="Neck", head="Head",
        clavicle="{L}_Collar", upper_arm="{L}_Shoulder", forearm="{L}_Elbow", hand="{L}_Wrist",
        thigh="{L}_Hip", shin="{L}_Knee", foot="{L}_Ankle", toes="{L}_Foot",
    ),
    extras=("root",) + sided_names("{L}_Hand"),
)

_SMPLX_FINGERS = tuple(f"{{left}}_{finger}{i}" for finger in ("thumb", "index", "middle", "ring", "pinky") for i in (1, 2, 3))

SMPLX = BoneMap(
    name="smplx",
    label="SMPL-X (Blender add-on)",
    slots=humanoid(
        hips="pelvis", spine=("spine1", "spine2", "spine3"), neck="neck", head="head",
        clavicle="{left}_collar", upper_arm="{left}_shoulder", forearm="{left}_elbow", hand="{left}_wrist",
        thigh="{left}_hip", shin="{left}_knee", foot="{left}_ankle", toes="{left}_foot",
    ),
    extras=("root", "jaw") + sided_names("{left}_eye_smplhf", *_SMPLX_FINGERS),
)
