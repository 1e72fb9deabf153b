"""Rigs that are not humanoids, for the structural auto-mapper's refusals
(``test_retarget_structure_map``, ``test_auto_map_blender``). Bones are named
as Blender names new bones (``Bone``, ``Bone.001`` …)."""

from __future__ import annotations

import numpy as np

from backend.retarget.rig import RigDescription
from backend.retarget.sample_rigs import BoneRow, build_rig


def _chain(rows, names, points, parent):
    for name, head, tail in zip(names, points[:-1], points[1:]):
        rows.append(BoneRow(name, parent, tuple(head), tuple(tail)))
        parent = name
    return parent


def quadruped(*, tail: bool = True) -> RigDescription:
    """A dog: horizontal spine, four legs of four bones to the floor, neck and head up front."""
    rows = []
    pelvis, chest = np.array([0.0, 0.45, 0.62]), np.array([0.0, -0.35, 0.66])
    rows.append(BoneRow("Bone", None, tuple(pelvis), tuple(pelvis + [0, -0.2, 0.01])))
    back = _chain(rows, ["Bone.001", "Bone.002", "Bone.003"],
                  [pelvis + [0, -0.2, 0.01], pelvis + [0, -0.45, 0.03], pelvis + [0, -0.6, 0.04], chest], "Bone")
    _chain(rows, ["Bone.004", "Bone.005", "Bone.006", "Bone.007"],
           [chest, chest + [0, -0.12, 0.12], chest + [0, -0.2, 0.25], chest + [0, -0.28, 0.3], chest + [0, -0.45, 0.28]], back)
    count = 8
    for x in (0.14, -0.14):
        for top, parent in ((pelvis, "Bone"), (chest, back)):
            names = [f"Bone.{count + k:03d}" for k in range(4)]
            count += 4
            _chain(rows, names, [top + [x, 0, -0.05], top + [x, -0.1, -0.3], top + [x, 0.05, -0.45],
                                 top + [x, 0.05, 0.03 - top[2]], top + [x, -0.03, -top[2]]], parent)
    if tail:
        _chain(rows, [f"Bone.{count + k:03d}" for k in range(4)], [pelvis + [0, 0.1 * k, 0.02 - 0.05 * k] for k in range(5)], "Bone")
    return build_rig(rows)


def snake(bones: int = 24) -> RigDescription:
    rows = []
    points = [np.array([0.03 * np.sin(k), -0.1 * k, 0.02]) for k in range(bones + 1)]
    _chain(rows, ["Bone"] + [f"Bone.{k:03d}" for k in range(1, bones)], points, None)
    return build_rig(rows)


def without(rig: RigDescription, bones: set[str]) -> RigDescription:
    keep = [i for i, name in enumerate(rig.names) if name not in bones]
    index = {old: new for new, old in enumerate(keep)}
    return RigDescription(
        names=tuple(rig.names[i] for i in keep), parents=tuple(index.get(rig.parents[i], -1) for i in keep),
        heads=rig.heads[keep], tails=rig.tails[keep], matrices=rig.matrices[keep],
    )
