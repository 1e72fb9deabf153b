"""Built-in bone-map presets, one module per rig family.

``PRESETS`` lists them in priority order: when two presets fit a rig equally
well (the canonical rig and SMPL-X share names; a generated Rigify rig holds
both its FK controls and its DEF bones) the earlier one wins and the other is
offered as an alternative. The families added later come after the first
seventeen presets, so none of those changed what it wins: Mixamo stays ahead
of HumanIK, which maps the same bones (``humanik`` says how they are told
apart), and the Auto-Rig Pro FK controls ahead of its deforming bones.
"""

from ..bone_map import BoneMap
from .auto_rig_pro import AUTO_RIG_PRO_DEFORM, AUTO_RIG_PRO_FK
from .bandai import BANDAI
from .biped import BIPED
from .canonical import CANONICAL
from .character_creator import CHARACTER_CREATOR
from .cmu_bvh import CMU_DAZ, CMU_MOTIONBUILDER
from .daz import DAZ_GENESIS8, DAZ_GENESIS9
from .humanik import HUMANIK
from .makehuman import MAKEHUMAN
from .mixamo import MIXAMO
from .mmd import MMD, MMD_ENGLISH
from .rigify import RIGIFY_DEF, RIGIFY_FK, RIGIFY_METARIG
from .smpl import SMPL, SMPLX
from .unreal import UNREAL_UE4, UNREAL_UE5
from .vroid import VROID

PRESETS: dict[str, BoneMap] = {
    preset.name: preset
    for preset in (
        CANONICAL, SMPLX, SMPL, MIXAMO, RIGIFY_FK, RIGIFY_DEF, RIGIFY_METARIG, UNREAL_UE5, UNREAL_UE4,
        VROID, CHARACTER_CREATOR, DAZ_GENESIS8, DAZ_GENESIS9, MAKEHUMAN, CMU_MOTIONBUILDER, CMU_DAZ, BANDAI,
        MMD, MMD_ENGLISH, BIPED, AUTO_RIG_PRO_FK, AUTO_RIG_PRO_DEFORM, HUMANIK,
    )
}

# Rig family of each preset (the report groups by it).
FAMILIES: dict[str, str] = {
    "canonical": "canonical", "smplx": "smpl", "smpl": "smpl", "mixamo": "mixamo",
    "rigify_fk": "rigify", "rigify_def": "rigify", "rigify_metarig": "rigify",
    "unreal_ue5": "unreal", "unreal_ue4": "unreal", "vroid": "vroid",
    "character_creator": "character_creator", "daz_genesis8": "daz", "daz_genesis9": "daz",
    "makehuman": "makehuman", "cmu_motionbuilder": "cmu_bvh", "cmu_daz": "cmu_bvh", "bandai": "bandai",
    "mmd": "mmd", "mmd_english": "mmd", "biped": "biped", "auto_rig_pro_fk": "auto_rig_pro",
    "auto_rig_pro_deform": "auto_rig_pro", "humanik": "humanik",
}
