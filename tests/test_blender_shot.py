"""The shot timeline in real Blender with the shipped MoMask weights (CPU):
rows made into one action covering the whole shot, a row regenerated with
every key outside its span and bridges bit-identical, the row list
operators, one undo step, cancel and bad input changing nothing, and the
panel drawing. Skipped where bpy is not installed."""

from __future__ import annotations


import numpy as np
import pytest

from . import blender_env

pytestmark = blender_env.fresh_scene_marks()

if blender_env.bpy_available():
    bpy = blender_env.import_bpy()

ROWS = (("a person walks forward", 2.0), ("a person waves the right hand", 1.5), ("a person turns around", 2.0))


_module = blender_env.ext_module


def _canonical():
    assert bpy.ops.t2m.add_rig(name="Canonical") == {"FINISHED"}
    return bpy.data.objects["Canonical"]


def _fill_rows(rows=ROWS):
    settings = bpy.context.scene.t2m
    settings.shot_rows.clear()
    for k, (prompt, seconds) in enumerate(rows):
        assert bpy.ops.t2m.shot_row_add(prompt=prompt, seconds=seconds) == {"FINISHED"}
        settings.shot_rows[k].seed = k
    return settings


_curves = blender_env.fcurves_of


_keys = blender_env.key_array


def test_rows_are_added_moved_and_removed(ext):
    settings = _fill_rows()
    assert [r.prompt for r in settings.shot_rows] == [p for p, _ in ROWS]
    settings.shot_index = 2
    assert bpy.ops.t2m.shot_row_move(direction="UP") == {"FINISHED"}
    assert [r.prompt for r in settings.shot_rows][1] == ROWS[2][0] and settings.shot_index == 1
    assert bpy.ops.t2m.shot_row_remove() == {"FINISHED"}
    assert [r.prompt for r in settings.shot_rows] == [ROWS[0][0], ROWS[1][0]]
    settings.shot_index = 0
    bpy.context.scene.t2m.prompt = "a person jumps"
    assert bpy.ops.t2m.shot_row_add() == {"FINISHED"}
    assert [r.prompt for r in settings.shot_rows] == [ROWS[0][0], "a person jumps", ROWS[1][0]]


def test_generate_shot_then_regenerate_one_row_keeps_everything_else(ext):
    obj = _canonical()
    _fill_rows()
    assert bpy.ops.t2m.generate_shot(armature=obj.name, start_frame=5, bridge=10) == {"FINISHED"}
    compat = _module(ext, "operators.compat")
    first = compat.assigned_action(obj)
    take_frames = sum(int(round(s * 20)) for _, s in ROWS)
    scene_frames = int(np.floor((take_frames - 1) * 24 / 20 + 1e-9)) + 1
    curves = _curves(ext, obj)
    any_curve = next(iter(curves.values()))
    frames = _keys(any_curve)[:, 0]
    assert frames[0] == 5 and frames[-1] == 5 + scene_frames - 1 and len(frames) == scene_frames
    assert all(np.isfinite(_keys(c)).all() for c in curves.values())
    assert "t2m_shot" in first and first["t2m_prompt"].count("|") == 2
    before = {k: _keys(c) for k, c in curves.items()}

    bpy.context.scene.t2m.shot_rows[1].seed = 7
    bpy.context.scene.t2m.shot_rows[1].prompt = "a person jumps up"
    assert bpy.ops.t2m.regenerate_shot_row(row=2, armature=obj.name) == {"FINISHED"}
    version = compat.assigned_action(obj)
    assert version != first and version["t2m_previous"] == first.name and first.use_fake_user
    shots = _module(ext, "backend.studio.shots")
    new_take = shots.unpack_take(version["t2m_shot"], version["t2m_shot_positions"])
    old_take = shots.unpack_take(first["t2m_shot"], first["t2m_shot_positions"])
    assert new_take.extra["leg_m"] == old_take.extra["leg_m"], "the row is retargeted at the shot's scale"
    regenerated = new_take.extra["regenerated"]
    a, b = shots.scene_span(regenerated["start"], regenerated["end"], 24.0, take_frames)
    # Row 2 is take frames 40-69, its bridges 10 frames each side.
    assert regenerated["start"] == 30 and regenerated["end"] == 80
    after = {k: _keys(c) for k, c in _curves(ext, obj).items()}
    changed = False
    for key, old in before.items():
        new = after[key]
        outside_old = old[(old[:, 0] < 5 + a) | (old[:, 0] >= 5 + b)]
        outside_new = new[(new[:, 0] < 5 + a) | (new[:, 0] >= 5 + b)]
        assert np.array_equal(outside_old, outside_new), key
        inside = (old[:, 0] >= 5 + a) & (old[:, 0] < 5 + b)
        changed |= not np.allclose(old[inside, 1], new[(new[:, 0] >= 5 + a) & (new[:, 0] < 5 + b), 1])
    assert changed, "the regenerated row's frames changed"


