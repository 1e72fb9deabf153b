"""Rig operators: add the canonical rig, detect / propose by structure / save /
load a bone mapping, flip through variations, cancel the running job."""

from __future__ import annotations

from typing import Any, NamedTuple

import bpy
from bpy.props import IntProperty, StringProperty

from .targets import armature_poll, require_armature


class _ArmatureOperator:
    armature: StringProperty(name="Armature", description="Armature object name (empty: the sidebar's target, else the active object)")

    @classmethod
    def poll(cls, context):
        return armature_poll(cls, context)

    def target(self, context):
        try:
            return require_armature(context, self.armature)
        except ValueError as error:
            self.report({'ERROR'}, str(error))
            return None


class T2M_OT_add_rig(bpy.types.Operator):
    """Add the canonical Text2Motion rig (22 bones) at the 3D cursor"""

    bl_idname = "t2m.add_rig"
    bl_label = "Add Text2Motion Rig"
    bl_options = {'REGISTER', 'UNDO'}

    name: StringProperty(name="Name", default="T2M Rig")

    def execute(self, context):
        from ..backend.retarget import canonical_rig
        from ..backend.retarget.detect import detect

        rig = canonical_rig()
        armature = bpy.data.armatures.new(self.name)
        obj = bpy.data.objects.new(self.name, armature)
        obj.location = context.scene.cursor.location
        context.collection.objects.link(obj)
        for other in context.view_layer.objects:
            other.select_set(False)
        obj.select_set(True)
        context.view_layer.objects.active = obj
        previous_mode = context.mode
        bpy.ops.object.mode_set(mode='EDIT')
        for i, bone_name in enumerate(rig.names):
            bone = armature.edit_bones.new(bone_name)
            bone.head, bone.tail, bone.roll = rig.heads[i], rig.tails[i], 0.0
        for i, bone_name in enumerate(rig.names):
            if rig.parents[i] >= 0:
                armature.edit_bones[bone_name].parent = armature.edit_bones[rig.names[rig.parents[i]]]
        bpy.ops.object.mode_set(mode='OBJECT')
        for bone in obj.pose.bones:
            bone.rotation_mode = 'QUATERNION'
        from .targets import store_detection

        store_detection(obj, detect(rig.names, rig.parent_names()))
        context.scene.t2m.target_armature = obj.name
        self.report({'INFO'}, f"Added '{obj.name}' ({len(rig.names)} bones){'' if previous_mode == 'OBJECT' else ''}")
        return {'FINISHED'}


class _Proposed(NamedTuple):
    """A mapping operator's answer: ``bone_map`` None means it could not map, and ``message`` says why."""

    bone_map: Any
    preset: str
    confidence: float
    level: str
    message: str


class _ProposeMappingOperator(_ArmatureOperator):
    """Reads the target's rig, asks ``propose`` for a bone map and stores it,
    or reports why there is none and changes nothing."""

    def propose(self, rig) -> _Proposed:
        raise NotImplementedError

    def execute(self, context):
        from .rig_io import rig_description
        from .targets import store_map

        obj = self.target(context)
        if obj is None:
            return {'CANCELLED'}
        proposed = self.propose(rig_description(obj))
        if proposed.bone_map is None:
            self.report({'ERROR'}, proposed.message)
            return {'CANCELLED'}
        store_map(obj, proposed.bone_map, preset=proposed.preset, confidence=proposed.confidence)
        self.report({proposed.level}, proposed.message)
        return {'FINISHED'}


class T2M_OT_detect_mapping(_ProposeMappingOperator, bpy.types.Operator):
    """Detect the rig family from bone names and fill the bone mapping; when no preset fits, propose a mapping from the rig's structure"""

    bl_idname = "t2m.detect_mapping"
    bl_label = "Detect Mapping"
    bl_options = {'REGISTER', 'UNDO'}

    def propose(self, rig) -> _Proposed:
        from ..backend.retarget.structure_map import propose_map

        proposal = propose_map(rig)
        level = 'INFO' if proposal.source == "preset" else 'WARNING'
        return _Proposed(proposal.bone_map, proposal.preset, proposal.confidence, level, proposal.message)


