"""The one place that registers the extension with Blender.

``CLASSES`` lists every class in registration order (property groups before
the classes that use them); ``unregister()`` walks it in reverse. ``POINTERS``
attaches one namespaced settings group per ID type (``scene.t2m``,
``object.t2m_rig``). Errors propagate: a clash or a bad class stops
registration loudly, after undoing whatever part of it had succeeded.
"""

import bpy
from bpy.props import PointerProperty

from ..panels import PANELS
from . import T2M_OT_backend_info
from .edit import T2M_OT_edit_range, T2M_OT_inbetween
from .generate import T2M_OT_generate
from .packs import T2M_OT_install_pack
from .rig import (T2M_OT_add_rig, T2M_OT_cancel, T2M_OT_detect_mapping, T2M_OT_load_mapping, T2M_OT_map_by_structure,
                  T2M_OT_save_mapping, T2M_OT_variation)
from .settings import GENERATOR_ITEMS, T2MBoneSlot, T2MPreferences, T2MRigSettings, T2MSceneSettings, T2MShotRow, apply_packages_folder
from .shot import OPERATORS as SHOT_OPERATORS

__all__ = ["GENERATOR_ITEMS", "register", "unregister"]

OPERATORS = (
    T2M_OT_backend_info, T2M_OT_generate, T2M_OT_edit_range, T2M_OT_inbetween, T2M_OT_add_rig, T2M_OT_detect_mapping,
    T2M_OT_map_by_structure, T2M_OT_save_mapping, T2M_OT_load_mapping, T2M_OT_variation, T2M_OT_cancel, T2M_OT_install_pack,
) + SHOT_OPERATORS
CLASSES = (T2MShotRow, T2MSceneSettings, T2MBoneSlot, T2MRigSettings, T2MPreferences) + OPERATORS + PANELS

POINTERS = (
    (bpy.types.Scene, "t2m", T2MSceneSettings),
    (bpy.types.Object, "t2m_rig", T2MRigSettings),
)


def register() -> None:
    registered = []
    attached = []
    try:
        for cls in CLASSES:
            bpy.utils.register_class(cls)
            registered.append(cls)
        for id_type, attribute, group in POINTERS:
            if attribute in id_type.bl_rna.properties:
                raise RuntimeError(f"{id_type.__name__}.{attribute} is already defined by another add-on")
            setattr(id_type, attribute, PointerProperty(type=group))
            attached.append((id_type, attribute))
        apply_packages_folder(bpy.context)
    except Exception:
        _undo(registered, attached)
        raise


def unregister() -> None:
    _undo(list(CLASSES), [(id_type, attribute) for id_type, attribute, _ in POINTERS])


def _undo(registered: list, attached: list) -> None:
    for id_type, attribute in reversed(attached):
        delattr(id_type, attribute)
    for cls in reversed(registered):
        bpy.utils.unregister_class(cls)
