"""Install a weight-pack zip (e.g. ``text2motion-pack-cmu.zip``) offline
from the preferences: verified, then unpacked into the Extra Models folder
(the extension's user folder when none is set)."""

from __future__ import annotations

import bpy
from bpy.props import StringProperty

from .settings import ROOT_PACKAGE, preferences


class T2M_OT_install_pack(bpy.types.Operator):
    """Install a Text2Motion weight-pack zip into the Extra Models folder"""

    bl_idname = "t2m.install_pack"
    bl_label = "Install Weight Pack"
    bl_options = {'REGISTER'}

    filepath: StringProperty(subtype='FILE_PATH', default="")
    filter_glob: StringProperty(default="*.zip", options={'HIDDEN'})

    def invoke(self, context, event):
        context.window_manager.fileselect_add(self)
        return {'RUNNING_MODAL'}

    def execute(self, context):
        from ..backend.generators.pack_install import install_pack_zip
        from ..backend.generators.packs import PackError

        prefs = preferences(context)
        if prefs is None:
            self.report({'ERROR'}, "Enable the Text2Motion extension first")
            return {'CANCELLED'}
        folder = bpy.path.abspath(prefs.models_folder) if prefs.models_folder else bpy.utils.extension_path_user(ROOT_PACKAGE, path="models", create=True)
        try:
            installed = install_pack_zip(bpy.path.abspath(self.filepath), folder)
        except (PackError, OSError) as error:
            self.report({'ERROR'}, f"Weight pack not installed: {error}")
            return {'CANCELLED'}
        if not prefs.models_folder:
            prefs.models_folder = folder
        self.report({'INFO'}, f"Installed {', '.join(installed)} into {folder}; pick the pack under Weight Pack")
        return {'FINISHED'}
