"""The output convention checked in real Blender (the ``bpy`` module).

An armature is built from a fixture rig (arbitrary bone axes, centimetres,
Y-up armature space, A-pose); the retargeted animation is applied exactly as
``retarget.animation`` documents (``rotation_quaternion`` per bone, the root
bone's ``location``), and Blender's evaluated ``pose.bones[...].matrix`` must
equal ``retarget.pose.pose_matrices`` and read back to the source motion.
Skipped where bpy is not installed (``make test`` installs it).
"""

import numpy as np
import pytest

from . import blender_env

pytestmark = pytest.mark.skipif(not blender_env.bpy_available(), reason="bpy is not installed")


def _armature(bpy, rig, name="T2M_Retarget"):
    obj = blender_env.build_armature(rig, name)
    bpy.ops.object.mode_set(mode="EDIT")
    rolls = np.array([obj.data.edit_bones[n].roll for n in rig.names])
    bpy.ops.object.mode_set(mode="OBJECT")
    return obj, rolls


def _read_rest(obj, names):
    from backend.retarget.rig import RigDescription

    bones = obj.data.bones
    return RigDescription.from_parent_names(
        names=names,
        parent_names=[bones[n].parent.name if bones[n].parent else None for n in names],
        heads=[tuple(bones[n].head_local) for n in names],
        tails=[tuple(bones[n].tail_local) for n in names],
        matrices=[np.array(bones[n].matrix_local) for n in names],
    )


def test_blender_applies_the_animation_as_documented():
    from backend.retarget import auto_bind, retarget, to_canonical
    from backend.retarget.measure import bone_angles
    from backend.retarget.pose import pose_matrices
    from backend.retarget.rig import bone_matrix
    from backend.retarget.to_rig import RetargetOptions

    from .retarget_fixtures import family_rig, synthetic_motion

    bpy = blender_env.import_bpy()
    blender_env.reset_scene()
    fixture = family_rig("daz_genesis8")
    obj, rolls = _armature(bpy, fixture)
    rig = _read_rest(obj, fixture.names)
    assert np.allclose(rig.matrices, fixture.matrices, atol=1e-5)
    assert np.allclose(bone_matrix(rig.tails - rig.heads, rolls), rig.matrices, atol=1e-5)

    binding, detection = auto_bind(rig)
    assert detection.preset == "daz_genesis8"
    motion = synthetic_motion(12, seed=7)
    animation = retarget(motion, binding, options=RetargetOptions(fps=24.0, foot_lock=False))
    order = [obj.pose.bones.find(n) for n in rig.names]
    evaluated = np.zeros((animation.frames, len(rig.names), 4, 4))
    for f in range(animation.frames):
        for b, bone_name in enumerate(animation.bone_names):
            pose_bone = obj.pose.bones[bone_name]
            if animation.animated[b]:
                pose_bone.rotation_mode = "QUATERNION"
                pose_bone.rotation_quaternion = animation.rotations[f, b]
            if bone_name == animation.translation_bone:
                pose_bone.location = animation.location[f]
        bpy.context.view_layer.update()
        flat = np.zeros(len(obj.pose.bones) * 16, dtype=np.float32)
        obj.pose.bones.foreach_get("matrix", flat)
        evaluated[f] = flat.reshape(-1, 4, 4).transpose(0, 2, 1)[order]

    locations = np.zeros(animation.rotations.shape[:2] + (3,))
    locations[:, binding.translation_bone] = animation.location
    ours = pose_matrices(rig, animation.rotations, locations)
    scale = np.abs(rig.heads).max()
    assert np.abs(evaluated - ours).max() < 1e-5 * scale

    back = to_canonical(binding, evaluated, fps=animation.fps, uniform=False)
    limbs = [4, 5, 7, 8, 10, 11, 18, 19, 20, 21]
    assert bone_angles(motion[: len(back)], back)[:, limbs].mean() < 1.0
