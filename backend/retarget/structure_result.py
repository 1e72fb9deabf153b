"""What the structural auto-mapper hands back: ``StructureMap`` (the
proposed ``BoneMap`` and how it was read) and ``_result``, which sides the
chosen reading's limbs by the rig's own front and fills the slots."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .bone_map import BoneMap
from .slots import SIDES
from .structure_facing import front as reading_front
from .structure_limbs import _Reading
from .structure_settings import STRUCTURE_LABEL, STRUCTURE_PRESET, Thresholds
from .structure_tree import _Tree


@dataclass(frozen=True, kw_only=True, eq=False)
class StructureMap:
    """A proposed map and how it was read. ``up`` and ``front`` are unit
    vectors in armature space; ``front_from`` names the cue the front came
    from (``"assumed"`` when none was found); ``cost`` is the proportion
    cost of the chosen reading (0 = textbook proportions) and
    ``confidence = exp(-cost / 8)``."""

    bone_map: BoneMap
    up: np.ndarray
    front: np.ndarray
    front_from: str
    cost: float
    confidence: float
    unmapped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """What to tell the user about the proposal."""
        facing = (
            "no cue shows which way it faces: assumed Blender's -Y" if self.front_from == "assumed"
            else f"front from the {self.front_from}"
        )
        return (
            f"Proposed a map from the hierarchy and rest pose ({facing}); check each slot "
            "(left = the character's left) before generating"
        )


def _result(tree: _Tree, th: Thresholds, reading: _Reading) -> StructureMap:
    names = tree.names
    front, front_from = reading_front(tree, th, reading)
    left = np.cross(reading.up, front)

    def by_side(parts: list, origin: np.ndarray) -> dict:
        """Left and right of a pair of limbs, by where each lies across the body."""
        sides = [float((p.middle - origin) @ left) for p in parts]
        return {"left": parts[0], "right": parts[1]} if sides[0] >= sides[1] else {"left": parts[1], "right": parts[0]}

    legs = by_side(reading.legs, tree.heads[reading.hips])
    arms = by_side(reading.arms, tree.heads[reading.hips])
    slots: dict[str, tuple[str, ...]] = {
        "hips": (names[reading.hips],), "spine": tuple(names[b] for b in reading.spine),
        "neck": tuple(names[b] for b in reading.neck), "head": (names[reading.head],),
    }
    for side in SIDES:
        arm, leg = arms[side], legs[side]
        for part in ("clavicle", "upper_arm", "forearm"):
            slots[f"{side}_{part}"] = tuple(names[b] for b in getattr(arm, part))
        slots[f"{side}_hand"] = (names[arm.hand],)
        for part in ("thigh", "shin"):
            slots[f"{side}_{part}"] = tuple(names[b] for b in getattr(leg, part))
        slots[f"{side}_foot"] = (names[leg.foot],)
        slots[f"{side}_toes"] = (names[leg.toes],) if leg.toes is not None else ()
    translation = names[reading.translation] if reading.translation is not None else None
    bone_map = BoneMap(name=STRUCTURE_PRESET, label=STRUCTURE_LABEL, slots=slots, translation_bone=translation)
    used = set(bone_map.mapped_bones())
    notes = []
    if front_from == "assumed":
        notes.append("no toes, feet, knees or elbows show which way the rig faces: Blender's convention (facing -Y) is assumed")
    confidence = math.exp(-reading.cost / 8.0)
    return StructureMap(
        bone_map=bone_map, up=reading.up, front=front, front_from=front_from, cost=round(reading.cost, 4),
        confidence=round(confidence * (0.5 if front_from == "assumed" else 1.0), 4),
        unmapped=tuple(n for n in names if n not in used), notes=tuple(notes),
    )
