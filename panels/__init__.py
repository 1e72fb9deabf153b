"""Sidebar panels of the 3D viewport (N panel, "Text2Motion" tab).

Panels only draw: they show settings (``scene.t2m``, ``object.t2m_rig``,
the add-on preferences) and operator buttons, and never change data.
"""

import bpy

SIDEBAR_CATEGORY = "Text2Motion"


def _job_status(layout) -> None:
    from ..backend.studio.jobs import shared_runner

    job = shared_runner().current
    if job is not None and not job.done:
        box = layout.box()
        box.label(text=f"{job.label}: {job.text} ({job.fraction:.0%})", icon='TIME')
        box.operator("t2m.cancel", icon='CANCEL')


def _missing_dependencies(layout) -> None:
    from ..operators.dependencies import missing_modules

    missing = missing_modules()
    if missing:
        box = layout.box()
        box.label(text="Missing Python packages: " + ", ".join(missing), icon='ERROR')
        box.label(text="Install the Text2Motion zip for your platform,")
        box.label(text="or set Preferences > Python Packages (see README).")


def _target(context):
    from ..operators.targets import find_armature

    obj = find_armature(context, "")
    return obj if obj is not None and obj.type == 'ARMATURE' else None


class _Sidebar:
    bl_space_type = 'VIEW_3D'
    bl_region_type = 'UI'
    bl_category = SIDEBAR_CATEGORY


class T2M_PT_about(_Sidebar, bpy.types.Panel):
    """The tab's first panel: the target armature and the job in progress."""

    bl_idname = "T2M_PT_about"
    bl_label = "Text2Motion"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.t2m
        column = layout.column()
        column.prop(settings, "prompt")
        column.prop(settings, "generator")
        column.prop(settings, "seed")
        column.prop_search(settings, "target_armature", context.scene, "objects")
        _missing_dependencies(layout)
        _job_status(layout)
        row = layout.row(align=True)
        row.operator("t2m.add_rig", icon='ARMATURE_DATA')
        row.operator("t2m.backend_info", icon='INFO')


class T2M_PT_generate(_Sidebar, bpy.types.Panel):
    bl_idname = "T2M_PT_generate"
    bl_label = "Generate"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.t2m
        column = layout.column()
        column.prop(settings, "prompt", text="")
        column.prop(settings, "generator")
        column.prop(settings, "length_mode")
        if settings.length_mode == 'SECONDS':
            column.prop(settings, "seconds")
        elif settings.length_mode == 'FRAMES':
            column.prop(settings, "frames")
        column.prop(settings, "start_frame")
        column.prop(settings, "seed")
        column.prop(settings, "variations")
        column.prop_search(settings, "target_armature", context.scene, "objects")
        column.prop(settings, "show_advanced", icon='PREFERENCES')
        if settings.show_advanced:
            draw_sampling(column, context, settings)
            column.prop(settings, "split_composites")
        layout.operator("t2m.generate", icon='PLAY')
        row = layout.row(align=True)
        row.operator("t2m.variation", text="Previous", icon='TRIA_LEFT').step = -1
        row.operator("t2m.variation", text="Next", icon='TRIA_RIGHT').step = 1


def draw_sampling(layout, context, settings) -> None:
    """The pack's tuned sampling values, or the user's override."""
    from ..operators.settings import pack_defaults

    layout.prop(settings, "override_sampling")
    if settings.override_sampling:
        layout.prop(settings, "guidance")
        layout.prop(settings, "steps")
        return
    defaults = pack_defaults(context, settings.generator)
    if defaults:
        layout.label(text="Pack defaults: " + ", ".join(f"{k} {v:g}" for k, v in defaults.items()))
    else:
        layout.label(text="No weight pack installed for this generator", icon='ERROR')


