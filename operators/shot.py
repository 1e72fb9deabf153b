"""The shot timeline: rows of prompts (``scene.t2m.shot_rows``) made into one
action, and one row made again with every frame outside its span and
bridges kept.

``t2m.generate_shot`` runs ``backend.studio.shots.make`` (each row generated,
placed end to end, every boundary bridged by in-betweening with the next
row's prompt), retargets the take and writes it as a new action, which
keeps the take (``t2m_shot``: its sidecar JSON, ``t2m_shot_positions``) so
``t2m.regenerate_shot_row`` can remake one row later: that writes only the
scene frames the new row and its bridges touch into a new version of the
action (``keys.write_range``: nothing outside changes), like an edit.
``t2m.shot_row_add`` / ``_remove`` / ``_move`` edit the list.
"""

from __future__ import annotations

from dataclasses import replace

import bpy
from bpy.props import EnumProperty, IntProperty, StringProperty

from .jobs import JobOperator
from .settings import backend_name, backend_settings

TAKE_KEY = "t2m_shot"
POSITIONS_KEY = "t2m_shot_positions"
ROW_IDS_KEY = "t2m_shot_rows"  # the rows' ids in the order the shot was made


def row_ids(scene) -> list[str]:
    """Each row's id, given to rows that have none yet (e.g. rows typed by a script)."""
    import uuid

    ids = []
    for row in scene.t2m.shot_rows:
        if not row.uid:
            row.uid = uuid.uuid4().hex[:12]
        ids.append(row.uid)
    return ids


def rows_as_made(scene, stored: list[str], number: int) -> tuple[list[dict], int]:
    """The sidebar's rows in the order the shot was made, and the row the user
    means (``number``, from 1 in the sidebar) in that order; ValueError when
    rows were added or removed since."""
    rows = shot_rows(scene)
    ids = row_ids(scene)
    wanted = ids[number - 1]
    if wanted not in stored:
        raise ValueError(f"row {number} was added after the shot was made: Generate Shot again to include it")
    missing = [k + 1 for k, uid in enumerate(stored) if uid not in ids]
    if missing:
        raise ValueError(f"row(s) {', '.join(map(str, missing))} of the made shot were removed since: Generate Shot again")
    by_id = dict(zip(ids, rows))
    return [by_id[uid] for uid in stored], stored.index(wanted) + 1


def shot_rows(scene) -> list[dict]:
    """The sidebar's rows as the shot file writes them (durations in scene seconds)."""
    return [dict(prompt=row.prompt, duration=round(float(row.seconds), 6), generator=backend_name(row.generator), seed=row.seed,
                 muted=row.muted) for row in scene.t2m.shot_rows]


def _checked_rows(scene) -> list[dict]:
    rows = shot_rows(scene)
    if not rows:
        raise ValueError("the shot has no rows: add rows (+) with a prompt and a duration each")
    from ..backend.shot import parse_shot

    parse_shot({"rows": rows}, where="shot: ")
    return rows


def _retarget_options(obj, scene):
    from ..backend.retarget import RetargetOptions, scene_fps

    fps = scene_fps(scene.render.fps, scene.render.fps_base)
    return fps, RetargetOptions(fps=fps, root_motion=obj.t2m_rig.root_motion, foot_lock=obj.t2m_rig.foot_lock)


