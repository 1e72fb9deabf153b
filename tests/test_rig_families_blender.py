"""The rig families of issue 19 in real Blender (the bpy module), through the
installed add-on: an armature of each -- MMD with Japanese and with English
names, 3ds Max Biped, a full Auto-Rig Pro rig (FK controls, deform and
reference bones) and its exported skeleton, HumanIK with a ``Character1_``
prefix -- is built from its fixture rig with the family's real bone names
and hierarchy quirks, detected by ``t2m.detect_mapping`` and generated onto
by ``t2m.generate`` with the shipped MoMask weights on the CPU.

Checked: the preset, confidence and root-motion bone the operator stores;
keys on exactly the mapped bones (rotations) and the root-motion bone
(location) over the requested range; Blender's evaluated pose equal to
``retarget.pose.pose_matrices`` of the keyed values (so the family's
hierarchy -- MMD's upper body beside the lower body, Biped's thighs under the
spine, Auto-Rig Pro's controls under helper bones -- is evaluated as the
solver assumed); and the pose read back to canonical joints walking on the
floor. Skipped where bpy is not installed (``make test`` installs it).
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from . import blender_env

pytestmark = blender_env.fresh_scene_marks()

if blender_env.bpy_available():
    bpy = blender_env.import_bpy()

PROMPT = "a person walks forward"
LENGTH = 40
START = 5

# fixture -> (preset the operator must store, root-motion bone it stores; "" = the hips bone)
FAMILIES = {
    "mmd": ("mmd", "センター"),
    "mmd_english": ("mmd_english", "center"),
    "biped": ("biped", "Bip01"),
    "auto_rig_pro": ("auto_rig_pro_fk", ""),
    "auto_rig_pro_export": ("auto_rig_pro_deform", ""),
    "humanik": ("humanik", ""),
}


def _module(ext, name):
    return importlib.import_module(f"{ext.__name__}.{name}")


def _mapping(obj) -> dict[str, list[str]]:
    return {item.slot: [b.strip() for b in item.bones.split(",") if b.strip()] for item in obj.t2m_rig.mapping}


def _curve_values(curves, bone: str, prop: str, size: int, frames, default) -> np.ndarray:
    out = np.tile(np.asarray(default, dtype=np.float64), (len(frames), 1))
    for i in range(size):
        fcurve = curves.get((f'pose.bones["{bone}"].{prop}', i))
        if fcurve is not None:
            out[:, i] = [fcurve.evaluate(f) for f in frames]
    return out


@pytest.mark.parametrize("family", list(FAMILIES))
def test_family_rig_is_detected_and_keyed_as_blender_evaluates_it(ext, family):
    from backend.retarget.pose import pose_matrices

    from .retarget_fixtures import family_rig

    preset, root = FAMILIES[family]
    rig = family_rig(family, seed=3)
    obj = blender_env.build_armature(rig, f"T2M {family}")
    assert bpy.ops.t2m.detect_mapping(armature=obj.name) == {"FINISHED"}
    settings = obj.t2m_rig
    assert settings.preset == preset and settings.confidence >= 0.99
    assert settings.translation_bone == root
    mapping = _mapping(obj)
    mapped = {bone for chain in mapping.values() for bone in chain}
    root = root or mapping["hips"][0]

    assert bpy.ops.t2m.generate(prompt=PROMPT, armature=obj.name, length=LENGTH, start_frame=START, seed=1) == {"FINISHED"}
    compat = _module(ext, "operators.compat")
    curves = {(f.data_path, f.array_index): f for f in compat.fcurves(compat.assigned_action(obj), obj)}
    keyed = {path.split('"')[1] for path, _ in curves}
    assert keyed == mapped | {root}, "only the mapped bones and the root-motion bone are keyed"
    for bone in mapped:
        for i in range(4):
            points = curves[(f'pose.bones["{bone}"].rotation_quaternion', i)].keyframe_points
            frames = np.zeros(2 * len(points))
            points.foreach_get("co", frames)
            assert len(points) == LENGTH and frames[0] == START and frames[-2] == START + LENGTH - 1
            assert np.isfinite(frames).all()
    for i in range(3):
        assert (f'pose.bones["{root}"].location', i) in curves

    frames = list(range(START, START + LENGTH, 6))
    rotations = np.zeros((len(frames), len(rig.names), 4))
    locations = np.zeros((len(frames), len(rig.names), 3))
    for b, bone in enumerate(rig.names):
        rotations[:, b] = _curve_values(curves, bone, "rotation_quaternion", 4, frames, (1.0, 0.0, 0.0, 0.0))
        locations[:, b] = _curve_values(curves, bone, "location", 3, frames, (0.0, 0.0, 0.0))
    rotations /= np.linalg.norm(rotations, axis=-1, keepdims=True)
    expected = pose_matrices(rig, rotations, locations)
    read_pose = _module(ext, "operators.rig_io").read_pose
    evaluated = read_pose(obj, bpy.context.scene, frames, list(rig.names))
    scale = np.ptp(rig.heads, axis=0).max()
    assert np.abs(evaluated[..., :3, :3] - expected[..., :3, :3]).max() < 1e-4
    assert np.abs(evaluated[..., :3, 3] - expected[..., :3, 3]).max() < 1e-4 * scale
    travel = np.linalg.norm(evaluated[-1, rig.index(root), :3, 3] - evaluated[0, rig.index(root), :3, 3])
    assert travel > 0.1 * scale, "the walk moves the root bone"

    # Read back to canonical joints: a person walking on the floor.
    from backend.motion.skeleton import Joint
    from backend.retarget import auto_bind, to_canonical
    from backend.retarget.timing import scene_fps

    binding, _ = auto_bind(rig)
    render = bpy.context.scene.render
    pose = read_pose(obj, bpy.context.scene, list(range(START, START + LENGTH)), list(rig.names))
    back = to_canonical(binding, pose, fps=scene_fps(render.fps, render.fps_base))
    assert np.isfinite(back).all()
    feet = back[:, [Joint.LEFT_ANKLE, Joint.RIGHT_ANKLE, Joint.LEFT_FOOT, Joint.RIGHT_FOOT], 1]
    assert -0.05 < feet.min(axis=1).mean() < 0.15
    pelvis = back[:, Joint.PELVIS]
    assert np.linalg.norm(pelvis[-1, [0, 2]] - pelvis[0, [0, 2]]) > 0.3
    assert 0.6 < pelvis[:, 1].mean() < 1.2
