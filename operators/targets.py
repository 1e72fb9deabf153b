"""Finding the armature an operator works on, and its bone mapping."""

from __future__ import annotations

import bpy


def find_armature(context, name: str):
    """The named object, else ``scene.t2m.target_armature``, else the active object."""
    name = name or context.scene.t2m.target_armature
    obj = bpy.data.objects.get(name) if name else context.active_object
    return obj


def armature_problem(context, name: str) -> str:
    """Why there is no usable armature ("" when there is one)."""
    obj = find_armature(context, name)
    wanted = name or context.scene.t2m.target_armature
    if obj is None:
        return f"No object named '{wanted}'" if wanted else "Select an armature (or pick one in the Generate panel)"
    if obj.type != 'ARMATURE':
        return f"'{obj.name}' is not an armature"
    if not obj.data.bones:
        return f"Armature '{obj.name}' has no bones"
    return ""


def armature_poll(cls, context) -> bool:
    """An operator's poll: False with a message when there is no armature to
    work on. Scripts may name another armature through the operator's
    property, which poll cannot see: then execute() checks it."""
    problem = armature_problem(context, "")
    if problem and not any(o.type == 'ARMATURE' for o in context.scene.objects):
        cls.poll_message_set(problem)
        return False
    return True


def require_armature(context, name: str):
    problem = armature_problem(context, name)
    if problem:
        raise ValueError(problem)
    return find_armature(context, name)


def stored_map(obj):
    """The mapping stored on the armature as a ``BoneMap`` (None when empty)."""
    from ..backend.retarget import BoneMap

    settings = obj.t2m_rig
    slots = {item.slot: tuple(b.strip() for b in item.bones.split(",") if b.strip()) for item in settings.mapping}
    slots = {k: v for k, v in slots.items() if v}
    if not slots:
        return None
    return BoneMap(name=settings.preset or "user", slots=slots, translation_bone=settings.translation_bone or None, parent_mode=settings.parent_mode)


def binding_for(obj):
    """(rig description, binding, detection or None): the stored mapping when
    there is one (checked against the armature), else auto-detection."""
    from ..backend.retarget import auto_bind, bind
    from ..backend.retarget.slots import REQUIRED_SLOTS
    from .rig_io import rig_description

    rig = rig_description(obj)
    bone_map = stored_map(obj)
    if bone_map is None:
        try:
            binding, detection = auto_bind(rig)
        except ValueError as error:
            raise ValueError(f"{error} (Detect Mapping proposes a map from the rig's structure when no preset fits)") from None
        return rig, binding, detection
    missing = [f"{slot}: {bone}" for slot, chain in bone_map.slots.items() for bone in chain if bone not in obj.data.bones]
    if missing:
        raise ValueError(f"the bone mapping names bones that '{obj.name}' does not have: {', '.join(missing[:6])}")
    empty = [slot for slot in REQUIRED_SLOTS if not bone_map.bones(slot)]
    if empty:
        raise ValueError(f"the bone mapping is incomplete: required slot(s) {', '.join(empty)} are empty")
    return rig, bind(rig, bone_map), None


def store_map(obj, bone_map, *, preset: str, confidence: float) -> None:
    """Show a ``BoneMap`` resolved onto ``obj`` in its editable mapping."""
    from ..backend.retarget.slots import SLOTS

    settings = obj.t2m_rig
    settings.mapping.clear()
    for slot in SLOTS:
        item = settings.mapping.add()
        item.slot = slot
        item.bones = ", ".join(bone_map.bones(slot))
    settings.preset = preset
    settings.confidence = confidence
    settings.translation_bone = bone_map.translation_bone or ""
    settings.parent_mode = bone_map.parent_mode


def store_detection(obj, detection) -> None:
    store_map(obj, detection.bone_map, preset=detection.preset, confidence=detection.confidence)
