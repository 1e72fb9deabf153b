"""Rigify: the metarig (which is also Blender's Human and Basic Human
armatures, Add > Armature), and the two useful layers of a generated rig --
the deform ``DEF-`` bones (what game exports keep) and the FK controls (what
an animator keys; set the arm and leg IK/FK switches to FK).

The FK map is ``parent_mode="mapped"``: in a generated rig the controls hang
from ORG/MCH bones that constraints drive, so each control's rotation is taken
relative to the mapped control before it (torso -> spine_fk -> shoulder ->
upper_arm_fk ...), not to its armature parent.
"""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

_FINGER_BONES = tuple(
    f"{finger}.0{i}.{{L}}" for finger in ("thumb", "f_index", "f_middle", "f_ring", "f_pinky") for i in (1, 2, 3)
) + tuple(f"palm.0{i}.{{L}}" for i in (1, 2, 3, 4))
_FACE = ("face", "nose", "jaw", "chin", "lip.T", "lip.B", "forehead.T.{L}", "temple.{L}", "ear.{L}", "eye.{L}", "lid.T.{L}", "brow.T.{L}", "cheek.T.{L}")

RIGIFY_METARIG = BoneMap(
    name="rigify_metarig",
    label="Rigify metarig / Blender human metarig",
    slots=humanoid(
        hips="spine", spine=("spine.001", "spine.002", "spine.003"), neck=("spine.004", "spine.005"), head="spine.006",
        clavicle="shoulder.{L}", upper_arm="upper_arm.{L}", forearm="forearm.{L}", hand="hand.{L}",
        thigh="thigh.{L}", shin="shin.{L}", foot="foot.{L}", toes="toe.{L}",
    ),
    extras=sided_names("pelvis.{L}", "breast.{L}", "heel.02.{L}", *_FINGER_BONES, *_FACE),
)

RIGIFY_DEF = BoneMap(
    name="rigify_def",
    label="Rigify generated rig (DEF bones)",
    slots=humanoid(
        hips="DEF-spine", spine=("DEF-spine.001", "DEF-spine.002", "DEF-spine.003"),
        neck=("DEF-spine.004", "DEF-spine.005"), head="DEF-spine.006",
        clavicle="DEF-shoulder.{L}", upper_arm=("DEF-upper_arm.{L}", "DEF-upper_arm.{L}.001"),
        forearm=("DEF-forearm.{L}", "DEF-forearm.{L}.001"), hand="DEF-hand.{L}",
        thigh=("DEF-thigh.{L}", "DEF-thigh.{L}.001"), shin=("DEF-shin.{L}", "DEF-shin.{L}.001"),
        foot="DEF-foot.{L}", toes="DEF-toe.{L}",
    ),
    extras=sided_names("DEF-pelvis.{L}", "DEF-breast.{L}", *(f"DEF-{bone}" for bone in _FINGER_BONES)),
)

RIGIFY_FK = BoneMap(
    name="rigify_fk",
    label="Rigify generated rig (FK controls)",
    slots=humanoid(
        hips="torso", spine=("spine_fk.002", "spine_fk.003"), neck="neck", head="head",
        clavicle="shoulder.{L}", upper_arm="upper_arm_fk.{L}", forearm="forearm_fk.{L}", hand="hand_fk.{L}",
        thigh="thigh_fk.{L}", shin="shin_fk.{L}", foot="foot_fk.{L}", toes="toe_fk.{L}",
    ),
    parent_mode="mapped",
    extras=("root", "hips", "chest", "spine_fk", "spine_fk.001", "tweak_spine", "tweak_spine.001", "tweak_spine.002")
    + sided_names(
        "thigh_parent.{L}", "upper_arm_parent.{L}", "thigh_ik.{L}", "foot_ik.{L}", "foot_heel_ik.{L}",
        "foot_spin_ik.{L}", "upper_arm_ik.{L}", "hand_ik.{L}", "thigh_ik_target.{L}", "upper_arm_ik_target.{L}",
        "breast.{L}", *_FINGER_BONES,
    ),
)