def curve_points(curve, armature) -> "np.ndarray | None":
    """(N, 3) points along ``curve``'s spline in ``armature``'s space, in the
    spline's order (Bezier segments sampled at the curve's resolution, a
    cyclic spline closed; poly and NURBS splines by their points); None
    without a curve. Bevel, extrusion and modifiers do not matter: the path
    is the spline itself."""
    import numpy as np
    from mathutils.geometry import interpolate_bezier

    if curve is None:
        return None
    if curve.type != 'CURVE':
        raise ValueError(f"the root path '{curve.name}' is not a curve object")
    splines = curve.data.splines
    if len(splines) != 1:
        raise ValueError(f"the root path '{curve.name}' has {len(splines)} splines: use a curve with one")
    spline = splines[0]
    if spline.type == 'BEZIER':
        points = list(spline.bezier_points)
        segments = list(zip(points, points[1:])) + ([(points[-1], points[0])] if spline.use_cyclic_u and len(points) > 1 else [])
        steps = max(int(curve.data.resolution_u), 1)
        local = [tuple(points[0].co)]
        for a, b in segments:
            local += [tuple(v) for v in interpolate_bezier(a.co, a.handle_right, b.handle_left, b.co, steps + 1)[1:]]
    else:
        local = [tuple(p.co)[:3] for p in spline.points]
        if spline.use_cyclic_u and local:
            local.append(local[0])
    if len(local) < 2:
        raise ValueError(f"the root path '{curve.name}' has fewer than two points")
    world = np.asarray(curve.matrix_world, dtype=np.float64)
    into = np.linalg.inv(np.asarray(armature.matrix_world, dtype=np.float64)) @ world
    return np.asarray(local, dtype=np.float64) @ into[:3, :3].T + into[:3, 3]


def _store_take(action, take, start: int) -> None:
    from ..backend.studio.shots import pack_take

    sidecar, positions = pack_take(take)
    action[TAKE_KEY] = sidecar
    action[POSITIONS_KEY] = positions
    action["t2m_shot_start"] = start


class T2M_OT_generate_shot(JobOperator, bpy.types.Operator):
    """Make every unmuted row of the shot list into one action on the armature, with generated transitions between rows"""

    bl_idname = "t2m.generate_shot"
    bl_label = "Generate Shot"
    bl_options = {'REGISTER', 'UNDO'}

    armature: StringProperty(name="Armature", description="Armature object name (empty: the sidebar's target, else the active object)")
    start_frame: IntProperty(name="Start Frame", default=1)
    bridge: IntProperty(name="Bridge", description="Frames at 20 fps regenerated each side of a boundary", default=10, min=0, max=40)
    use_path: bpy.props.BoolProperty(name="Use Root Path", description="Follow a curve (``path``, else the sidebar's)", default=True)
    path: StringProperty(name="Root Path", description="Curve object name (empty: the sidebar's root path, if any)")
    path_speed: EnumProperty(name="Speed", items=(("SIDEBAR", "Sidebar", "The sidebar's choice"), ("motion", "From the Motion", ""), ("fit", "Fit the Curve", "")),
                             default="SIDEBAR")

    @classmethod
    def poll(cls, context):
        return cls.poll_armature(context)

    def invoke(self, context, event):
        settings = context.scene.t2m
        self.armature, self.start_frame, self.bridge = settings.target_armature, settings.shot_start, settings.shot_bridge
        return super().invoke(context, event)

    def prepare(self, context):
        from ..backend.retarget import retarget
        from ..backend.studio import shots
        from ..backend.studio.engine import shared_engine
        from .targets import binding_for, require_armature

        obj = require_armature(context, self.armature)
        rows = _checked_rows(context.scene)
        ids = row_ids(context.scene)
        _, binding, detection = binding_for(obj)
        fps, options = _retarget_options(obj, context.scene)
        settings, obj_name, start, bridge = backend_settings(context), obj.name, self.start_frame, self.bridge
        count = sum(not r["muted"] for r in rows)
        path_object = (self.path or context.scene.t2m.shot_path) if self.use_path else None
        if isinstance(path_object, str):
            path_object = bpy.data.objects.get(path_object)
            if path_object is None:
                raise ValueError(f"no object named '{self.path}' for the root path")
        points = curve_points(path_object, obj)
        if points is not None and obj.t2m_rig.root_motion != "full":
            raise ValueError("a root path needs Root Motion 'Full' (Retarget panel): 'In Place' removes the travel the path moves")
        speed = context.scene.t2m.shot_path_speed if self.path_speed == "SIDEBAR" else self.path_speed

        def work(job):
            if points is None:
                take = shots.make(shared_engine(), settings, rows=rows, bridge_frames=bridge, job=job)
            else:
                take = shots.make_along(shared_engine(), settings, rows=rows, bridge_frames=bridge, binding=binding, points=points,
                                        speed=speed, job=job)
            job.progress(0.95, "retargeting")
            return take, retarget(take.positions, binding, options=replace(options, source_leg=take.extra.get("leg_m")))

        def apply(context, result):
            from . import compat
            from .actions import Transaction, action_name
            from .keys import write_animation
            from .targets import store_detection

            take, animation = result
            target = bpy.data.objects[obj_name]
            first = next(r["prompt"] for r in rows if not r["muted"])
            with Transaction(target) as transaction:
                transaction.quaternions(animation)
                action = transaction.new_action(action_name(f"shot {first}"))
                action["t2m_prompt"] = " | ".join(r["prompt"] for r in rows if not r["muted"])
                _store_take(action, take, start)
                action[ROW_IDS_KEY] = ",".join(ids)
                compat.assign(target, action)
                write_animation(action, target, animation, start)
                if detection is not None and not target.t2m_rig.mapping:
                    store_detection(target, detection)
            return (f"Generated a shot of {count} row(s), {animation.frames} frames ({animation.frames / fps:.1f} s) on '{obj_name}' "
                    f"from frame {start}")

        return f"generate a shot of {count} row(s)", work, apply


