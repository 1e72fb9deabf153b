"""Retargeting between the canonical 22-joint skeleton and users' rigs.

Where things are:

* ``slots``: the humanoid slots a bone map fills; ``bone_map.BoneMap``;
  ``presets/``: one module per rig family (Mixamo, Rigify, Unreal, VRoid,
  Character Creator, DAZ, MakeHuman, SMPL/SMPL-X, CMU BVH, Bandai, the
  canonical rig); ``preset_file``: user presets as JSON.
* ``names``: the bone-name canonicaliser; ``detect``: scoring presets against
  an armature (``detect``) and matching a map onto it (``resolve``).
* ``structure_map``: a map from the hierarchy and rest pose alone when no
  preset fits the names (``map_by_structure``, ``propose_map``);
  ``automap_report``: its slot accuracy on scrambled preset rigs.
* ``rig.RigDescription``: an armature's rest pose as Blender stores it;
  ``binding.Binding``: a resolved map on a rig with its rest measurements.
* ``to_rig.retarget``: canonical positions -> ``animation.RigAnimation``
  (local quaternions + root location; the writer's convention is in
  ``animation``); ``foot_lock`` + ``ik``: contact-driven foot locking.
* ``from_rig.to_canonical``: evaluated pose matrices -> canonical positions.
* ``timing``: scene frame rates; ``pose``: Blender's pose evaluation.
* ``sample_rigs``, ``measure``, ``report``, ``cli``: synthetic rigs,
  measurements and ``python -m backend retarget report``.

Typical use from the Blender layer::

    rig = RigDescription.from_parent_names(names=…, parent_names=…, heads=…, tails=…, matrices=…)
    binding, detection = auto_bind(rig)          # or bind(rig, resolve(user_map, …).bone_map)
    animation = retarget(positions, binding, options=RetargetOptions(fps=scene_fps(24)))
"""

from __future__ import annotations

from .animation import RigAnimation
from .binding import Binding, bind
from .bone_map import BoneMap
from .detect import Detection, Resolution, detect, resolve
from .from_rig import to_canonical
from .preset_file import load_preset, save_preset
from .presets import FAMILIES, PRESETS
from .rig import RigDescription
from .sample_rigs import canonical_rig
from .timing import resample_animation, scene_fps
from .to_rig import RetargetOptions, retarget


def auto_bind(rig: RigDescription) -> tuple[Binding, Detection]:
    """Detect the best preset for ``rig`` and bind it (raises ``ValueError``
    listing the missing slots when the best map cannot drive the rig)."""
    detection = detect(rig.names, rig.parent_names())
    if detection.missing_required:
        raise ValueError(
            f"best preset {detection.preset!r} (confidence {detection.confidence:.2f}) leaves required "
            f"slot(s) empty: {list(detection.missing_required)}; edit the bone map"
        )
    return bind(rig, detection.bone_map), detection


__all__ = [
    "BoneMap", "Binding", "Detection", "FAMILIES", "PRESETS", "Resolution", "RetargetOptions", "RigAnimation",
    "RigDescription", "auto_bind", "bind", "canonical_rig", "detect", "load_preset", "resample_animation",
    "resolve", "retarget", "save_preset", "scene_fps", "to_canonical",
]