class T2M_PT_edit_range(_Sidebar, bpy.types.Panel):
    bl_idname = "T2M_PT_edit_range"
    bl_label = "Edit Range"
    bl_options = {'DEFAULT_CLOSED'}

    def draw(self, context):
        layout = self.layout
        settings = context.scene.t2m
        column = layout.column()
        column.prop(settings, "range_source")
        if settings.range_source == 'TYPED':
            row = column.row(align=True)
            row.prop(settings, "edit_start")
            row.prop(settings, "edit_end")
        elif settings.range_source == 'MARKERS':
            column.prop_search(settings, "marker_from", context.scene, "timeline_markers")
            column.prop_search(settings, "marker_to", context.scene, "timeline_markers")
        else:
            row = column.row(align=True)
            row.prop(context.scene, "frame_preview_start")
            row.prop(context.scene, "frame_preview_end")
        column.prop(settings, "edit_prompt", text="")
        column.prop(settings, "blend")
        layout.operator("t2m.edit_range", icon='FILE_REFRESH')


class T2M_PT_inbetween(_Sidebar, bpy.types.Panel):
    bl_idname = "T2M_PT_inbetween"
    bl_label = "In-between"
    bl_options = {'DEFAULT_CLOSED'}

    def draw(self, context):
        layout = self.layout
        settings = context.scene.t2m
        column = layout.column()
        column.prop(settings, "inbetween_mode")
        if settings.inbetween_mode == 'TYPED':
            row = column.row(align=True)
            row.prop(settings, "inbetween_from")
            row.prop(settings, "inbetween_to")
        column.prop(settings, "inbetween_prompt", text="")
        column.prop(settings, "blend")
        layout.operator("t2m.inbetween", icon='IPO_BEZIER')


class T2M_UL_shot_rows(bpy.types.UIList):
    def draw_item(self, context, layout, data, item, icon, active_data, active_property, index=0, flt_flag=0):
        row = layout.row(align=True)
        row.prop(item, "muted", text="", icon='HIDE_ON' if item.muted else 'HIDE_OFF', emboss=False)
        row.label(text=f"{index + 1}")
        row.prop(item, "prompt", text="", emboss=True)
        row.prop(item, "seconds", text="")
        row.operator("t2m.regenerate_shot_row", text="", icon='FILE_REFRESH').row = index + 1


class T2M_PT_shot(_Sidebar, bpy.types.Panel):
    """The shot timeline: rows of prompts made into one action."""

    bl_idname = "T2M_PT_shot"
    bl_label = "Shot"
    bl_options = {'DEFAULT_CLOSED'}

    def draw(self, context):
        layout = self.layout
        settings = context.scene.t2m
        row = layout.row()
        row.template_list("T2M_UL_shot_rows", "", settings, "shot_rows", settings, "shot_index", rows=4)
        buttons = row.column(align=True)
        buttons.operator("t2m.shot_row_add", text="", icon='ADD')
        buttons.operator("t2m.shot_row_remove", text="", icon='REMOVE')
        buttons.operator("t2m.shot_row_move", text="", icon='TRIA_UP').direction = 'UP'
        buttons.operator("t2m.shot_row_move", text="", icon='TRIA_DOWN').direction = 'DOWN'
        rows = settings.shot_rows
        if rows and 0 <= settings.shot_index < len(rows):
            active = rows[settings.shot_index]
            column = layout.column()
            column.prop(active, "prompt", text="")
            column.prop(active, "generator")
            split = column.row(align=True)
            split.prop(active, "seconds")
            split.prop(active, "seed")
        total = sum(r.seconds for r in rows if not r.muted)
        layout.label(text=f"{len(rows)} row(s), {total:.1f} s unmuted")
        column = layout.column()
        column.prop(settings, "shot_start")
        column.prop(settings, "shot_bridge")
        column.prop(settings, "shot_path")
        if settings.shot_path is not None:
            column.prop(settings, "shot_path_speed")
        column.prop_search(settings, "target_armature", context.scene, "objects")
        layout.operator("t2m.generate_shot", icon='SEQUENCE')
        layout.operator("t2m.regenerate_shot_row", icon='FILE_REFRESH').row = 0


