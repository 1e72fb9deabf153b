"""MikuMikuDance models (PMX/PMD) imported into Blender with mmd_tools, by
their Japanese bone names (every model has them) and by the English names of
English PMX models.

MMD bones are named after the joint at their head, like SMPL's: 足 (leg) is
the thigh, ひざ (knee) the shin, 足首 (ankle) the foot, 肩 (shoulder) the
clavicle, 腕 (arm) the upper arm, ひじ (elbow) the forearm, 手首 (wrist) the
hand. Hierarchy quirks, all handled:

* the root chain 全ての親 (master, at the floor) -> センター (center) ->
  グルーブ (groove) -> 腰 (waist) carries the body; 上半身 (upper body) and
  下半身 (lower body) are *siblings* under it, so no bone is "the hips" of
  the usual tree. 下半身 takes the hips slot (the legs hang from it), and
  センター is the translation bone: an MMD animator keys センター's location
  and the two body halves' rotations. The spine's parent check accepts the
  translation bone (``detect``), so the upper body may hang from the root
  chain;
* 肩P / 肩C around the clavicle, the twist bones 腕捩 (between 腕 and ひじ)
  and 手捩 (between ひじ and 手首), 腰キャンセル between 下半身 and the leg
  (semi-standard bones) are not mapped and stay at rest;
* the leg IK bones 足ＩＫ / つま先ＩＫ (full-width ``ＩＫ`` in most models)
  and the deform "D" bones 足D, ひざD, 足首D, 足先EX (they copy the rotation
  of 足, ひざ, 足首 through mmd_tools' additional-rotation constraints) are
  extras. Keys go on the FK bones: turn the leg IK off (mmd_tools' IK toggle
  on 足ＩＫ) or the IK solver overrides the keyed legs.

Geometry: on a model 下半身 points down from the waist, where 上半身 starts,
10-15 cm above the hip joints; the solver takes the hips bone's head as the
pelvis, so the hips turn about the waist and the root motion is applied
there (the synthetic sample rig keeps its hips head at the pelvis).

Names are matched through ``names.bone_key``: full-width letters and digits
and half-width katakana are normalised (``左足ＩＫ`` == ``左足IK``), and
mmd_tools' "Rename Bones - L / R" import option (``左腕`` -> ``腕.L``) gives
the same keys as the Japanese names. 上半身2 is semi-standard: a model
without it loses only that bone's coverage.

Sources (naming and hierarchy): the DanceXR PMX bone structure
(https://vrstormlab.com/dancexr/features/bones.html: 全ての親 (master) ->
センター -> グルーブ (groove) -> 腰 (waist) -> 下半身 / 上半身 -> 上半身2
(upper body2) -> 肩P (shoulderP_R) -> 肩 -> 肩C -> 腕 -> 腕捩 (arm twist_R)
-> ひじ -> 手首); the standard-bone table at
https://mrsoramame.jpn.org/archives/401 (足IK and つま先IK under 全ての親,
下半身 and 上半身 under センター); LearnMMD "An Explanation of Bones"
(https://learnmmd.com/Make-Your-First-Model-Using-Blender-by-Mae-Blythe/Make-a-Model-Part-15/:
the mother, center and groove bones carry no weights); 標準ボーン / 準標準ボーン
(https://scrapbox.io/motoso/標準ボーン); the mmd_tools manual
(https://mmd-blender.fandom.com/ja/wiki/MMD_Tools/マニュアル: import scale
0.08, renaming 左/右 to .L/.R); English PMX names with ``_L``/``_R``
(``ankle_L``, ``toe_L``: https://blender2pmxem.netlify.app/misc/add_tip_bone).
"""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

# Thumbs 親指０-２, other fingers 人指１-３ … (full-width digits).
_JAPANESE_FINGERS = tuple(f"{{左}}親指{digit}" for digit in "０１２") + tuple(
    f"{{左}}{finger}{digit}" for finger in ("人指", "中指", "薬指", "小指") for digit in "１２３"
)

MMD = BoneMap(
    name="mmd",
    label="MikuMikuDance (MMD, Japanese names)",
    slots=humanoid(
        hips="下半身", spine=("上半身", "上半身2"), neck="首", head="頭",
        clavicle="{左}肩", upper_arm="{左}腕", forearm="{左}ひじ", hand="{左}手首",
        thigh="{左}足", shin="{左}ひざ", foot="{左}足首", toes="{左}つま先",
    ),
    translation_bone="センター",
    extras=("全ての親", "グルーブ", "腰", "両目") + sided_names(
        "{左}肩P", "{左}肩C", "{左}腕捩", "{左}手捩", "腰キャンセル{左}", "{左}足ＩＫ", "{左}つま先ＩＫ", "{左}足IK親",
        "{左}足D", "{左}ひざD", "{左}足首D", "{左}足先EX", "{左}目", *_JAPANESE_FINGERS,
    ),
)

MMD_ENGLISH = BoneMap(
    name="mmd_english",
    label="MikuMikuDance (MMD, English names)",
    slots=humanoid(
        hips="lower body", spine=("upper body", "upper body2"), neck="neck", head="head",
        clavicle="shoulder_{L}", upper_arm="arm_{L}", forearm="elbow_{L}", hand="wrist_{L}",
        thigh="leg_{L}", shin="knee_{L}", foot="ankle_{L}", toes="toe_{L}",
    ),
    translation_bone="center",
    extras=("master", "groove", "waist", "eyes") + sided_names(
        "shoulderP_{L}", "arm twist_{L}", "leg IK_{L}", "toe IK_{L}", "eye_{L}",
    ),
)
