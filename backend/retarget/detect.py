"""Auto-detection: score every preset against an armature and pick the best.

``resolve(bone_map, names, parent_names)`` matches a map's bone names to the
armature's through the canonicaliser (``names.bone_key``, then
``names.flat_key``) and checks the hierarchy: each mapped bone's nearest
mapped ancestor must be the bone before it in its chain, or for the first
bone of a slot a bone of the slot it hangs from (``slots.PREDECESSORS``). A
translation bone above the hips counts as part of the hips slot (MMD's
upper body hangs from センター, beside the lower body, not under it).

Score of a preset, in [0, 1] (shown to the user as the confidence)::

    score = required² x (0.75 coverage + 0.25 hierarchy)

``required`` is the fraction of required slots with at least one bone found,
``coverage`` the fraction of the preset's mapped bones found, ``hierarchy``
the fraction of found bones whose parent check passes. Ties (presets that map
the same bones, e.g. the canonical rig and SMPL-X) are broken by the share of
the armature's bones the preset explains, mapped and extra bones together
(weight 0.05), then by the preset order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from .bone_map import BoneMap
from .names import bone_key, flat_key
from .presets import PRESETS
from .slots import PREDECESSORS, REQUIRED_SLOTS, SLOTS

ALTERNATIVE_MARGIN = 0.05
EXPLAINED_WEIGHT = 0.05


@dataclass(frozen=True, kw_only=True)
class Resolution:
    """A map matched onto one armature. ``bone_map`` uses the armature's names
    (chains keep the bones found, in order); ``missing`` lists map bones not
    found as ``"slot: name"``; ``ambiguous`` map bones that matched several
    armature bones (the first in hierarchy order was taken)."""

    preset: str
    bone_map: BoneMap
    missing: tuple[str, ...]
    missing_required: tuple[str, ...]
    ambiguous: dict[str, tuple[str, ...]]
    hierarchy_errors: tuple[str, ...]
    score: float
    rank: float


@dataclass(frozen=True, kw_only=True)
class Detection:
    """The best preset for an armature, with what the UI needs to show."""

    preset: str
    label: str
    confidence: float
    bone_map: BoneMap
    unmapped: tuple[str, ...]
    missing: tuple[str, ...]
    missing_required: tuple[str, ...]
    ambiguous: dict[str, tuple[str, ...]]
    hierarchy_errors: tuple[str, ...]
    scores: dict[str, float] = field(default_factory=dict)
    alternatives: tuple[str, ...] = ()


class _Index:
    """Armature bone names looked up by canonical key."""

    def __init__(self, names: Sequence[str], parent_names: Sequence[str | None]) -> None:
        self.names = tuple(names)
        position = {name: i for i, name in enumerate(self.names)}
        self.parents = tuple(position.get(p, -1) if p else -1 for p in parent_names)
        self.depth = [len(self.ancestors(i)) for i in range(len(self.names))]
        self.by_key: dict[tuple[str, str], list[int]] = {}
        self.by_flat: dict[str, list[int]] = {}
        for i, name in enumerate(self.names):
            self.by_key.setdefault(bone_key(name), []).append(i)
            self.by_flat.setdefault(flat_key(name), []).append(i)

    def ancestors(self, bone: int) -> list[int]:
        out, parent, guard = [], self.parents[bone], 0
        while parent != -1 and guard <= len(self.names):
            out.append(parent)
            parent = self.parents[parent]
            guard += 1
        return out

    def candidates(self, name: str) -> list[int]:
        found = self.by_key.get(bone_key(name)) or self.by_flat.get(flat_key(name)) or []
        return sorted(found, key=lambda i: (self.depth[i], i))


def resolve(bone_map: BoneMap, names: Sequence[str], parent_names: Sequence[str | None]) -> Resolution:
    """Match ``bone_map`` onto an armature given its bone names and parent names."""
    return _resolve(bone_map, _Index(names, parent_names))


def _resolve(bone_map: BoneMap, index: _Index) -> Resolution:
    used: set[int] = set()
    chosen: dict[str, int] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    missing: list[str] = []
    for slot in SLOTS:
        for bone in bone_map.bones(slot):
            options = [i for i in index.candidates(bone) if i not in used]
            if not options:
                missing.append(f"{slot}: {bone}")
                continue
            if len(options) > 1:
                ambiguous[bone] = tuple(index.names[i] for i in options)
            chosen[bone] = options[0]
            used.add(options[0])
    extras_found = 0
    renames = {bone: index.names[i] for bone, i in chosen.items()}
    for extra in (*bone_map.extras, *([bone_map.translation_bone] if bone_map.translation_bone else [])):
        options = [i for i in index.candidates(extra) if i not in used]
        if options:
            renames.setdefault(extra, index.names[options[0]])
            if extra in bone_map.extras:
                extras_found += 1
                used.add(options[0])
    resolved = bone_map.renamed(renames)

    missing_required = tuple(slot for slot in REQUIRED_SLOTS if not resolved.bones(slot))
    errors = _hierarchy_errors(resolved, index)
    expected = len(bone_map.mapped_bones())
    found = len(resolved.mapped_bones())
    required = 1.0 - len(missing_required) / len(REQUIRED_SLOTS)
    coverage = found / max(expected, 1)
    hierarchy = 1.0 - len(errors) / max(found, 1)
    score = required**2 * (0.75 * coverage + 0.25 * hierarchy)
    explained = (found + extras_found) / max(len(index.names), 1)
    return Resolution(
        preset=bone_map.name,
        bone_map=resolved,
        missing=tuple(missing),
        missing_required=missing_required,
        ambiguous=ambiguous,
        hierarchy_errors=errors,
        score=score,
        rank=score + EXPLAINED_WEIGHT * explained,
    )


def _hierarchy_errors(resolved: BoneMap, index: _Index) -> tuple[str, ...]:
    position = {name: i for i, name in enumerate(index.names)}
    mapped = {position[b] for b in resolved.mapped_bones()}
    hips = position.get(resolved.hips) if resolved.hips else None
    root = position.get(resolved.translation_bone) if resolved.translation_bone else None
    hips_group = set()
    if hips is not None and root is not None and root in index.ancestors(hips):
        mapped.add(root)
        hips_group.add(root)
    errors = []
    for slot in SLOTS:
        chain = resolved.bones(slot)
        for k, bone in enumerate(chain):
            i = position[bone]
            ancestors = index.ancestors(i)
            if resolved.parent_mode == "mapped":
                if hips is not None and i != hips and hips not in ancestors:
                    errors.append(f"{bone}: not below the hips bone {resolved.hips}")
                continue
            nearest = next((a for a in ancestors if a in mapped), None)
            if k > 0:
                allowed = {position[chain[k - 1]]}
            else:
                allowed = {position[b] for s in PREDECESSORS[slot] for b in resolved.bones(s)}
                if "hips" in PREDECESSORS[slot]:
                    allowed |= hips_group
            if not allowed:
                continue
            if nearest not in allowed:
                got = index.names[nearest] if nearest is not None else "no mapped bone"
                errors.append(f"{bone}: expected below {sorted(index.names[a] for a in allowed)}, found below {got}")
    return tuple(errors)


def detect(
    names: Sequence[str], parent_names: Sequence[str | None], *, presets: Mapping[str, BoneMap] | None = None
) -> Detection:
    """Score every preset against an armature (its bone names and each bone's
    parent name) and return the best, resolved onto the armature's names."""
    presets = PRESETS if presets is None else presets
    if not presets:
        raise ValueError("no presets to detect from")
    index = _Index(names, parent_names)
    order = {name: i for i, name in enumerate(presets)}
    results = sorted(
        (_resolve(preset, index) for preset in presets.values()), key=lambda r: (-r.rank, order[r.preset])
    )
    best = results[0]
    used = set(best.bone_map.mapped_bones())
    return Detection(
        preset=best.preset,
        label=presets[best.preset].label or best.preset,
        confidence=round(best.score, 4),
        bone_map=best.bone_map,
        unmapped=tuple(n for n in index.names if n not in used),
        missing=best.missing,
        missing_required=best.missing_required,
        ambiguous=best.ambiguous,
        hierarchy_errors=best.hierarchy_errors,
        scores={r.preset: round(r.score, 4) for r in results},
        alternatives=tuple(
            r.preset for r in results[1:] if r.score >= best.score - ALTERNATIVE_MARGIN and r.score > 0.5
        ),
    )
