"""Auto-Rig Pro (Blender add-on): the FK controls of a rig in Blender (what
an animator keys) and the deforming skeleton that its game-engine export
(FBX/glTF) keeps.

Auto-Rig Pro names controllers with a ``c_`` prefix (``c_root_master.x``),
reference (guide) bones with a ``_ref`` suffix (``thigh_ref.l``), and marks
the side with ``.l``/``.r`` and the centre line with ``.x`` (kept as part of
the name: ``root.x`` is not a ``root`` bone). A rig in Blender holds all
three sets; the deforming bones (``root.x``, ``thigh_stretch.l`` …) follow
the controls through constraints, so keys on them would be overridden.

The choice for a rig in Blender (``auto_rig_pro_fk``): the FK controls --
``c_root_master.x`` (hips: it carries the whole body, so it also gets the
root motion), ``c_spine_01.x``/``c_spine_02.x``, ``c_neck.x``, ``c_head.x``,
``c_shoulder.l``, ``c_arm_fk.l``, ``c_forearm_fk.l``, ``c_hand_fk.l``,
``c_thigh_fk.l``, ``c_leg_fk.l``, ``c_foot_fk.l``, ``c_toes_fk.l``. Set the
arm and leg IK-FK switches to FK. ``c_root.x`` (hip sway under the master)
and ``c_traj``/``c_pos`` stay at rest. As with Rigify's controls the map is
``parent_mode="mapped"``: controls hang from helper bones, so rotations are
taken relative to the mapped control before them. On a full rig the deform
map fits too and is offered as the alternative; the FK map comes first.

The export map (``auto_rig_pro_deform``): ``root.x`` (hips), ``spine_01.x``,
``spine_02.x``, ``neck.x``, ``head.x``, ``shoulder.l``, ``arm_stretch.l``,
``forearm_stretch.l``, ``hand.l``, ``thigh_stretch.l``, ``leg_stretch.l``,
``foot.l``, ``toes_01.l``; twist bones are extras. A third spine bone
(``spine_03.x``) is an extra in both maps and stays at rest.

Sources: Auto-Rig Pro documentation, "Rig Features -- Naming"
(http://lucky3d.fr/auto-rig-pro/doc/rig_behaviour_doc.html: ``c_`` prefix =
controllers meant to be animated, e.g. ``c_root_master.x``; ``_ref`` suffix =
reference bones, e.g. ``root_ref.x``; .l/.r/.x sides) and "Game Engine
Export" (http://lucky3d.fr/auto-rig-pro/doc/ge_export_doc.html: a bone under
``c_forearm_fk`` is exported under ``forearm_stretch``, "the final deforming
bone"; ``c_head.x`` -> ``head.x``; the ``c_traj`` trajectory bone parents
``c_root_master.x`` and the IK feet).
"""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

_REFERENCE_BONES = ("root_ref.x", "spine_01_ref.x", "spine_02_ref.x", "neck_ref.x", "head_ref.x") + sided_names(
    "shoulder_ref.{l}", "arm_ref.{l}", "forearm_ref.{l}", "hand_ref.{l}", "thigh_ref.{l}", "leg_ref.{l}",
    "foot_ref.{l}", "toes_ref.{l}",
)

AUTO_RIG_PRO_FK = BoneMap(
    name="auto_rig_pro_fk",
    label="Auto-Rig Pro (FK controls)",
    slots=humanoid(
        hips="c_root_master.x", spine=("c_spine_01.x", "c_spine_02.x"), neck="c_neck.x", head="c_head.x",
        clavicle="c_shoulder.{l}", upper_arm="c_arm_fk.{l}", forearm="c_forearm_fk.{l}", hand="c_hand_fk.{l}",
        thigh="c_thigh_fk.{l}", shin="c_leg_fk.{l}", foot="c_foot_fk.{l}", toes="c_toes_fk.{l}",
    ),
    parent_mode="mapped",
    extras=("c_pos", "c_traj", "c_root.x", "c_spine_03.x") + _REFERENCE_BONES + sided_names(
        "c_thigh_b.{l}", "c_foot_ik.{l}", "c_hand_ik.{l}", "c_leg_pole.{l}", "c_arms_pole.{l}", "c_foot_roll_cursor.{l}",
        "c_toes_ik.{l}",
    ),
)

AUTO_RIG_PRO_DEFORM = BoneMap(
    name="auto_rig_pro_deform",
    label="Auto-Rig Pro (deforming / exported skeleton)",
    slots=humanoid(
        hips="root.x", spine=("spine_01.x", "spine_02.x"), neck="neck.x", head="head.x",
        clavicle="shoulder.{l}", upper_arm="arm_stretch.{l}", forearm="forearm_stretch.{l}", hand="hand.{l}",
        thigh="thigh_stretch.{l}", shin="leg_stretch.{l}", foot="foot.{l}", toes="toes_01.{l}",
    ),
    extras=("spine_03.x",) + sided_names("arm_twist.{l}", "forearm_twist.{l}", "thigh_twist.{l}", "leg_twist.{l}"),
)