def test_one_undo_step_and_cancel_leave_the_scene_as_it_was(ext, monkeypatch):
    obj = _canonical()
    _fill_rows(ROWS[:2])
    bpy.ops.ed.undo_push(message="before shot")
    assert bpy.ops.t2m.generate_shot("EXEC_DEFAULT", True, armature=obj.name) == {"FINISHED"}
    assert len(bpy.data.actions) == 1
    bpy.ops.ed.undo()
    obj = bpy.data.objects["Canonical"]
    assert len(bpy.data.actions) == 0

    shots = _module(ext, "backend.studio.shots")

    def cancelled(*args, job=None, **kwargs):
        job.cancel()  # what Esc does while the job runs
        job.check()

    monkeypatch.setattr(shots, "make", cancelled)
    assert bpy.ops.t2m.generate_shot(armature=obj.name) == {"CANCELLED"}
    assert len(bpy.data.actions) == 0 and (obj.animation_data is None or obj.animation_data.action is None)


def test_bad_shots_get_a_clear_message_and_change_nothing(ext):
    obj = _canonical()
    bpy.context.scene.t2m.shot_rows.clear()
    with pytest.raises(RuntimeError, match="the shot has no rows"):
        bpy.ops.t2m.generate_shot(armature=obj.name)
    _fill_rows([("", 2.0)])
    with pytest.raises(RuntimeError, match="row 1: prompt must be a non-empty text"):
        bpy.ops.t2m.generate_shot(armature=obj.name)
    _fill_rows()
    with pytest.raises(RuntimeError, match="has no shot action: run Generate Shot first"):
        bpy.ops.t2m.regenerate_shot_row(row=1, armature=obj.name)
    with pytest.raises(RuntimeError, match="row 9 does not exist"):
        bpy.ops.t2m.regenerate_shot_row(row=9, armature=obj.name)
    assert len(bpy.data.actions) == 0


def _curve(points, name="Path"):
    data = bpy.data.curves.new(name, type='CURVE')
    data.dimensions = '3D'
    spline = data.splines.new('POLY')
    spline.points.add(len(points) - 1)
    for p, (x, y) in zip(spline.points, points):
        p.co = (x, y, 0.0, 1.0)
    obj = bpy.data.objects.new(name, data)
    bpy.context.scene.collection.objects.link(obj)
    return obj


def test_the_shot_follows_a_curve_within_10_cm(ext):
    from backend.shot.path import make_path, path_error

    obj = _canonical()
    obj.location = (1.0, -2.0, 0.0)  # the curve is in world space, the armature elsewhere
    points = [(1.0, -2.0), (1.5, 0.0), (3.0, 1.5), (5.0, 2.0), (7.0, 1.0)]
    curve = _curve(points)
    _fill_rows([("a person walks forward", 4.0), ("a person walks forward slowly", 3.0)])
    bpy.context.scene.t2m.shot_path = curve
    assert bpy.ops.t2m.generate_shot(armature=obj.name, start_frame=1) == {"FINISHED"}
    pelvis = obj.pose.bones[obj.t2m_rig.translation_bone or obj.pose.bones[0].name]
    scene_frames = int(np.floor((140 - 1) * 24 / 20 + 1e-9)) + 1
    heads = []
    for frame in range(1, scene_frames + 1, 3):
        bpy.context.scene.frame_set(frame)
        heads.append(tuple(obj.matrix_world @ pelvis.head))
    heads = np.array(heads)
    # Distance on the floor from the curve (world x, y), in the canonical (x, z) the helper takes.
    path = make_path(np.array(points), axes="blender")
    canonical = np.zeros((len(heads), 22, 3))
    canonical[:, 0, 0], canonical[:, 0, 2] = heads[:, 0], -heads[:, 1]
    error = path_error(canonical, path)
    print(f"root path error in Blender: mean {error.mean():.3f} m, max {error.max():.3f} m")
    assert error.max() < 0.10, error.max()
    assert np.linalg.norm(heads[-1, :2] - heads[0, :2]) > 2.0, "the character travels along the curve"

    curve_data = bpy.data.objects.new("NotACurve", None)
    bpy.context.scene.collection.objects.link(curve_data)
    with pytest.raises(RuntimeError, match="not a curve"):
        bpy.ops.t2m.generate_shot(armature=obj.name, path="NotACurve")
    obj.t2m_rig.root_motion = "in_place"
    with pytest.raises(RuntimeError, match="needs Root Motion 'Full'"):
        bpy.ops.t2m.generate_shot(armature=obj.name)


