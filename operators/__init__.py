"""Blender operators: thin wrappers that gather properties, call the backend, report.

The backend is imported inside ``execute()``, never at module level, so enabling
the extension does not load torch.
"""

import bpy


class T2M_OT_backend_info(bpy.types.Operator):
    """Report the version of the Text2Motion backend bundled with the extension"""

    bl_idname = "t2m.backend_info"
    bl_label = "Backend Info"
    bl_options = {'REGISTER'}

    def execute(self, context: bpy.types.Context) -> set[str]:
        from .. import backend

        self.report({'INFO'}, f"Text2Motion backend {backend.__version__}")
        return {'FINISHED'}
