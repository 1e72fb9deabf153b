"""Auto-map by structure through the installed add-on in real Blender (the
``bpy`` module): an armature whose bones are named ``Bone``, ``Bone.001`` …
gets a proposed mapping from Detect Mapping, shown in the Retarget panel; the
user corrects one slot and Generate keys exactly the corrected mapping. A
non-humanoid armature gets "could not map: <reason>" and nothing is written.
Skipped where bpy is not installed (``make test`` installs it)."""

from __future__ import annotations

import importlib

import pytest

from . import blender_env

pytestmark = blender_env.fresh_scene_marks()

if blender_env.bpy_available():
    bpy = blender_env.import_bpy()

PROMPT = "a person walks forward and waves"


def _generic_armature(preset: str, name: str):
    """The preset's sample rig (family bones, extras; Mixamo's is Y-up, in
    centimetres, with arbitrary bone axes) with its bones shuffled and named
    as Blender names new bones. Returns the object and the map it should get."""
    from backend.retarget import PRESETS
    from backend.retarget.automap_report import scrambled
    from backend.retarget.sample_rigs import sample_rig

    rig, names = scrambled(sample_rig(PRESETS[preset], seed=1), seed=1, style="blender")
    return blender_env.build_armature(rig, name), PRESETS[preset].renamed(names)


def _stored(obj) -> dict[str, tuple[str, ...]]:
    chains = {item.slot: tuple(b.strip() for b in item.bones.split(",") if b.strip()) for item in obj.t2m_rig.mapping}
    return {slot: chain for slot, chain in chains.items() if chain}


def _keyed_bones(ext, obj) -> set[str]:
    compat = importlib.import_module(f"{ext.__name__}.operators.compat")
    action = compat.assigned_action(obj)
    paths = {f.data_path for f in compat.fcurves(action, obj)}
    return {p.split('"')[1] for p in paths if p.endswith("rotation_quaternion")}


def test_generic_names_get_a_proposal_the_user_corrects_one_slot_and_generate_keys_it(ext):
    obj, truth = _generic_armature("mixamo", "Hero")
    assert {"Bone", "Bone.001", "Bone.050"} <= {b.name for b in obj.data.bones}
    with pytest.raises(RuntimeError, match="Detect Mapping proposes a map from the rig's structure"):
        bpy.ops.t2m.generate(prompt=PROMPT, armature=obj.name, length=30)

    assert bpy.ops.t2m.detect_mapping(armature=obj.name) == {"FINISHED"}
    settings = obj.t2m_rig
    assert settings.preset == "structure" and settings.translation_bone == ""
    proposed = _stored(obj)
    assert proposed == truth.slots

    layout = blender_env.draw_panel(bpy.types.T2M_PT_retarget)
    assert {"t2m.detect_mapping", "t2m.map_by_structure"} <= set(layout.operators_drawn())
    labels = [call.arguments.get("text", "") for call in layout.calls if call.method == "label"]
    assert any("structure" in text for text in labels) and any("check each slot" in text for text in labels)

    # The animator keeps the lowest spine bone at rest: one slot edited in the list.
    spine = proposed["spine"]
    next(item for item in settings.mapping if item.slot == "spine").bones = ", ".join(spine[1:])
    assert bpy.ops.t2m.generate(prompt=PROMPT, armature=obj.name, length=30, seed=2) == {"FINISHED"}
    corrected = dict(proposed, spine=spine[1:])
    assert _keyed_bones(ext, obj) == {bone for chain in corrected.values() for bone in chain}
    assert spine[0] not in _keyed_bones(ext, obj)


def test_map_by_structure_on_a_named_rig_and_its_sides(ext):
    """The operator also runs on a rig a preset fits; the sides come from the
    rig, not from bone order (the right arm's bones may come first)."""
    obj, truth = _generic_armature("rigify_metarig", "Metarig")
    assert bpy.ops.t2m.map_by_structure(armature=obj.name) == {"FINISHED"}
    assert obj.t2m_rig.preset == "structure"
    assert _stored(obj) == truth.slots


@pytest.mark.parametrize("shape, reason", [("quadruped", "four-legged"), ("snake", "one chain without branches")])
def test_a_non_humanoid_gets_could_not_map_and_nothing_is_written(ext, shape, reason):
    from . import rig_shapes

    obj = blender_env.build_armature(getattr(rig_shapes, shape)(), shape.title())
    with pytest.raises(RuntimeError, match=f"could not map: .*{reason}"):
        bpy.ops.t2m.map_by_structure(armature=obj.name)
    assert len(obj.t2m_rig.mapping) == 0 and obj.t2m_rig.preset == ""
    with pytest.raises(RuntimeError, match=f"No preset matches the bone names, and could not map: .*{reason}"):
        bpy.ops.t2m.detect_mapping(armature=obj.name)
    assert len(obj.t2m_rig.mapping) == 0 and obj.t2m_rig.preset == ""
    with pytest.raises(RuntimeError, match="leaves required slot"):
        bpy.ops.t2m.generate(prompt=PROMPT, armature=obj.name, length=30)
    assert len(bpy.data.actions) == 0
