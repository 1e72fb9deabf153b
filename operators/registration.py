"""The one place that registers the extension with Blender.

``CLASSES`` lists every class in registration order (property groups before
the classes that use them); ``unregister()`` walks it in reverse. ``POINTERS``
attaches one namespaced settings group per ID type (``scene.t2m``, ...).
Errors propagate: a clash or a bad class stops registration loudly, after
undoing whatever part of it had succeeded.
"""

import bpy
from bpy.props import EnumProperty, IntProperty, PointerProperty, StringProperty

from ..panels import T2M_PT_about
from . import T2M_OT_backend_info

GENERATOR_ITEMS = (
    ("MOMASK", "MoMask", "Masked residual token transformer"),
    ("BAMM", "BAMM", "Bidirectional autoregressive masked model"),
    ("MLD", "MLD", "Motion latent diffusion"),
    ("REMODIFFUSE", "ReMoDiffuse", "Retrieval-augmented motion diffusion"),
)


class T2MSceneSettings(bpy.types.PropertyGroup):
    """Generation settings of a scene, shown in the sidebar as ``scene.t2m``."""

    prompt: StringProperty(
        name="Prompt",
        description="What the character should do",
        default="",
    )
    seed: IntProperty(
        name="Seed",
        description="Random seed; the same seed and prompt give the same motion",
        default=0,
        min=0,
    )
    generator: EnumProperty(
        name="Generator",
        description="Model that turns the prompt into motion",
        items=GENERATOR_ITEMS,
        default="MOMASK",
    )
    target_armature: StringProperty(
        name="Armature",
        description="Name of the armature object that receives the motion",
        default="",
    )


CLASSES = (
    T2MSceneSettings,
    T2M_OT_backend_info,
    T2M_PT_about,
)

POINTERS = (
    (bpy.types.Scene, "t2m", T2MSceneSettings),
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
