"""The "Block a shot" walk-through (docs/shot.md), headless: three prompt
rows made into one shot along a curve on the rig, saved as a .blend, and a
strip of Workbench frames from a fixed camera written as one PNG.

    python tools/shot_demo.py [--out demo/shot] [--strip docs/images/shot_strip.png] [--frames 6]

Runs Blender as the ``bpy`` module like ``tools/demo.py`` (the README's main
job), with the extension loaded from this checkout and the shipped MoMask
weights on the CPU (CUDA when present). The rows and the curve are what a
user would set in the Shot panel: the curve is a bevelled Bezier on the
floor, so it shows in the render.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import demo  # noqa: E402  (tools/demo.py: isolates Blender's user folders before bpy loads)

ROWS = (("a person walks forward", 5.0, 0), ("a person stops and waves the right hand", 3.0, 1),
        ("a person walks forward quickly", 4.0, 2))
# A curve on the floor; with Speed "Fit the Curve" the shot ends at its end.
CURVE = ((0.0, 0.0), (0.2, 1.0), (0.9, 1.7), (1.9, 1.9), (2.6, 2.6), (2.8, 3.6))


def _curve(bpy):
    data = bpy.data.curves.new("Root path", type='CURVE')
    data.dimensions = '3D'
    data.bevel_depth = 0.03
    spline = data.splines.new('BEZIER')
    spline.bezier_points.add(len(CURVE) - 1)
    for point, (x, y) in zip(spline.bezier_points, CURVE):
        point.co = (x, y, 0.01)
        point.handle_left_type = point.handle_right_type = 'AUTO'
    curve = bpy.data.objects.new("Root path", data)
    curve.color = (0.95, 0.35, 0.1, 1.0)
    bpy.context.scene.collection.objects.link(curve)
    return curve


def _overview_camera(bpy):
    scene = bpy.context.scene
    camera_data = bpy.data.cameras.new("Overview")
    camera = bpy.data.objects.new("Overview", camera_data)
    scene.collection.objects.link(camera)
    camera.location = (6.0, -3.0, 4.0)
    camera_data.lens = 30
    target = bpy.data.objects.new("Overview target", None)
    scene.collection.objects.link(target)
    target.location = (1.4, 1.8, 0.6)
    constraint = camera.constraints.new('TRACK_TO')
    constraint.target = target
    constraint.track_axis, constraint.up_axis = 'TRACK_NEGATIVE_Z', 'UP_Y'
    scene.camera = camera


def _strip(bpy, paths: list[Path], out: Path) -> None:
    import numpy as np

    tiles = []
    for path in paths:
        image = bpy.data.images.load(str(path))
        w, h = image.size
        pixels = np.zeros(w * h * 4, dtype=np.float32)
        image.pixels.foreach_get(pixels)
        tiles.append(pixels.reshape(h, w, 4))
        bpy.data.images.remove(image)
    strip = np.concatenate(tiles, axis=1)
    h, w = strip.shape[:2]
    image = bpy.data.images.new("strip", w, h, alpha=True)
    image.pixels.foreach_set(strip.ravel())
    image.filepath_raw = str(out)
    image.file_format = 'PNG'
    image.save()
    bpy.data.images.remove(image)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "demo" / "shot")
    parser.add_argument("--strip", type=Path, default=REPO / "docs" / "images" / "shot_strip.png")
    parser.add_argument("--frames", type=int, default=6, help="frames in the strip")
    args = parser.parse_args(argv)

    bpy = demo.blender_env.import_bpy()
    bpy.ops.wm.read_homefile(use_factory_startup=True, use_empty=True)
    extension = demo.load_extension(bpy)
    try:
        scene = bpy.context.scene
        scene.render.fps = 24
        bpy.ops.t2m.add_rig(name="T2M Rig")
        rig = bpy.data.objects["T2M Rig"]
        demo._body(bpy, rig)
        demo._stage(bpy, rig)
        curve = _curve(bpy)
        _overview_camera(bpy)
        scene.render.resolution_x, scene.render.resolution_y = 320, 240
        settings = scene.t2m
        for prompt, seconds, seed in ROWS:
            bpy.ops.t2m.shot_row_add(prompt=prompt, seconds=seconds)
            settings.shot_rows[settings.shot_index].seed = seed
        settings.shot_path = curve
        settings.shot_path_speed = "fit"  # the shot ends where the curve does (made twice: durations scaled to its length)
        started = time.perf_counter()
        if bpy.ops.t2m.generate_shot(armature=rig.name, start_frame=1) != {"FINISHED"}:
            print("the shot failed", file=sys.stderr)
            return 1
        action = rig.animation_data.action
        last = demo.last_key_frame(extension, rig)
        scene.frame_start, scene.frame_end = 1, last
        print(f"shot '{action.name}': frames 1-{last} at 24 fps in {time.perf_counter() - started:.1f} s")
        args.out.mkdir(parents=True, exist_ok=True)
        bpy.ops.wm.save_as_mainfile(filepath=str(args.out / "shot.blend"))
        frames = demo.render_frames(bpy, args.out, last, args.frames, "shot")
        args.strip.parent.mkdir(parents=True, exist_ok=True)
        _strip(bpy, frames, args.strip)
        print(f"wrote {args.strip} ({len(frames)} frames: {', '.join(p.stem for p in frames)})")
    finally:
        extension.unregister()
    return 0


if __name__ == "__main__":
    sys.exit(main())
