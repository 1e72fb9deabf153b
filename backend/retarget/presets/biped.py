"""3ds Max Biped (Character Studio) skeletons exported as FBX, named
``Bip01 …`` (``Bip001 …`` in newer 3ds Max; the canonicaliser writes numbers
without leading zeros, so one map fits both, and ``Bip01_L_Thigh`` too).

``Bip01`` itself is the centre of mass, the parent of the whole biped: it is
the translation bone (root motion), ``Bip01 Pelvis`` the hips. Hierarchy
quirks of a default biped, which the parent check accepts: the thighs hang
from ``Bip01 Spine`` (not from the pelvis) and the clavicles from
``Bip01 Neck``; ``Bip01 Footsteps`` (the footstep track) is a child of
``Bip01`` at the floor and stays at rest, as do finger, toe and twist links
and the ``…Nub`` end bones. The spine follows the default of four links
(``Spine`` … ``Spine3``); a biped built with fewer links only loses those
bones' coverage.

Sources: the 3ds Max help -- "Naming the Biped" (default root name Bip01,
the centre of mass, parent of the hierarchy:
http://docs.autodesk.com/MAXDES/13/ENU/Autodesk%203ds%20Max%20Design%202011%20Help/files/WSf742dab041063133728b9b2112a1ce7292-7ff1.htm),
"Animating by Moving Links" (link names Pelvis, Spine, Neck, Head,
L Clavicle, L UpperArm, L Forearm, L Hand, L Thigh, L Calf, L Foot, Toe0 and
the Bip001 default root:
https://download.autodesk.com/us/3dsmax/2012help/files/GUID-3677ABC7-E138-4E17-B055-814F664CE64-1476.htm),
the Create Biped rollout (Spine Links default 4, Neck Links 1, Toe Links 3:
http://38.142.81.21:8001/manual/autodesk/3ds-max/2009-english/page-1746.html)
and the SDK's "Biped Hierarchy" (node parents differ from the internal
rotation parents:
https://help.autodesk.com/cloudhelp/2023/ENU/Max-Developer-Help/3ds_max_sdk_features/character_animation/character_studio/biped_hierarchy.html).
"""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

BIPED = BoneMap(
    name="biped",
    label="3ds Max Biped (Bip01 / Bip001)",
    slots=humanoid(
        hips="Bip01 Pelvis", spine=("Bip01 Spine", "Bip01 Spine1", "Bip01 Spine2", "Bip01 Spine3"),
        neck="Bip01 Neck", head="Bip01 Head",
        clavicle="Bip01 {L} Clavicle", upper_arm="Bip01 {L} UpperArm", forearm="Bip01 {L} Forearm",
        hand="Bip01 {L} Hand", thigh="Bip01 {L} Thigh", shin="Bip01 {L} Calf", foot="Bip01 {L} Foot",
        toes="Bip01 {L} Toe0",
    ),
    translation_bone="Bip01",
    extras=("Bip01 Footsteps", "Bip01 HeadNub") + sided_names(
        "Bip01 {L} Finger0", "Bip01 {L} Finger0Nub", "Bip01 {L} Toe01", "Bip01 {L} Toe02", "Bip01 {L} Toe0Nub",
        "Bip01 {L} UpperArmTwist", "Bip01 {L} ForeTwist", "Bip01 {L} ThighTwist", "Bip01 {L} CalfTwist",
    ),
)
