"""``t2m.edit_range`` and ``t2m.inbetween``: regenerate scene frames inside a
range and nothing else.

Both read the rig's evaluated motion around the range (whatever made it),
hand it to the generator as context, retarget the result, fade the first and
last ``blend`` frames from the rig's existing local pose, and write only
frames inside the range into a new version of the action (the previous one
is kept with a fake user). In-betweening is an edit of the frames strictly
between two keyed frames, so the poses at those frames stay exactly as keyed.
"""

from __future__ import annotations

import bpy
from bpy.props import BoolProperty, EnumProperty, FloatProperty, IntProperty, StringProperty

from .jobs import JobOperator
from .settings import GENERATOR_ITEMS, backend_name, backend_settings, sampling_options


def _check_rotation_modes(obj, action, bone_names) -> None:
    from . import compat

    euler = {f.data_path.split('"')[1] for f in compat.fcurves(action, obj) if f.data_path.endswith("rotation_euler") or f.data_path.endswith("rotation_axis_angle")}
    bad = [n for n in bone_names if n in euler and obj.pose.bones[n].rotation_mode != 'QUATERNION']
    if bad:
        raise ValueError(f"bone(s) {', '.join(bad[:4])} are animated with Euler or axis-angle rotations; edits write quaternions: "
                         "convert them (or generate a new action) first")


def check_inside_scene(scene, spans: list[tuple[int, int]]) -> None:
    """Every frame an edit writes lies inside the scene's frame range."""
    first, last = scene.frame_start, scene.frame_end
    for start, end in spans:
        if start < first or end - 1 > last:
            raise ValueError(f"frames {start}-{end - 1} are not all inside the scene's frame range {first}-{last}: "
                             f"pick a range within {first}-{last}, or widen Frame Start / End (Output Properties) first")


def prepare_edit(operator, context, obj_name: str, spans: list[tuple[int, int]], prompt: str, label: str):
    """Shared by both operators: spans are half-open scene-frame ranges."""
    from ..backend.generators.requests import check_prompt
    from ..backend.retarget import RetargetOptions, scene_fps
    from ..backend.studio import edit_range
    from ..backend.studio.engine import shared_engine
    from . import compat
    from .rig_io import read_basis, read_pose
    from .targets import binding_for, require_armature

    obj = require_armature(context, obj_name)
    prompt = check_prompt(prompt)
    action = compat.assigned_action(obj)
    if action is None:
        raise ValueError(f"'{obj.name}' has no action to edit: generate or key its animation first")
    rig, binding, _ = binding_for(obj)
    scene = context.scene
    check_inside_scene(scene, spans)
    fps = scene_fps(scene.render.fps, scene.render.fps_base)
    name = backend_name(operator.generator)
    translation = rig.names[binding.translation_bone]
    mapped = set(binding.bone_map.mapped_bones()) | {translation}
    _check_rotation_modes(obj, action, [n for n in rig.names if n in mapped])
    from .keys import user_key_frames, written_paths

    written = written_paths(rig, binding)
    inputs = []
    for (start, end), (w0, w1) in zip(spans, edit_range.windows(name, spans, fps)):
        rotations, locations = read_basis(obj, scene, range(start - 1, end), rig.names, translation)
        # Keys the user set inside the range are constraints: the motion passes
        # through them and they are never overwritten.
        anchors = tuple(user_key_frames(action, obj, start, end, written))
        inputs.append(edit_range.RangeInput(start=start, end=end, window_start=w0, pose=read_pose(obj, scene, range(w0, w1 + 1), rig.names),
                                            rotations=rotations, locations=locations, anchors=anchors))
    anchors_of = {(item.start, item.end): item.anchors for item in inputs}
    request = dict(generator=name, binding=binding, inputs=inputs, fps=fps, prompt=prompt, seed=operator.seed, blend=operator.blend,
                   options=sampling_options(operator),
                   retarget_options=RetargetOptions(fps=fps, root_motion=obj.t2m_rig.root_motion, foot_lock=obj.t2m_rig.foot_lock))
    settings, obj_name = backend_settings(context), obj.name

    def work(job):
        return edit_range.regenerate(shared_engine(), settings, job=job, **request)

    def apply(context, results):
        from .actions import Transaction, action_name
        from .keys import pieces_between, write_range

        target = bpy.data.objects[obj_name]
        with Transaction(target) as transaction:
            previous = transaction.previous
            version = transaction.copy_previous(action_name(prompt, " edit"))
            version["t2m_previous"] = previous.name
            version["t2m_prompt"] = prompt
            for key in ("t2m_group", "t2m_variation", "t2m_shot", "t2m_shot_positions", "t2m_shot_start"):
                if key in version:
                    del version[key]
            previous.use_fake_user = True
            compat.assign(target, version)
            for _, _, animation in results:
                transaction.quaternions(animation)
            for start, end, animation in results:
                for a, b in pieces_between(start, end, anchors_of[(start, end)]):
                    write_range(version, target, animation.window(a - start, b - start), a, b)
        ranges = ", ".join(f"{s}-{e - 1}" for s, e, _ in results)
        kept = sorted(f for item in anchors_of.values() for f in item)
        through = f", through your keyed pose(s) at {', '.join(map(str, kept))}" if kept else ""
        return f"Regenerated frames {ranges} of '{obj_name}' into '{version.name}'{through} (previous version '{previous.name}' kept)"

    return label, work, apply


