"""The bones a rig family has around its mapped ones, with its hierarchy
quirks: data for the synthetic rigs (``sample_rigs.sample_rig``, which the
report and the tests use), so a family's sample rig is shaped like the real
one -- roots above the hips, helper and twist bones between mapped bones,
IK and deform bones beside them, mapped bones hung from unusual parents.

``FamilyBones.bones`` are ``ExtraBone`` rows placed on the sample rig;
``FamilyBones.parents`` re-parent mapped bones (3ds Max Biped hangs its
thighs from the spine). Sources for each family are in its preset module.

The mapped bones keep ``sample_rigs.rows_for_map``'s placement, hips bone
head at the pelvis: a real MMD model's 下半身 instead points down from the
waist, where 上半身 starts (see the ``presets.mmd`` docstring).
"""

from __future__ import annotations

from dataclasses import dataclass

from .slots import sided


@dataclass(frozen=True)
class ExtraBone:
    """A bone beyond the map: its head at the head of bone ``at`` (its tail
    with ``use_tail``; ``"@floor"``: the armature origin), a short bone
    pointing up, under ``parent``; ``adopts``: bones re-parented under it."""

    name: str
    parent: str | None
    at: str
    use_tail: bool = False
    adopts: tuple[str, ...] = ()


@dataclass(frozen=True)
class FamilyBones:
    """``bones`` to add; ``parents``: (bone, new parent) pairs."""

    bones: tuple[ExtraBone, ...] = ()
    parents: tuple[tuple[str, str], ...] = ()


def both_sides(name: str, parent: str, at: str | None = None, *, use_tail: bool = False, adopts: str | None = None) -> tuple[ExtraBone, ...]:
    """Left and right ``ExtraBone`` from side templates (``slots.sided``)."""
    names, parents, anchors = sided(name), sided(parent), sided(at or parent)
    adopted = sided(adopts) if adopts else (None, None)
    return tuple(
        ExtraBone(n, p, a, use_tail=use_tail, adopts=(c,) if c else ()) for n, p, a, c in zip(names, parents, anchors, adopted)
    )


def _reparented(bone: str, parent: str) -> tuple[tuple[str, str], ...]:
    return tuple(zip(sided(bone), sided(parent)))


# MMD: root chain 全ての親 -> センター -> グルーブ -> 腰 -> 下半身, with 上半身
# beside 腰 under グルーブ; shoulder P/C, twist, waist-cancel, IK and D bones.
_MMD = FamilyBones(bones=(
    ExtraBone("全ての親", None, "@floor"),
    ExtraBone("センター", "全ての親", "下半身"),
    ExtraBone("グルーブ", "センター", "下半身", adopts=("上半身",)),
    ExtraBone("腰", "グルーブ", "下半身", adopts=("下半身",)),
    *both_sides("腰キャンセル{左}", "下半身", "{左}足", adopts="{左}足"),
    *both_sides("{左}足D", "腰キャンセル{左}", "{左}足"),
    *both_sides("{左}ひざD", "{左}足D", "{左}ひざ"),
    *both_sides("{左}足首D", "{左}ひざD", "{左}足首"),
    *both_sides("{左}足先EX", "{左}足首D", "{左}つま先"),
    *both_sides("{左}足IK親", "全ての親", "{左}足首"),
    *both_sides("{左}足ＩＫ", "{左}足IK親", "{左}足首"),
    *both_sides("{左}つま先ＩＫ", "{左}足ＩＫ", "{左}つま先"),
    *both_sides("{左}肩P", "上半身2", "{左}肩", adopts="{左}肩"),
    *both_sides("{左}肩C", "{左}肩", "{左}腕", adopts="{左}腕"),
    *both_sides("{左}腕捩", "{左}腕", "{左}ひじ", adopts="{左}ひじ"),
    *both_sides("{左}手捩", "{左}ひじ", "{左}手首", adopts="{左}手首"),
    ExtraBone("両目", "頭", "頭"),
    *both_sides("{左}目", "頭"),
    *both_sides("{左}親指０", "{左}手首", use_tail=True),
    *both_sides("{左}人指１", "{左}手首", use_tail=True),
))

_MMD_ENGLISH = FamilyBones(bones=(
    ExtraBone("master", None, "@floor"),
    ExtraBone("center", "master", "lower body"),
    ExtraBone("groove", "center", "lower body", adopts=("upper body",)),
    ExtraBone("waist", "groove", "lower body", adopts=("lower body",)),
    *both_sides("leg IK_{L}", "master", "ankle_{L}"),
    *both_sides("toe IK_{L}", "leg IK_{L}", "toe_{L}"),
    *both_sides("shoulderP_{L}", "upper body2", "shoulder_{L}", adopts="shoulder_{L}"),
    *both_sides("arm twist_{L}", "arm_{L}", "elbow_{L}", adopts="elbow_{L}"),
    ExtraBone("eyes", "head", "head"),
    *both_sides("eye_{L}", "head"),
))