class T2M_OT_map_by_structure(_ProposeMappingOperator, bpy.types.Operator):
    """Propose a bone mapping from the rig's hierarchy and rest pose, whatever its bone names (check it before generating)"""

    bl_idname = "t2m.map_by_structure"
    bl_label = "Map by Structure"
    bl_options = {'REGISTER', 'UNDO'}

    def propose(self, rig) -> _Proposed:
        from ..backend.retarget.structure_map import STRUCTURE_PRESET, NotHumanoid, map_by_structure

        try:
            structure = map_by_structure(rig)
        except NotHumanoid as error:
            return _Proposed(None, "", 0.0, 'ERROR', str(error))
        return _Proposed(structure.bone_map, STRUCTURE_PRESET, structure.confidence, 'WARNING', structure.message)


class _JsonFileOperator(_ArmatureOperator):
    filepath: StringProperty(subtype='FILE_PATH', default="")
    filter_glob: StringProperty(default="*.json", options={'HIDDEN'})

    def invoke(self, context, event):
        context.window_manager.fileselect_add(self)
        return {'RUNNING_MODAL'}


class T2M_OT_save_mapping(_JsonFileOperator, bpy.types.Operator):
    """Save the armature's bone mapping as a JSON preset"""

    bl_idname = "t2m.save_mapping"
    bl_label = "Save Mapping"
    bl_options = {'REGISTER'}

    def execute(self, context):
        from pathlib import Path

        from ..backend.retarget import save_preset
        from .targets import stored_map

        obj = self.target(context)
        if obj is None:
            return {'CANCELLED'}
        bone_map = stored_map(obj)
        if bone_map is None:
            self.report({'ERROR'}, "the mapping is empty: detect it first")
            return {'CANCELLED'}
        path = Path(bpy.path.abspath(self.filepath))
        if path.suffix != ".json":
            path = path.with_suffix(".json")
        save_preset(bone_map, path)
        self.report({'INFO'}, f"Saved the mapping to {path}")
        return {'FINISHED'}


class T2M_OT_load_mapping(_JsonFileOperator, bpy.types.Operator):
    """Load a JSON bone-mapping preset onto the armature (names are matched as in detection)"""

    bl_idname = "t2m.load_mapping"
    bl_label = "Load Mapping"
    bl_options = {'REGISTER', 'UNDO'}

    def execute(self, context):
        from ..backend.retarget import load_preset, resolve
        from .targets import store_map

        obj = self.target(context)
        if obj is None:
            return {'CANCELLED'}
        try:
            bone_map = load_preset(bpy.path.abspath(self.filepath))
        except (OSError, ValueError) as error:
            self.report({'ERROR'}, f"could not load the mapping: {error}")
            return {'CANCELLED'}
        bones = obj.data.bones
        resolution = resolve(bone_map, [b.name for b in bones], [b.parent.name if b.parent else None for b in bones])
        store_map(obj, resolution.bone_map, preset=bone_map.name, confidence=resolution.score)
        if resolution.missing_required:
            self.report({'WARNING'}, f"loaded; required slot(s) without a bone on this armature: {', '.join(resolution.missing_required)}")
        else:
            self.report({'INFO'}, f"Loaded mapping '{bone_map.name}'")
        return {'FINISHED'}


class T2M_OT_variation(_ArmatureOperator, bpy.types.Operator):
    """Show the next (or previous) variation of the generated action"""

    bl_idname = "t2m.variation"
    bl_label = "Next Variation"
    bl_options = {'REGISTER', 'UNDO'}

    step: IntProperty(name="Step", default=1)

    def execute(self, context):
        from . import compat
        from .actions import variations_of

        obj = self.target(context)
        if obj is None:
            return {'CANCELLED'}
        current = compat.assigned_action(obj)
        family = variations_of(current)
        if len(family) < 2:
            self.report({'ERROR'}, "this action has no other variations (generate with Variations > 1)")
            return {'CANCELLED'}
        chosen = family[(family.index(current) + self.step) % len(family)]
        compat.assign(obj, chosen)
        self.report({'INFO'}, f"Showing '{chosen.name}' ({family.index(chosen) + 1}/{len(family)})")
        return {'FINISHED'}


class T2M_OT_cancel(bpy.types.Operator):
    """Cancel the running Text2Motion job (nothing is written)"""

    bl_idname = "t2m.cancel"
    bl_label = "Cancel"
    bl_options = {'REGISTER'}

    @classmethod
    def poll(cls, context):
        from .jobs import runner

        if not runner().busy:
            cls.poll_message_set("no Text2Motion job is running")
            return False
        return True

    def execute(self, context):
        from .jobs import runner

        runner().current.cancel()
        return {'FINISHED'}
