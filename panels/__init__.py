"""Sidebar panels of the 3D viewport (N panel, "Text2Motion" tab).

Panels only draw: they show settings from ``scene.t2m`` and operator buttons,
and never change data.
"""

import bpy

from ..operators import T2M_OT_backend_info

SIDEBAR_CATEGORY = "Text2Motion"


class T2M_PT_about(bpy.types.Panel):
    bl_idname = "T2M_PT_about"
    bl_label = "Text2Motion"
    bl_space_type = 'VIEW_3D'
    bl_region_type = 'UI'
    bl_category = SIDEBAR_CATEGORY

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        settings = context.scene.t2m

        column = layout.column()
        column.prop(settings, "prompt")
        column.prop(settings, "generator")
        column.prop(settings, "seed")
        column.prop_search(settings, "target_armature", context.scene, "objects")

        layout.separator()
        layout.operator(T2M_OT_backend_info.bl_idname, icon='INFO')