def test_a_moved_row_is_still_the_row_it_was_and_added_or_removed_rows_are_refused(ext):
    obj = _canonical()
    settings = _fill_rows()
    assert bpy.ops.t2m.generate_shot(armature=obj.name, start_frame=1) == {"FINISHED"}
    compat = _module(ext, "operators.compat")
    shots = _module(ext, "backend.studio.shots")
    first = compat.assigned_action(obj)
    # Move row 3 ("turns around") to the top: the sidebar's row 1 is the shot's row 3.
    settings.shot_index = 2
    bpy.ops.t2m.shot_row_move(direction="UP")
    bpy.ops.t2m.shot_row_move(direction="UP")
    assert settings.shot_rows[0].prompt == ROWS[2][0]
    settings.shot_rows[0].seed = 11
    assert bpy.ops.t2m.regenerate_shot_row(row=1, armature=obj.name) == {"FINISHED"}
    take = shots.unpack_take(compat.assigned_action(obj)["t2m_shot"], compat.assigned_action(obj)["t2m_shot_positions"])
    assert take.extra["regenerated"]["start"] >= 70 - 10, "the shot's third row (take frames 70-109) was made again"
    row = [s for s in take.spans if s.kind == "row" and s.row == 3][0]
    assert row.seed == 11 and row.prompt == ROWS[2][0]
    bpy.ops.t2m.shot_row_add(prompt="a person jumps", seconds=1.0)
    with pytest.raises(RuntimeError, match="was added after the shot was made"):
        bpy.ops.t2m.regenerate_shot_row(row=settings.shot_index + 1, armature=obj.name)
    settings.shot_index = 2  # a row of the made shot (index 1 is the one just added)
    bpy.ops.t2m.shot_row_remove()
    with pytest.raises(RuntimeError, match="removed since"):
        bpy.ops.t2m.regenerate_shot_row(row=1, armature=obj.name)
    del first


def test_curve_points_follow_the_spline_whatever_its_bevel(ext):
    shot = _module(ext, "operators.shot")
    obj = _canonical()
    curve = _curve([(0.0, 0.0), (2.0, 0.0), (2.0, 2.0)])
    curve.data.bevel_depth = 0.2
    points = shot.curve_points(curve, obj)
    assert points.shape == (3, 3) and np.allclose(points[:, :2], [(0, 0), (2, 0), (2, 2)], atol=1e-6)
    curve.data.splines[0].use_cyclic_u = True
    assert len(shot.curve_points(curve, obj)) == 4
    curve.data.splines.new('POLY')
    with pytest.raises(ValueError, match="has 2 splines"):
        shot.curve_points(curve, obj)
    data = bpy.data.curves.new("Bezier", type='CURVE')
    spline = data.splines.new('BEZIER')
    spline.bezier_points.add(1)
    for p, x in zip(spline.bezier_points, (0.0, 4.0)):
        p.co = (x, 0.0, 0.0)
        p.handle_left_type = p.handle_right_type = 'AUTO'
    data.resolution_u = 8
    bezier = bpy.data.objects.new("Bezier", data)
    bpy.context.scene.collection.objects.link(bezier)
    points = shot.curve_points(bezier, obj)
    assert len(points) == 9 and np.allclose(points[[0, -1], 0], [0.0, 4.0], atol=1e-6)


def test_regenerating_a_row_never_overwrites_keys_you_set(ext):
    obj = _canonical()
    _fill_rows()
    assert bpy.ops.t2m.generate_shot(armature=obj.name, start_frame=1) == {"FINISHED"}
    compat = _module(ext, "operators.compat")
    bone = obj.pose.bones["right_elbow"]
    bpy.context.scene.frame_set(60)
    bone.rotation_quaternion = (1.0, 0.0, 0.0, 0.0)
    bone.keyframe_insert("rotation_quaternion", frame=60)
    for fcurve in compat.fcurves(compat.assigned_action(obj), obj):
        if fcurve.data_path == 'pose.bones["right_elbow"].rotation_quaternion':
            for point in fcurve.keyframe_points:
                if int(point.co[0]) == 60:
                    point.type = 'KEYFRAME'
    actions = len(bpy.data.actions)
    with pytest.raises(RuntimeError, match="frames 60 of row 2's span hold keys you set"):
        bpy.ops.t2m.regenerate_shot_row(row=2, armature=obj.name)
    assert len(bpy.data.actions) == actions
