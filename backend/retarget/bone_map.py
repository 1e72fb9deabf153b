"""``BoneMap``: which rig bones fill which humanoid slot (a table, never code).

The same type holds a family preset (names as that family spells them, e.g.
``mixamorig:LeftArm`` written ``LeftArm``) and a map resolved onto one
armature (its exact bone names), which is what the solver uses and what a
user's edited mapping is saved as (``preset_file``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .slots import SINGLE_BONE_SLOTS, SLOTS

PARENT_MODES = ("rig", "mapped")


@dataclass(frozen=True, kw_only=True)
class BoneMap:
    """``slots[slot]`` is the chain of bone names filling ``slot``, parent first.

    ``translation_bone`` receives the root motion (default: the hips bone; a
    Rigify rig uses ``torso``). ``extras`` are bones the family is known to
    have that stay at rest (fingers, twist and helper bones): evidence for
    auto-detection only. ``parent_mode`` says which parent a mapped bone's
    local rotation is relative to: ``"rig"`` -- its parent in the armature
    (unmapped bones in between stay at rest); ``"mapped"`` -- the mapped bone
    before it in the humanoid tree, for control rigs whose in-between bones are
    driven by constraints (Rigify's ORG/MCH bones).
    """

    name: str
    label: str = ""
    slots: dict[str, tuple[str, ...]] = field(default_factory=dict)
    translation_bone: str | None = None
    extras: tuple[str, ...] = ()
    parent_mode: str = "rig"

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError("a bone map needs a name")
        unknown = sorted(set(self.slots) - set(SLOTS))
        if unknown:
            raise ValueError(f"bone map {self.name!r}: unknown slot(s) {unknown}; slots are {list(SLOTS)}")
        clean = {}
        seen: dict[str, str] = {}
        for slot in SLOTS:
            chain = self.slots.get(slot, ())
            if isinstance(chain, str):
                chain = (chain,)
            chain = tuple(chain)
            if not all(isinstance(bone, str) and bone for bone in chain):
                raise ValueError(f"bone map {self.name!r}: slot {slot!r} must list bone names (strings)")
            if slot in SINGLE_BONE_SLOTS and len(chain) > 1:
                raise ValueError(f"bone map {self.name!r}: slot {slot!r} takes one bone, got {list(chain)}")
            for bone in chain:
                if bone in seen:
                    raise ValueError(f"bone map {self.name!r}: bone {bone!r} is in both {seen[bone]!r} and {slot!r}")
                seen[bone] = slot
            if chain:
                clean[slot] = chain
        object.__setattr__(self, "slots", clean)
        object.__setattr__(self, "extras", tuple(e for e in self.extras if e not in seen))
        if self.parent_mode not in PARENT_MODES:
            raise ValueError(f"bone map {self.name!r}: parent_mode must be one of {PARENT_MODES}")
        if self.translation_bone is not None and not isinstance(self.translation_bone, str):
            raise ValueError(f"bone map {self.name!r}: translation_bone must be a bone name")

    def bones(self, slot: str) -> tuple[str, ...]:
        return self.slots.get(slot, ())

    @property
    def hips(self) -> str | None:
        chain = self.bones("hips")
        return chain[0] if chain else None

    @property
    def root_motion_bone(self) -> str | None:
        """The bone that receives the root translation."""
        return self.translation_bone or self.hips

    def mapped_bones(self) -> tuple[str, ...]:
        """Every mapped bone, in slot order."""
        return tuple(bone for slot in SLOTS for bone in self.bones(slot))

    def slot_of(self, bone: str) -> str | None:
        for slot, chain in self.slots.items():
            if bone in chain:
                return slot
        return None

    def renamed(self, names: dict[str, str], **changes) -> BoneMap:
        """The same map with bone names replaced through ``names`` (missing
        ones dropped from their chains); ``changes`` override fields."""
        slots = {slot: tuple(names[b] for b in chain if b in names) for slot, chain in self.slots.items()}
        translation = self.translation_bone
        if translation is not None:
            translation = names.get(translation)
        extras = tuple(names[e] for e in self.extras if e in names)
        return replace(self, **{"slots": slots, "translation_bone": translation, "extras": extras, **changes})