class T2M_OT_regenerate_shot_row(JobOperator, bpy.types.Operator):
    """Make one row of the shot again (its prompt and seed as the list has them now); every frame outside the row and its two transitions stays as it is"""

    bl_idname = "t2m.regenerate_shot_row"
    bl_label = "Regenerate Row"
    bl_options = {'REGISTER', 'UNDO'}

    row: IntProperty(name="Row", description="Row number, from 1 (0: the active row)", default=0, min=0)
    armature: StringProperty(name="Armature", description="Armature object name (empty: the sidebar's target, else the active object)")

    @classmethod
    def poll(cls, context):
        return cls.poll_armature(context)

    def invoke(self, context, event):
        if not self.armature:
            self.armature = context.scene.t2m.target_armature
        return super().invoke(context, event)

    def prepare(self, context):
        from ..backend.retarget import retarget
        from ..backend.studio import shots
        from ..backend.studio.engine import shared_engine
        from . import compat
        from .targets import binding_for, require_armature

        obj = require_armature(context, self.armature)
        scene = context.scene
        rows = _checked_rows(scene)
        shown = self.row or scene.t2m.shot_index + 1
        if not 1 <= shown <= len(rows):
            raise ValueError(f"row {shown} does not exist: the shot list has rows 1 to {len(rows)}")
        action = compat.assigned_action(obj)
        if action is None or TAKE_KEY not in action or POSITIONS_KEY not in action:
            raise ValueError(f"'{obj.name}' has no shot action: run Generate Shot first (row regeneration changes the shot it made)")
        stored = [uid for uid in str(action.get(ROW_IDS_KEY, "")).split(",") if uid]
        rows, number = rows_as_made(scene, stored, shown) if stored else (rows, shown)
        take = shots.unpack_take(action[TAKE_KEY], action[POSITIONS_KEY])
        start = int(action.get("t2m_shot_start", 1))
        rig, binding, _ = binding_for(obj)
        fps, options = _retarget_options(obj, scene)
        # Keys you set where the row and its transitions will be made again are
        # never overwritten: say so instead (Edit Range keeps them as constraints).
        from .keys import user_key_frames, written_paths

        row_start, row_end = take.row_span(number)
        lo, hi = shots.scene_span(max(0, row_start - take.bridge_frames), min(len(take.positions), row_end + take.bridge_frames), fps,
                                  len(take.positions))
        yours = user_key_frames(action, obj, start + lo, start + hi, written_paths(rig, binding))
        if yours:
            raise ValueError(f"frames {', '.join(map(str, yours[:6]))} of row {shown}'s span hold keys you set; making the row again would "
                             "replace them: use Edit Range over the row (it keeps your keys as constraints), or delete those keys first")
        settings, obj_name = backend_settings(context), obj.name
        prompt = rows[number - 1]["prompt"]

        def work(job):
            new = shots.regenerate(shared_engine(), settings, rows=rows, take=take, number=number, job=job)
            job.progress(0.95, "retargeting")
            changed = new.extra["regenerated"]
            a, b = shots.scene_span(changed["start"], changed["end"], fps, len(new.positions))
            animation = retarget(new.positions, binding, options=replace(options, source_leg=new.extra.get("leg_m")))
            return new, a, b, animation.window(a, b)

        def apply(context, result):
            from .actions import Transaction, action_name
            from .keys import write_range

            new, a, b, animation = result
            target = bpy.data.objects[obj_name]
            with Transaction(target) as transaction:
                previous = transaction.previous
                version = transaction.copy_previous(action_name(f"shot row {number} {prompt}"))
                version["t2m_previous"] = previous.name
                _store_take(version, new, start)
                if stored:
                    version[ROW_IDS_KEY] = ",".join(stored)
                previous.use_fake_user = True
                compat.assign(target, version)
                transaction.quaternions(animation)
                write_range(version, target, animation, start + a, start + b)
            return (f"Regenerated shot row {shown}: frames {start + a}-{start + b - 1} of '{obj_name}' into '{version.name}' "
                    f"(previous version '{previous.name}' kept)")

        return f"regenerate shot row {number}", work, apply


