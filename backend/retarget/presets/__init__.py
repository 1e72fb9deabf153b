"""Built-in bone-map presets, one module per rig family.

``PRESETS`` lists them in priority order: when two presets fit a rig equally
well (the canonical rig and SMPL-X share names; a generated Rigify rig holds
both its FK controls and its DEF bones) the earlier one wins and the other is
offered as an alternative.
"""

from ..bone_map import BoneMap
from .bandai import BANDAI
from .canonical import CANONICAL
from .character_creator import CHARACTER_CREATOR
from .cmu_bvh import CMU_DAZ, CMU_MOTIONBUILDER
from .daz import DAZ_GENESIS8, DAZ_GENESIS9
from .makehuman import MAKEHUMAN
from .mixamo import MIXAMO
from .rigify import RIGIFY_DEF, RIGIFY_FK, RIGIFY_METARIG
from .smpl import SMPL, SMPLX
from .unreal import UNREAL_UE4, UNREAL_UE5
from .vroid import VROID

PRESETS: dict[str, BoneMap] = {
    preset.name: preset
    for preset in (
        CANONICAL, SMPLX, SMPL, MIXAMO, RIGIFY_FK, RIGIFY_DEF, RIGIFY_METARIG, UNREAL_UE5, UNREAL_UE4,
        VROID, CHARACTER_CREATOR, DAZ_GENESIS8, DAZ_GENESIS9, MAKEHUMAN, CMU_MOTIONBUILDER, CMU_DAZ, BANDAI,
    )
}

# Rig family of each preset (the report groups by it).
FAMILIES: dict[str, str] = {
    "canonical": "canonical", "smplx": "smpl", "smpl": "smpl", "mixamo": "mixamo",
    "rigify_fk": "rigify", "rigify_def": "rigify", "rigify_metarig": "rigify",
    "unreal_ue5": "unreal", "unreal_ue4": "unreal", "vroid": "vroid",
    "character_creator": "character_creator", "daz_genesis8": "daz", "daz_genesis9": "daz",
    "makehuman": "makehuman", "cmu_motionbuilder": "cmu_bvh", "cmu_daz": "cmu_bvh", "bandai": "bandai",
}
