"""Writing a ``RigAnimation`` (``backend.retarget.animation``) as keyframes.

``write_animation`` fills a fresh action; ``write_range`` replaces scene
frames [start, end) of a copied action and guarantees that nothing outside
the range changes: keys outside keep their frame, value and handles, and
every whole frame outside evaluates exactly as before (where the user's keys
are sparse, the original curve is baked on the whole frames between the
range and the nearest key, and every key outside whose automatic handles
Blender recomputed gets its old handle positions back with its handle types,
interpolation, easing and key type untouched).
"""

from __future__ import annotations

import numpy as np

from . import compat

ROTATION = 'pose.bones["{}"].rotation_quaternion'
LOCATION = 'pose.bones["{}"].location'


def channels(animation, frames: slice = slice(None)):
    """(data_path, index, group, values (n,)) for every keyed channel."""
    for b, name in enumerate(animation.bone_names):
        if animation.animated[b]:
            for i in range(4):
                yield ROTATION.format(name), i, name, animation.rotations[frames, b, i]
    for i in range(3):
        yield LOCATION.format(animation.translation_bone), i, animation.translation_bone, animation.location[frames, i]


def set_quaternion_mode(obj, animation) -> dict[str, tuple]:
    """Animated bones use quaternions; returns the previous (mode, quaternion)
    per changed bone (to restore on failure)."""
    previous = {}
    for name, keyed in zip(animation.bone_names, animation.animated):
        bone = obj.pose.bones.get(name)
        if keyed and bone is not None and bone.rotation_mode != 'QUATERNION':
            previous[name] = (bone.rotation_mode, tuple(bone.rotation_quaternion))
            # Keep the static pose: the quaternion takes the current rotation.
            bone.rotation_quaternion = bone.matrix_basis.to_quaternion()
            bone.rotation_mode = 'QUATERNION'
    return previous


def write_animation(action, obj, animation, start_frame: int) -> int:
    """Keys on every frame from ``start_frame``; returns the number of keys."""
    frames = start_frame + np.arange(animation.frames, dtype=np.float64)
    count = 0
    for data_path, index, group, values in channels(animation):
        fcurve = compat.ensure_fcurve(action, obj, data_path, index, group)
        compat.set_keys(fcurve, frames, np.asarray(values, dtype=np.float64))
        count += len(frames)
    return count


def _snapshot(points) -> dict[str, np.ndarray]:
    n = len(points)
    data = {}
    for key in ("co", "handle_left", "handle_right"):
        buffer = np.zeros(2 * n, dtype=np.float32)
        points.foreach_get(key, buffer)
        data[key] = buffer.reshape(n, 2)
    return data


def replace_range(fcurve, start: int, end: int, values: np.ndarray, static: float = 0.0) -> None:
    """Keys on frames start..end-1 with ``values``; nothing outside changes.
    ``static``: the property's value where the F-curve has no keys yet."""
    points = fcurve.keyframe_points
    before = _snapshot(points)
    frames_before = before["co"][:, 0]
    inside = (frames_before >= start) & (frames_before < end)
    outside_frames = frames_before[~inside]
    # Whole frames between the range and the nearest key outside it keep their
    # value only if keyed: bake the original curve there.
    guards: list[float] = []
    earlier = outside_frames[outside_frames < start]
    later = outside_frames[outside_frames >= end]
    if len(earlier):
        guards += [f for f in range(int(np.floor(earlier.max())) + 1, start) if f not in frames_before]
    elif len(outside_frames) or inside.any():
        guards.append(start - 1)
    if len(later):
        guards += [f for f in range(end, int(np.ceil(later.min()))) if f not in frames_before]
    elif len(outside_frames) or inside.any():
        guards.append(end)
    if not len(frames_before):
        guards = [start - 1, end]
    guard_values = [fcurve.evaluate(f) if len(frames_before) else static for f in guards]
    for index in sorted(np.nonzero(inside)[0], reverse=True):
        points.remove(points[int(index)], fast=True)
    new_frames = np.concatenate([np.arange(start, end, dtype=np.float64), np.asarray(guards, dtype=np.float64)])
    new_values = np.concatenate([np.asarray(values, dtype=np.float64), np.asarray(guard_values, dtype=np.float64)])
    compat.set_keys(fcurve, new_frames, new_values)
    # Blender recomputes automatic handles after the change, several keys
    # away with continuous-acceleration smoothing: every key outside the
    # range gets its old handle positions back, written in bulk (no RNA
    # update, so the handle types stay as they were, AUTO_CLAMPED included).
    after = _snapshot(points)
    kept = np.nonzero(~inside)[0]
    for name in ("handle_left", "handle_right"):
        handles = after[name].copy()
        for k in range(len(handles)):
            match = np.nonzero((before["co"][kept, 0] == after["co"][k, 0]) & (before["co"][kept, 1] == after["co"][k, 1]))[0]
            if len(match):
                handles[k] = before[name][kept[match[0]]]
        points.foreach_set(name, handles.ravel())


def written_paths(rig, binding) -> set[str]:
    """Data paths of the F-curves the extension writes on a bound rig: the
    mapped bones' quaternions and the translation bone's location."""
    translation = rig.names[binding.translation_bone]
    return {ROTATION.format(n) for n in set(binding.bone_map.mapped_bones()) | {translation}} | {LOCATION.format(translation)}


def user_key_frames(action, obj, start: int, end: int, data_paths=None) -> list[int]:
    """Whole frames in [start, end) where an F-curve the extension writes
    (``data_paths``: None for any) has a key the user set: a key type other
    than 'Generated', which the extension's own keys carry. A curve keyed by
    the user on more than half the range's frames is baked motion (an
    imported or older action), not poses to hit, and is left out. Empty where
    Blender has no 'Generated' type."""
    if action is None or compat.GENERATED_KEY is None:
        return []
    frames: set[int] = set()
    for fcurve in compat.fcurves(action, obj):
        if data_paths is not None and fcurve.data_path not in data_paths:
            continue
        n = len(fcurve.keyframe_points)
        if not n:
            continue
        co = np.zeros(2 * n, dtype=np.float32)
        fcurve.keyframe_points.foreach_get("co", co)
        at = co[0::2]
        mine = compat.key_types(fcurve) != compat.GENERATED_KEY
        inside = mine & (at >= start) & (at < end)
        if inside.sum() * 2 > end - start:
            continue
        frames.update(int(round(f)) for f in at[inside])
    return sorted(f for f in frames if start <= f < end)


def pieces_between(start: int, end: int, anchors) -> list[tuple[int, int]]:
    """[start, end) split into the runs between anchor frames (anchors left out)."""
    pieces, at = [], start
    for anchor in sorted(anchors):
        if at < anchor:
            pieces.append((at, anchor))
        at = max(at, anchor + 1)
    if at < end:
        pieces.append((at, end))
    return pieces


def write_range(action, obj, animation, start: int, end: int) -> int:
    """``animation`` covers scene frames [start, end) exactly."""
    if animation.frames != end - start:
        raise ValueError(f"the animation has {animation.frames} frames for a range of {end - start}")
    count = 0
    for data_path, index, group, values in channels(animation):
        fcurve = compat.ensure_fcurve(action, obj, data_path, index, group)
        static = float(obj.path_resolve(data_path)[index])
        replace_range(fcurve, start, end, values, static)
        count += end - start
    return count