class T2M_OT_shot_row_add(bpy.types.Operator):
    """Add a row to the shot (after the active one), with the sidebar's prompt"""

    bl_idname = "t2m.shot_row_add"
    bl_label = "Add Row"
    bl_options = {'REGISTER', 'UNDO'}

    prompt: StringProperty(name="Prompt", default="")
    seconds: bpy.props.FloatProperty(name="Seconds", default=3.0, min=0.1, max=60.0)

    def execute(self, context):
        settings = context.scene.t2m
        rows = settings.shot_rows
        import uuid

        row = rows.add()
        row.uid = uuid.uuid4().hex[:12]
        row.prompt = self.prompt or settings.prompt
        row.seconds = self.seconds
        row.generator = settings.generator
        row.seed = len(rows) - 1
        at = min(settings.shot_index + 1, len(rows) - 1) if len(rows) > 1 else 0
        rows.move(len(rows) - 1, at)
        settings.shot_index = at
        return {'FINISHED'}


class T2M_OT_shot_row_remove(bpy.types.Operator):
    """Remove the active row of the shot"""

    bl_idname = "t2m.shot_row_remove"
    bl_label = "Remove Row"
    bl_options = {'REGISTER', 'UNDO'}

    @classmethod
    def poll(cls, context):
        return len(context.scene.t2m.shot_rows) > 0

    def execute(self, context):
        settings = context.scene.t2m
        index = min(settings.shot_index, len(settings.shot_rows) - 1)
        settings.shot_rows.remove(index)
        settings.shot_index = max(0, min(index, len(settings.shot_rows) - 1))
        return {'FINISHED'}


class T2M_OT_shot_row_move(bpy.types.Operator):
    """Move the active row of the shot up or down"""

    bl_idname = "t2m.shot_row_move"
    bl_label = "Move Row"
    bl_options = {'REGISTER', 'UNDO'}

    direction: EnumProperty(name="Direction", items=(("UP", "Up", ""), ("DOWN", "Down", "")), default="UP")

    @classmethod
    def poll(cls, context):
        return len(context.scene.t2m.shot_rows) > 1

    def execute(self, context):
        settings = context.scene.t2m
        index = settings.shot_index
        target = index - 1 if self.direction == "UP" else index + 1
        if not 0 <= index < len(settings.shot_rows) or not 0 <= target < len(settings.shot_rows):
            return {'CANCELLED'}
        settings.shot_rows.move(index, target)
        settings.shot_index = target
        return {'FINISHED'}


OPERATORS = (T2M_OT_generate_shot, T2M_OT_regenerate_shot_row, T2M_OT_shot_row_add, T2M_OT_shot_row_remove, T2M_OT_shot_row_move)