class _EditProperties:
    prompt: StringProperty(name="Prompt")
    armature: StringProperty(name="Armature", description="Armature object name (empty: the sidebar's target, else the active object)")
    generator: EnumProperty(name="Generator", items=GENERATOR_ITEMS, default=GENERATOR_ITEMS[0][0])
    seed: IntProperty(name="Seed", default=0, min=0)
    blend: IntProperty(name="Blend", default=4, min=0, max=24)
    override_sampling: BoolProperty(name="Override Sampling", description="Use guidance and steps instead of the weight pack's tuned values", default=False)
    guidance: FloatProperty(name="Guidance", default=3.0, min=0.0, max=15.0)
    steps: IntProperty(name="Steps", default=10, min=1, max=50)

    @staticmethod
    def _common(context, prompt: str) -> dict:
        settings = context.scene.t2m
        return dict(prompt=prompt, armature=settings.target_armature, generator=settings.generator, seed=settings.seed,
                    blend=settings.blend, override_sampling=settings.override_sampling, guidance=settings.guidance, steps=settings.steps)

    def invoke(self, context, event):
        """The button: arguments from the sidebar (``from_scene``)."""
        try:
            arguments = self.from_scene(context)
        except ValueError as error:
            self.report({'ERROR'}, str(error))
            return {'CANCELLED'}
        for key, value in arguments.items():
            setattr(self, key, value)
        return super().invoke(context, event)


def scene_edit_range(context) -> tuple[int, int]:
    """The sidebar's range (inclusive) from the preview range, markers or typed frames."""
    scene, settings = context.scene, context.scene.t2m
    if settings.range_source == 'PREVIEW':
        if not scene.use_preview_range:
            raise ValueError("the scene has no preview range: set one in the timeline (Ctrl+P) or type the frames")
        return scene.frame_preview_start, scene.frame_preview_end
    if settings.range_source == 'MARKERS':
        markers = {m.name: m.frame for m in scene.timeline_markers}
        missing = [m for m in (settings.marker_from, settings.marker_to) if m not in markers]
        if missing:
            raise ValueError(f"no timeline marker named {', '.join(repr(m) for m in missing)}")
        a, b = markers[settings.marker_from], markers[settings.marker_to]
        return min(a, b), max(a, b)
    return settings.edit_start, settings.edit_end