# 3ds Max Biped: Bip01 (centre of mass) above the pelvis, the footstep track
# at the floor, thighs under the first spine link, clavicles under the neck.
_BIPED = FamilyBones(
    bones=(
        ExtraBone("Bip01", None, "Bip01 Pelvis", adopts=("Bip01 Pelvis",)),
        ExtraBone("Bip01 Footsteps", "Bip01", "@floor"),
        ExtraBone("Bip01 HeadNub", "Bip01 Head", "Bip01 Head", use_tail=True),
        *both_sides("Bip01 {L} Toe0Nub", "Bip01 {L} Toe0", use_tail=True),
        *both_sides("Bip01 {L} Finger0", "Bip01 {L} Hand", use_tail=True),
        *both_sides("Bip01 {L} Finger0Nub", "Bip01 {L} Finger0"),
        *both_sides("Bip01 {L} UpperArmTwist", "Bip01 {L} UpperArm"),
        *both_sides("Bip01 {L} ForeTwist", "Bip01 {L} Forearm"),
    ),
    parents=_reparented("Bip01 {L} Thigh", "Bip01 Spine") + _reparented("Bip01 {L} Clavicle", "Bip01 Neck"),
)

# Auto-Rig Pro, a rig in Blender: c_pos -> c_traj -> c_root_master.x; the
# FK thighs under c_root.x and the thigh base controls; IK controls and
# poles under c_traj; the reference bones in their own hierarchy.
_ARP_REFERENCES = (
    ExtraBone("root_ref.x", None, "c_root_master.x"),
    ExtraBone("spine_01_ref.x", "root_ref.x", "c_spine_01.x"),
    ExtraBone("spine_02_ref.x", "spine_01_ref.x", "c_spine_02.x"),
    ExtraBone("neck_ref.x", "spine_02_ref.x", "c_neck.x"),
    ExtraBone("head_ref.x", "neck_ref.x", "c_head.x"),
    *both_sides("shoulder_ref.{l}", "spine_02_ref.x", "c_shoulder.{l}"),
    *both_sides("arm_ref.{l}", "shoulder_ref.{l}", "c_arm_fk.{l}"),
    *both_sides("forearm_ref.{l}", "arm_ref.{l}", "c_forearm_fk.{l}"),
    *both_sides("hand_ref.{l}", "forearm_ref.{l}", "c_hand_fk.{l}"),
    *both_sides("thigh_ref.{l}", "root_ref.x", "c_thigh_fk.{l}"),
    *both_sides("leg_ref.{l}", "thigh_ref.{l}", "c_leg_fk.{l}"),
    *both_sides("foot_ref.{l}", "leg_ref.{l}", "c_foot_fk.{l}"),
    *both_sides("toes_ref.{l}", "foot_ref.{l}", "c_toes_fk.{l}"),
)
_AUTO_RIG_PRO_FK = FamilyBones(bones=(
    ExtraBone("c_pos", None, "@floor"),
    ExtraBone("c_traj", "c_pos", "@floor", adopts=("c_root_master.x",)),
    ExtraBone("c_root.x", "c_root_master.x", "c_root_master.x"),
    *both_sides("c_thigh_b.{l}", "c_root.x", "c_thigh_fk.{l}", adopts="c_thigh_fk.{l}"),
    *both_sides("c_foot_ik.{l}", "c_traj", "c_foot_fk.{l}"),
    *both_sides("c_hand_ik.{l}", "c_traj", "c_hand_fk.{l}"),
    *both_sides("c_leg_pole.{l}", "c_traj", "c_leg_fk.{l}"),
    *_ARP_REFERENCES,
))

# Auto-Rig Pro's exported skeleton: a third spine bone carrying neck and
# shoulders, twist bones beside the stretch bones.
_AUTO_RIG_PRO_DEFORM = FamilyBones(bones=(
    ExtraBone("spine_03.x", "spine_02.x", "neck.x", adopts=("neck.x", "shoulder.l", "shoulder.r")),
    *both_sides("arm_twist.{l}", "arm_stretch.{l}"),
    *both_sides("forearm_twist.{l}", "forearm_stretch.{l}"),
    *both_sides("thigh_twist.{l}", "thigh_stretch.{l}"),
    *both_sides("leg_twist.{l}", "leg_stretch.{l}"),
))

# HumanIK: the Reference root at the floor, roll bones as children of their
# limb bones (siblings of the next limb bone), fingers.
_HUMANIK = FamilyBones(bones=(
    ExtraBone("Reference", None, "@floor", adopts=("Hips",)),
    *both_sides("{Left}ArmRoll", "{Left}Arm"),
    *both_sides("{Left}ForeArmRoll", "{Left}ForeArm"),
    *both_sides("{Left}UpLegRoll", "{Left}UpLeg"),
    *both_sides("{Left}LegRoll", "{Left}Leg"),
    *both_sides("{Left}HandThumb1", "{Left}Hand", use_tail=True),
    *both_sides("{Left}HandIndex1", "{Left}Hand", use_tail=True),
))

FAMILY_BONES: dict[str, FamilyBones] = {
    "mmd": _MMD, "mmd_english": _MMD_ENGLISH, "biped": _BIPED, "auto_rig_pro_fk": _AUTO_RIG_PRO_FK,
    "auto_rig_pro_deform": _AUTO_RIG_PRO_DEFORM, "humanik": _HUMANIK,
}
