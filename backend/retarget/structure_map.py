"""Auto-mapping by structure: a bone map for a humanoid rig whose bone names
say nothing (``Bone``, ``Bone.001`` …), read from its hierarchy and rest pose.

``map_by_structure(rig)`` returns a ``StructureMap`` (a ``BoneMap`` named
``"structure"`` plus how it was found) or raises ``NotHumanoid`` whose message
is ``"could not map: <reason>"``. ``propose_map(rig)`` is what the add-on's
*Detect Mapping* runs: the best name preset when it fills every required
slot, else the structural proposal, else the partial preset (or nothing).

What it assumes -- a humanoid standing in its rest pose (T-, A- or arms-down
pose, limbs straight or slightly bent) -- and nothing else: any units, any
bone axes (only bone *heads* are read; FBX imports without automatic bone
orientation have tails pointing anywhere), any orientation of the armature
space (Z-up, Y-up, rotated). Bone lengths only choose between bones that
share a joint and between parallel chains; tails are only a last cue for
the front. Steps, for a trial "up" direction:

1. The *spine path* runs from the root of the largest hierarchy to the
   highest point of the rig, always into the child whose bones reach
   highest (root -> hips -> spine -> neck -> head -> head end).
2. *Legs* are the two longest chains of three or more joints that leave the
   spine path, hang at least ``leg_drop`` of the body height below where they
   leave it and end on the ground; they may share a helper (a pelvis bone)
   but must part near the top, and parallel chains at the same joints (MMD's
   D bones) are one leg. A third and fourth ground-reaching chain means a
   four-legged rig. The hips is the spine-path bone the legs hang from, or a
   pelvis bone at its joint or just below it (``_Mapper._hips``); bones
   below it on the path (a root at the floor) stay unmapped.
3. *Arms* are the two chains (three or more joints) leaving the spine path
   above the hips that reach farthest, on either side of it; the spine ends
   at the bone they hang from (before it, when that bone sits above the
   arms: clavicles under the neck); the neck and head follow on the path.
4. Each limb chain is cut into its parts (clavicle / upper arm / forearm /
   hand, pelvis helper / thigh / shin / foot / toes) by trying every split
   and keeping the one closest to human proportions (upper arm ≈ forearm,
   thigh ≈ shin, clavicle short, shoulder out from the spine line), with no
   bend inside a part, the foot turning forward at the ankle. Bones sharing
   a head (helpers) are one joint; a slot takes the one whose length spans
   to the next joint (``_Tree.pick``).
5. The up direction found (hips -> chest and ankles -> hips) replaces the
   trial one until it settles; trials start from +Z, +Y and 48 directions
   spread over the sphere, and the reading with the lowest proportion cost
   wins. A trial that fails says why; the reason of the one that got
   furthest is reported.

Left and right: the character's front is where its toes point (else its
foot bones when the tails are trustworthy, else where its knees or elbows
bend); left is ``up × front`` -- the character's own left, as Blender's
``.L`` bones are (Blender rigs face -Y with their left at +X). With none of
those cues, Blender's convention is assumed (facing -Y with Z up, turned
with the rig when its up axis differs) and the proposal says so.

Extra bones (fingers, twist and helper bones, IK and pole targets outside
the limb chains, props, face bones, a root above the hips) are left out: they
are short side branches, leave the spine path below the hips, or hang off a
limb after the part they would belong to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .bone_map import BoneMap
from .detect import Detection, detect
from .rig import RigDescription
from .slots import REQUIRED_SLOTS
from .structure_reader import _Mapper
from .structure_result import StructureMap
from .structure_settings import (
    MIN_BONES, PROPORTIONS, STRUCTURE_LABEL, STRUCTURE_PRESET, THRESHOLDS, NotHumanoid, Proportions, Thresholds,
)

__all__ = [
    "MIN_BONES", "PROPORTIONS", "STRUCTURE_LABEL", "STRUCTURE_PRESET", "THRESHOLDS", "NotHumanoid", "Proportions",
    "Proposal", "StructureMap", "Thresholds", "map_by_structure", "propose_map",
]


@dataclass(frozen=True, kw_only=True)
class Proposal:
    """What *Detect Mapping* shows. ``source``: ``"preset"`` (names matched a
    preset that fills every required slot), ``"structure"`` (the structural
    proposal), ``"partial"`` (neither worked; the best preset's partial map,
    to complete by hand) or ``"none"`` (nothing worth writing: ``bone_map``
    is None). ``message`` is the sentence for the user."""

    source: str
    bone_map: BoneMap | None
    preset: str
    label: str
    confidence: float
    message: str
    missing_required: tuple[str, ...] = ()
    detection: Detection | None = None
    structure: StructureMap | None = field(default=None, repr=False)


def map_by_structure(
    rig: RigDescription, *, thresholds: Thresholds = THRESHOLDS, proportions: Proportions = PROPORTIONS
) -> StructureMap:
    """Propose a humanoid bone map from ``rig``'s hierarchy and rest pose
    alone; raises ``NotHumanoid`` ("could not map: <reason>")."""
    return _Mapper(rig, thresholds, proportions).run()


def propose_map(rig: RigDescription) -> Proposal:
    """Name detection first; the structural map when no preset fills every
    required slot (see ``Proposal`` for the outcomes)."""
    detection = detect(rig.names, rig.parent_names())
    if not detection.missing_required:
        return Proposal(
            source="preset", bone_map=detection.bone_map, preset=detection.preset, label=detection.label,
            confidence=detection.confidence, message=f"{detection.label} (confidence {detection.confidence:.2f})",
            detection=detection,
        )
    try:
        structure = map_by_structure(rig)
    except NotHumanoid as error:
        found = len(REQUIRED_SLOTS) - len(detection.missing_required)
        if found * 2 >= len(REQUIRED_SLOTS):
            return Proposal(
                source="partial", bone_map=detection.bone_map, preset=detection.preset, label=detection.label,
                confidence=detection.confidence, missing_required=detection.missing_required, detection=detection,
                message=(
                    f"{detection.label}: confidence {detection.confidence:.2f}; fill the empty required slot(s): "
                    f"{', '.join(detection.missing_required)} ({error})"
                ),
            )
        return Proposal(
            source="none", bone_map=None, preset="", label="", confidence=0.0, detection=detection,
            missing_required=tuple(REQUIRED_SLOTS), message=f"No preset matches the bone names, and {error}",
        )
    return Proposal(
        source="structure", bone_map=structure.bone_map, preset=STRUCTURE_PRESET, label=STRUCTURE_LABEL,
        confidence=structure.confidence, detection=detection, structure=structure,
        message=f"No preset matches the bone names. {structure.message}",
    )