class T2M_OT_edit_range(_EditProperties, JobOperator, bpy.types.Operator):
    """Regenerate the frames in the range from a prompt; frames and keys outside it never change"""

    bl_idname = "t2m.edit_range"
    bl_label = "Regenerate Range"
    bl_options = {'REGISTER', 'UNDO'}

    start: IntProperty(name="Start", description="First frame to regenerate")
    end: IntProperty(name="End", description="Last frame to regenerate (inclusive)")

    @classmethod
    def poll(cls, context):
        return cls.poll_armature(context)

    @classmethod
    def from_scene(cls, context) -> dict:
        start, end = scene_edit_range(context)
        return {**cls._common(context, context.scene.t2m.edit_prompt), "start": start, "end": end}

    def prepare(self, context):
        if self.end < self.start:
            raise ValueError(f"the range {self.start}-{self.end} is inverted: the end must not come before the start")
        return prepare_edit(self, context, self.armature, [(self.start, self.end + 1)], self.prompt, f"edit {self.start}-{self.end}")


def keyed_frames(obj, *, selected: bool = False) -> list[int]:
    from . import compat

    action = compat.assigned_action(obj)
    frames = set()
    for fcurve in compat.fcurves(action, obj) if action else ():
        for point in fcurve.keyframe_points:
            if not selected or point.select_control_point:
                frames.add(int(round(point.co[0])))
    return sorted(frames)


def inbetween_spans(obj, mode: str, current: int, first: int, last: int) -> list[tuple[int, int]]:
    """Half-open spans strictly between pairs of keyed frames."""
    if mode == 'TYPED':
        pairs = [(min(first, last), max(first, last))]
        keyed = set(keyed_frames(obj))
        unkeyed = [f for f in pairs[0] if f not in keyed]
        if unkeyed:
            near = sorted(keyed, key=lambda k: abs(k - unkeyed[0]))[:2]
            hint = f" (keyed frames nearby: {', '.join(map(str, sorted(near)))})" if near else " (it has no keys at all)"
            raise ValueError(f"frame {unkeyed[0]} has no key on '{obj.name}'{hint}: an in-between fills the motion between two "
                             "keyed poses: key a pose there first, or type two keyed frames")
    elif mode == 'SELECTED':
        frames = keyed_frames(obj, selected=True)
        if len(frames) < 2:
            raise ValueError("select keyframes on at least two frames (Dope Sheet or Graph Editor)")
        pairs = list(zip(frames, frames[1:]))
    else:
        frames = keyed_frames(obj)
        before = [f for f in frames if f <= current]
        after = [f for f in frames if f > (before[-1] if before else current)]
        if not before or not after:
            raise ValueError(f"frame {current} needs a keyed frame before (or at) it and one after it")
        pairs = [(before[-1], after[0])]
    spans = [(a + 1, b) for a, b in pairs if b - a >= 2]
    if not spans:
        raise ValueError("the keyed frames are adjacent: there is nothing between them to fill")
    return spans


class T2M_OT_inbetween(_EditProperties, JobOperator, bpy.types.Operator):
    """Fill the motion between two keyed poses from a prompt, keeping those poses exactly"""

    bl_idname = "t2m.inbetween"
    bl_label = "Fill In-between"
    bl_options = {'REGISTER', 'UNDO'}

    mode: EnumProperty(name="Keys", items=(
        ("AROUND", "Around Current Frame", ""), ("SELECTED", "Selected Keys", ""), ("TYPED", "Typed", ""),
    ), default="AROUND")
    frame_from: IntProperty(name="From")
    frame_to: IntProperty(name="To")

    @classmethod
    def poll(cls, context):
        return cls.poll_armature(context)

    @classmethod
    def from_scene(cls, context) -> dict:
        settings = context.scene.t2m
        return {**cls._common(context, settings.inbetween_prompt), "mode": settings.inbetween_mode,
                "frame_from": settings.inbetween_from, "frame_to": settings.inbetween_to}

    def prepare(self, context):
        from .targets import require_armature

        obj = require_armature(context, self.armature)
        spans = inbetween_spans(obj, self.mode, context.scene.frame_current, self.frame_from, self.frame_to)
        label = "in-between " + ", ".join(f"{s - 1}-{e}" for s, e in spans)
        return prepare_edit(self, context, obj.name, spans, self.prompt, label)