class T2M_UL_mapping(bpy.types.UIList):
    def draw_item(self, context, layout, data, item, icon, active_data, active_property, index=0, flt_flag=0):
        row = layout.row(align=True)
        row.label(text=item.slot)
        row.prop(item, "bones", text="", emboss=True)


class T2M_PT_retarget(_Sidebar, bpy.types.Panel):
    bl_idname = "T2M_PT_retarget"
    bl_label = "Retarget"
    bl_options = {'DEFAULT_CLOSED'}

    def draw(self, context):
        from ..backend.retarget.structure_map import STRUCTURE_PRESET

        layout = self.layout
        obj = _target(context)
        if obj is None:
            layout.label(text="Select an armature", icon='ERROR')
            layout.operator("t2m.add_rig", icon='ARMATURE_DATA')
            return
        rig = obj.t2m_rig
        column = layout.column()
        if rig.preset == STRUCTURE_PRESET:
            column.label(text="Proposed from the rig's structure:", icon='QUESTION')
            column.label(text="check each slot (left = the character's left)")
        elif rig.preset:
            column.label(text=f"{rig.preset} (confidence {rig.confidence:.2f})", icon='CHECKMARK' if rig.confidence > 0.8 else 'QUESTION')
        else:
            column.label(text="No mapping yet: detect it", icon='INFO')
        row = column.row(align=True)
        row.operator("t2m.detect_mapping", icon='VIEWZOOM')
        row.operator("t2m.map_by_structure", icon='OUTLINER_OB_ARMATURE')
        column.template_list("T2M_UL_mapping", "", rig, "mapping", rig, "mapping_index", rows=6)
        column.prop_search(rig, "translation_bone", obj.data, "bones")
        column.prop(rig, "parent_mode")
        column.prop(rig, "root_motion")
        column.prop(rig, "foot_lock")
        row = column.row(align=True)
        row.operator("t2m.save_mapping", icon='FILE_TICK')
        row.operator("t2m.load_mapping", icon='FILEBROWSER')


def draw_preferences(layout, prefs) -> None:
    from ..operators.settings import PACK_ITEMS, user_pack_items

    column = layout.column()
    column.prop(prefs, "device")
    column.prop(prefs, "fast_path")
    column.prop(prefs, "threads")
    column.prop(prefs, "pack")
    folder = bpy.path.abspath(prefs.models_folder) if prefs.models_folder else ""
    licence = dict((k, d) for k, _, d in PACK_ITEMS + user_pack_items(folder)).get(prefs.pack, "")
    column.label(text=licence, icon='INFO')
    column.prop(prefs, "encoder")
    if prefs.encoder == 'clip':
        column.prop(prefs, "clip_checkpoint")
    column.prop(prefs, "models_folder")
    column.operator("t2m.install_pack", icon='IMPORT')
    column.prop(prefs, "packages_folder")
    from ..operators.dependencies import active_runtime

    column.label(text=active_runtime(), icon='SYSTEM')


class T2M_PT_preferences(_Sidebar, bpy.types.Panel):
    bl_idname = "T2M_PT_preferences"
    bl_label = "Preferences"
    bl_options = {'DEFAULT_CLOSED'}

    def draw(self, context):
        from ..operators.settings import preferences

        prefs = preferences(context)
        if prefs is None:
            self.layout.label(text="Enable the extension to set its preferences", icon='ERROR')
            return
        draw_preferences(self.layout, prefs)
        from ..backend.generators.registry import ASSETS

        self.layout.label(text=f"Bundled models: {ASSETS}")


PANELS = (T2M_UL_mapping, T2M_UL_shot_rows, T2M_PT_about, T2M_PT_generate, T2M_PT_edit_range, T2M_PT_inbetween, T2M_PT_shot, T2M_PT_retarget, T2M_PT_preferences)
