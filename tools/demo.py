"""The README's main job: from a clean clone, headless, generate
"a person walks forward and waves" onto a rig in a new .blend and render a
few Workbench preview frames to PNG.

    python tools/demo.py [--prompt TEXT] [--out DIR] [--frames 5] [--seed 0]

Runs Blender as the ``bpy`` module (user folders kept in a temporary
directory), loads the extension from this checkout, adds the canonical rig
with a simple body (one box per bone, parented to the bone, since armatures
do not render), runs ``t2m.generate`` with the shipped MoMask weights on the
CPU (CUDA when present), saves ``demo.blend`` and renders the PNGs.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import blender_env  # noqa: E402  (isolates Blender's user folders before bpy loads)


def _body(bpy, rig) -> None:
    """A box per bone, bone-parented, so the motion shows in a render."""
    mesh = bpy.data.meshes.new("T2M bone box")
    s = 0.5
    verts = [(x, y, z) for x in (-s, s) for y in (0, 1) for z in (-s, s)]
    faces = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 2, 6, 4), (1, 5, 7, 3), (0, 4, 5, 1), (2, 3, 7, 6)]
    mesh.from_pydata(verts, [], faces)
    for bone in rig.data.bones:
        box = bpy.data.objects.new(f"body {bone.name}", mesh)
        bpy.context.scene.collection.objects.link(box)
        width = 0.1 if "spine" in bone.name or bone.name in ("pelvis", "head") else 0.06
        box.parent = rig
        box.parent_type = 'BONE'
        box.parent_bone = bone.name
        # Bone parenting puts the child at the bone's tail: move it back to the head.
        box.matrix_parent_inverse.identity()
        box.location = (0.0, -bone.length, 0.0)
        box.scale = (width, bone.length, width)


def _stage(bpy, rig) -> None:
    scene = bpy.context.scene
    bpy.ops.mesh.primitive_plane_add(size=30.0)
    camera_data = bpy.data.cameras.new("Camera")
    camera = bpy.data.objects.new("Camera", camera_data)
    scene.collection.objects.link(camera)
    scene.camera = camera
    camera.location = (4.2, -4.2, 1.7)
    camera_data.lens = 40
    target = bpy.data.objects.new("Camera target", None)
    scene.collection.objects.link(target)
    target.parent = rig
    target.parent_type = 'BONE'
    target.parent_bone = "pelvis"
    constraint = camera.constraints.new('TRACK_TO')
    constraint.target = target
    constraint.track_axis, constraint.up_axis = 'TRACK_NEGATIVE_Z', 'UP_Y'
    scene.render.engine = 'BLENDER_WORKBENCH'
    scene.display.shading.light = 'STUDIO'
    scene.display.shading.color_type = 'OBJECT'
    scene.render.resolution_x, scene.render.resolution_y, scene.render.resolution_percentage = 480, 360, 100
    scene.render.image_settings.file_format = 'PNG'


def last_key_frame(extension, rig) -> int:
    action = rig.animation_data.action
    return int(max(k.co[0] for f in extension.operators.compat.fcurves(action, rig) for k in f.keyframe_points))


def render_frames(bpy, out: Path, last: int, count: int, prefix: str) -> list[Path]:
    """``count`` frames spread over 1..``last`` rendered to ``out/<prefix>_NNNN.png``."""
    scene = bpy.context.scene
    paths = []
    for k in range(max(1, count)):
        frame = 1 + round(k * (last - 1) / max(1, count - 1))
        scene.frame_set(frame)
        scene.render.filepath = str(out / f"{prefix}_{frame:04d}.png")
        bpy.ops.render.render(write_still=True)
        print(f"rendered {scene.render.filepath}")
        paths.append(Path(scene.render.filepath))
    return paths


def load_extension(bpy):
    """The checkout as a package named "text2motion" (a clone's folder may
    have any name), registered; the caller unregisters it."""
    spec = importlib.util.spec_from_file_location("text2motion", REPO / "__init__.py", submodule_search_locations=[str(REPO)])
    extension = importlib.util.module_from_spec(spec)
    sys.modules["text2motion"] = extension
    spec.loader.exec_module(extension)
    importlib.import_module("text2motion.operators.compat")
    extension.register()
    return extension


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prompt", default="a person walks forward and waves")
    parser.add_argument("--out", type=Path, default=REPO / "demo")
    parser.add_argument("--frames", type=int, default=5, help="preview frames to render")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    bpy = blender_env.import_bpy()
    bpy.ops.wm.read_homefile(use_factory_startup=True, use_empty=True)
    extension = load_extension(bpy)
    try:
        scene = bpy.context.scene
        scene.render.fps = 24
        bpy.ops.t2m.add_rig(name="T2M Rig")
        rig = bpy.data.objects["T2M Rig"]
        _body(bpy, rig)
        _stage(bpy, rig)
        started = time.perf_counter()
        result = bpy.ops.t2m.generate(prompt=args.prompt, armature=rig.name, seed=args.seed, start_frame=1)
        if result != {"FINISHED"}:
            print("generation failed", file=sys.stderr)
            return 1
        action = rig.animation_data.action
        last = last_key_frame(extension, rig)
        scene.frame_start, scene.frame_end = 1, last
        print(f"generated '{action.name}': frames 1-{last} at 24 fps in {time.perf_counter() - started:.1f} s")
        args.out.mkdir(parents=True, exist_ok=True)
        blend = args.out / "demo.blend"
        bpy.ops.wm.save_as_mainfile(filepath=str(blend))
        print(f"saved {blend}")
        render_frames(bpy, args.out, last, args.frames, "frame")
    finally:
        extension.unregister()
    return 0


if __name__ == "__main__":
    sys.exit(main())
