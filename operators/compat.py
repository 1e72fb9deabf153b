"""Blender version differences in one place: the action API.

* 5.0: layered actions only (``Action.fcurves`` is gone): slot -> layer ->
  keyframe strip -> channelbag; ``channelbag.fcurves.new(..., group_name=)``.
* 4.4 / 4.5: layered actions and slots exist; ``fcurves.new`` takes no
  ``group_name`` (groups are made through ``channelbag.groups``);
  ``Action.fcurves`` still works for the first slot.
* 4.2 / 4.3: no slots or layers: ``action.fcurves.new(..., action_group=)``.

Everything else in the extension calls these functions and never looks at
the version. Keys are written in bulk (``keyframe_points.add`` +
``foreach_set``), never one ``keyframe_insert`` at a time.
"""

from __future__ import annotations

import bpy
import numpy as np

LAYERED = hasattr(bpy.types, "ActionChannelbag") or hasattr(bpy.types, "ActionChannelBag")
GROUP_NAME_ARGUMENT = bpy.app.version >= (5, 0, 0)


def new_action(name: str, obj: bpy.types.Object) -> bpy.types.Action:
    """An empty action ready to take keys for ``obj`` (slot, layer, strip)."""
    action = bpy.data.actions.new(name)
    if LAYERED:
        try:
            slot = action.slots.new(id_type='OBJECT', name=obj.name)
        except TypeError:  # 4.4 signature
            slot = action.slots.new(for_id=obj)
        layer = action.layers.new("Layer")
        layer.strips.new(type='KEYFRAME')
        action["t2m_slot"] = slot.identifier
    return action


def assigned_action(obj: bpy.types.Object) -> bpy.types.Action | None:
    return obj.animation_data.action if obj.animation_data else None


def assign(obj: bpy.types.Object, action: bpy.types.Action | None) -> None:
    """Make ``action`` the object's active action (None clears it), choosing
    its object slot on layered versions."""
    if obj.animation_data is None:
        if action is None:
            return
        obj.animation_data_create()
    obj.animation_data.action = action
    if action is not None and LAYERED and obj.animation_data.action_slot is None:
        slots = [s for s in action.slots if s.target_id_type in {'OBJECT', 'UNSPECIFIED'}]
        if slots:
            obj.animation_data.action_slot = slots[0]


def _channelbag(action: bpy.types.Action, obj: bpy.types.Object, *, create: bool):
    slot = obj.animation_data.action_slot if obj.animation_data and obj.animation_data.action == action else None
    if slot is None:
        slots = [s for s in action.slots if s.target_id_type in {'OBJECT', 'UNSPECIFIED'}]
        if not slots:
            if not create:
                return None
            try:
                slots = [action.slots.new(id_type='OBJECT', name=obj.name)]
            except TypeError:
                slots = [action.slots.new(for_id=obj)]
        slot = slots[0]
    if not action.layers:
        if not create:
            return None
        action.layers.new("Layer")
    layer = action.layers[0]
    if not layer.strips:
        if not create:
            return None
        layer.strips.new(type='KEYFRAME')
    return layer.strips[0].channelbag(slot, ensure=create)


def fcurves(action: bpy.types.Action, obj: bpy.types.Object) -> list:
    """The F-curves of ``action`` that animate ``obj``."""
    if not LAYERED:
        return list(action.fcurves)
    bag = _channelbag(action, obj, create=False)
    return list(bag.fcurves) if bag is not None else []


def find_fcurve(action: bpy.types.Action, obj: bpy.types.Object, data_path: str, index: int):
    for fcurve in fcurves(action, obj):
        if fcurve.data_path == data_path and fcurve.array_index == index:
            return fcurve
    return None


def ensure_fcurve(action: bpy.types.Action, obj: bpy.types.Object, data_path: str, index: int, group: str):
    existing = find_fcurve(action, obj, data_path, index)
    if existing is not None:
        return existing
    if not LAYERED:
        return action.fcurves.new(data_path, index=index, action_group=group)
    bag = _channelbag(action, obj, create=True)
    if GROUP_NAME_ARGUMENT:
        return bag.fcurves.new(data_path, index=index, group_name=group)
    fcurve = bag.fcurves.new(data_path, index=index)
    found = next((g for g in bag.groups if g.name == group), None) or bag.groups.new(group)
    fcurve.group = found
    return fcurve


def _generated_key_type() -> int | None:
    """The enum value of the 'GENERATED' keyframe type (Blender 4.2+), else None."""
    items = bpy.types.Keyframe.bl_rna.properties["type"].enum_items
    return items["GENERATED"].value if "GENERATED" in items else None


GENERATED_KEY = _generated_key_type()


def key_types(fcurve) -> np.ndarray:
    """(n,) int keyframe type values of an F-curve's keys."""
    types = np.zeros(len(fcurve.keyframe_points), dtype=np.int32)
    fcurve.keyframe_points.foreach_get("type", types)
    return types


def set_keys(fcurve, frames: np.ndarray, values: np.ndarray) -> None:
    """Add keys (frames, values) to an F-curve, in bulk, with the 'Generated'
    key type where Blender has it (what tells the extension's keys from the
    keys a user set: ``keys.user_key_frames``)."""
    points = fcurve.keyframe_points
    start = len(points)
    points.add(len(frames))
    co = np.zeros(2 * len(points), dtype=np.float32)
    points.foreach_get("co", co)
    co = co.reshape(-1, 2)
    co[start:, 0] = frames
    co[start:, 1] = values
    points.foreach_set("co", co.ravel())
    if GENERATED_KEY is not None:
        types = key_types(fcurve)
        types[start:] = GENERATED_KEY
        points.foreach_set("type", types)
    fcurve.update()
