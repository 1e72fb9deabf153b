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

import math
from dataclasses import dataclass, field

import numpy as np

from .bone_map import BoneMap
from .detect import Detection, detect
from .rig import RigDescription
from .slots import REQUIRED_SLOTS, SIDES

STRUCTURE_PRESET = "structure"
STRUCTURE_LABEL = "Proposed from the rig's structure"
# Hips, head and six bones a side: the fewest bones a drivable humanoid has.
MIN_BONES = len(REQUIRED_SLOTS)


class NotHumanoid(ValueError):
    """The rig is not a humanoid this mapper can read; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"could not map: {reason}")
        self.reason = reason


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    """Every tolerance of the mapper (lengths as fractions of the body's size)."""

    coincident: float = 0.01  # heads closer than this (x body size) are one joint
    leg_drop: float = 0.2  # a leg hangs at least this (x body height) below where it leaves the spine
    ground: float = 0.1  # a chain ending this close (x body height) to the lowest point is on the ground
    attach_height: float = 0.15  # the two legs (arms) leave the spine within this (x body height) of each other
    arm_reach_ratio: float = 0.35  # the second arm reaches at least this x the first
    arm_spread: float = 0.08  # the hands are at least this (x body height) apart across the body
    duplicate: float = 0.03  # limb tips closer than this (x body height) are one limb (parallel chains)
    pelvis_reach: float = 0.5  # path bones this close (x thigh) below the legs' bone may be the hips
    part_top: float = 0.25  # two limbs sharing a helper part within this share of the limb's length
    upright_deg: float = 50.0  # the spine (hips -> chest) leans at most this from up
    spine_leg_deg: float = 35.0  # and at most this from the line ankles -> hips (a standing body)
    settle_deg: float = 2.0  # up has settled when it moves less than this between rounds
    rounds: int = 4  # at most this many rounds per trial direction
    trial_directions: int = 48  # trial up directions spread over the sphere
    same_basin_deg: float = 20.0  # trials this close to an up already settled on are skipped
    head_top: float = 0.15  # a last leaf this high (x body height) above the shoulders is a head-top end bone
    facing_cue: float = 0.02  # a front cue must be at least this (x limb length) to count


@dataclass(frozen=True, kw_only=True)
class Proportions:
    """Human proportions the limb splits are scored against (log-ratio
    targets with their spread), from the extension's synthetic body and
    common rigs."""

    upper_arm_to_forearm: float = 1.08
    arm_sigma: float = 0.3
    thigh_to_shin: float = 1.0
    leg_sigma: float = 0.35
    clavicle_to_arm: float = 0.29  # clavicle span / (upper arm + forearm)
    clavicle_sigma: float = 0.6
    shoulder_out: float = 0.33  # shoulder's distance from the spine line / (upper arm + forearm)
    shoulder_sigma: float = 0.5
    pelvis_to_thigh: float = 0.5  # a pelvis helper spans at most this x the thigh
    straight_deg: float = 20.0  # bends above this inside one part cost
    limb_tilt_deg: float = 35.0  # thighs and shins lean at most this from down without cost
    foot_turn_deg: float = 45.0  # the bone after the ankle leans at least this from down
    ankle_rise: float = 0.2  # the ankle sits at most this x leg length above the leg's lowest point


THRESHOLDS = Thresholds()
PROPORTIONS = Proportions()


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


class _Failure(Exception):
    """A trial direction that did not give a humanoid; ``stage`` orders how
    far it got (the furthest one's reason is reported)."""

    def __init__(self, stage: float, reason: str) -> None:
        super().__init__(reason)
        self.stage = stage
        self.reason = reason


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 1e-12 else np.zeros_like(v)


def _angle(a: np.ndarray, b: np.ndarray) -> float:
    """Degrees between two vectors (90 when either is zero)."""
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na < 1e-12 or nb < 1e-12:
        return 90.0
    return math.degrees(math.acos(max(-1.0, min(1.0, float(a @ b) / (na * nb)))))


def _flat(v: np.ndarray, up: np.ndarray) -> np.ndarray:
    """``v`` without its component along ``up``."""
    return v - (v @ up) * up


def _seed_directions(count: int) -> list[np.ndarray]:
    """Trial up directions: +Z and +Y first (Blender and FBX conventions),
    then ``count`` directions spread evenly over the sphere (a Fibonacci
    lattice: with 48, every direction is within about 17 degrees of one)."""
    golden = math.pi * (3.0 - math.sqrt(5.0))
    spread = []
    for k in range(count):
        z = 1.0 - 2.0 * (k + 0.5) / count
        r = math.sqrt(max(0.0, 1.0 - z * z))
        spread.append(np.array([r * math.cos(golden * k), r * math.sin(golden * k), z]))
    return [np.array([0.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.0])] + spread


class _Tree:
    """The largest hierarchy of a rig with what every trial needs."""

    def __init__(self, rig: RigDescription, thresholds: Thresholds) -> None:
        count = len(rig)
        self.rig = rig
        self.names = rig.names
        self.parents = rig.parents
        self.heads = rig.heads
        self.lengths = np.linalg.norm(rig.tails - rig.heads, axis=-1)
        self.children: list[list[int]] = [[] for _ in range(count)]
        for bone in rig.order:
            parent = rig.parents[bone]
            if parent >= 0:
                self.children[parent].append(bone)
        size = [1] * count
        for bone in reversed(rig.order):
            if rig.parents[bone] >= 0:
                size[rig.parents[bone]] += size[bone]
        self.size = size
        roots = [b for b in rig.order if rig.parents[b] < 0]
        self.root = max(roots, key=lambda r: (size[r], -r))
        members = {self.root}
        self.order = []
        for bone in rig.order:
            if bone == self.root or rig.parents[bone] in members:
                members.add(bone)
                self.order.append(bone)
        points = self.heads[self.order]
        self.body = float(np.linalg.norm(points.max(axis=0) - points.min(axis=0)))
        self.eps = thresholds.coincident * self.body
        self.geodesic = np.zeros(count)
        for bone in self.order:
            parent = rig.parents[bone]
            if parent >= 0:
                self.geodesic[bone] = self.geodesic[parent] + self.distance(bone, parent)

    def distance(self, a: int, b: int) -> float:
        return float(np.linalg.norm(self.heads[a] - self.heads[b]))

    def same_joint(self, a: int, b: int) -> bool:
        return self.distance(a, b) <= self.eps

    def misfit(self, bone: int, span: float) -> float:
        """How far a bone's length is from ``span`` (|log ratio|, at most 3)."""
        if span <= self.eps:
            return 0.0
        return min(abs(math.log(max(float(self.lengths[bone]), 1e-9) / span)), 3.0)

    def pick(self, group: list[int], next_point: np.ndarray | None) -> int:
        """The bone of a joint (bones sharing a head) that fills a slot: the
        one whose length spans to the next joint of the chain (helpers are
        usually short), the last (deepest) one among equals. At a chain's
        end (no next joint): the longest, the first among equals (a head
        before the face bones at its joint)."""
        if len(group) == 1:
            return group[0]
        if next_point is None:
            longest = max(float(self.lengths[b]) for b in group)
            return next(b for b in group if float(self.lengths[b]) >= 0.9 * longest)
        fits = [self.misfit(b, float(np.linalg.norm(next_point - self.heads[b]))) for b in group]
        best = min(fits)
        return [b for b, fit in zip(group, fits) if fit <= best + 0.1][-1]

    def lca(self, a: int, b: int) -> int:
        seen = set()
        x = a
        while x >= 0:
            seen.add(x)
            x = self.parents[x]
        x = b
        while x >= 0 and x not in seen:
            x = self.parents[x]
        return x

    def chain(self, top: int, tip: int) -> list[int]:
        """Bones from just below ``top`` down to ``tip``, parent first."""
        out = []
        x = tip
        while x >= 0 and x != top:
            out.append(x)
            x = self.parents[x]
        return out[::-1]

    def joints(self, bones: list[int]) -> list[list[int]]:
        """Consecutive bones of a chain grouped by shared head position."""
        groups: list[list[int]] = []
        for bone in bones:
            if groups and self.same_joint(groups[-1][0], bone):
                groups[-1].append(bone)
            else:
                groups.append([bone])
        return groups

    def picks(self, groups: list[list[int]], after: np.ndarray | None = None) -> list[int]:
        """One bone per joint (``pick``), the joint after the last being ``after``."""
        points = [self.heads[g[0]] for g in groups[1:]] + [after]
        return [self.pick(g, p) for g, p in zip(groups, points)]


@dataclass
class _Leg:
    """A leg's bones (slot chains) and joints found in one trial."""

    cost: float
    thigh: list[int]
    shin: list[int]
    foot: int
    toes: int | None
    hip_joint: np.ndarray
    knee: np.ndarray
    ankle: np.ndarray

    @property
    def length(self) -> float:
        return float(np.linalg.norm(self.knee - self.hip_joint) + np.linalg.norm(self.ankle - self.knee))

    @property
    def middle(self) -> np.ndarray:
        """Where the leg is across the body (mean of hip, knee, ankle)."""
        return (self.hip_joint + self.knee + self.ankle) / 3.0


@dataclass
class _Arm:
    """An arm's bones (slot chains) and joints found in one trial."""

    cost: float
    clavicle: list[int]
    upper_arm: list[int]
    forearm: list[int]
    hand: int
    first: np.ndarray
    shoulder: np.ndarray
    elbow: np.ndarray
    wrist: np.ndarray

    @property
    def length(self) -> float:
        return float(np.linalg.norm(self.elbow - self.shoulder) + np.linalg.norm(self.wrist - self.elbow))

    @property
    def middle(self) -> np.ndarray:
        """Where the arm is across the body (mean of shoulder, elbow, wrist)."""
        return (self.shoulder + self.elbow + self.wrist) / 3.0


@dataclass
class _Reading:
    """One trial's humanoid: the bones found and the cost of the reading."""

    hips: int
    translation: int | None
    spine: list[int]
    neck: list[int]
    head: int
    legs: list[_Leg]
    arms: list[_Arm]
    up: np.ndarray
    cost: float


def _bends(points: np.ndarray, start: int, end: int, limit: float) -> float:
    """Cost of bends inside the part whose joints are ``points[start:end + 1]``."""
    cost = 0.0
    for k in range(start + 1, end):
        bend = _angle(points[k] - points[k - 1], points[k + 1] - points[k])
        if bend > limit:
            cost += ((bend - limit) / 10.0) ** 2
    return cost


def _split_leg(points: np.ndarray, hips: np.ndarray, up: np.ndarray, prop: Proportions) -> tuple[float, int, int, int]:
    """Best (cost, thigh start, shin start, ankle) over the leg's joints
    ``points`` (M, 3); joints before the thigh are a pelvis helper."""
    count = len(points)
    lowest = float((points @ up).min())
    best = (math.inf, 0, 1, 2)
    down = -up
    for thigh in range(0, min(3, count - 2)):
        for shin in range(thigh + 1, min(thigh + 4, count - 1)):
            for ankle in range(shin + 1, min(shin + 4, count)):
                t, s = points[shin] - points[thigh], points[ankle] - points[shin]
                lt, ls = float(np.linalg.norm(t)), float(np.linalg.norm(s))
                if lt <= 1e-12 or ls <= 1e-12:
                    continue
                cost = (math.log(lt / ls) - math.log(prop.thigh_to_shin)) ** 2 / prop.leg_sigma**2
                for v in (t, s):
                    cost += (max(0.0, _angle(v, down) - prop.limb_tilt_deg) / 15.0) ** 2
                if thigh > 0:
                    pelvis = float(np.linalg.norm(points[thigh] - hips))
                    cost += (max(0.0, pelvis / lt - prop.pelvis_to_thigh) / 0.15) ** 2
                cost += _bends(points, thigh, shin, prop.straight_deg) + _bends(points, shin, ankle, prop.straight_deg)
                if ankle + 1 < count:
                    turn = _angle(points[ankle + 1] - points[ankle], down)
                    cost += (max(0.0, prop.foot_turn_deg - turn) / 15.0) ** 2
                rise = (float(points[ankle] @ up) - lowest) / (lt + ls)
                cost += (max(0.0, rise - prop.ankle_rise) / 0.1) ** 2
                if cost < best[0]:
                    best = (cost, thigh, shin, ankle)
    return best


def _split_arm(
    points: np.ndarray, chest: np.ndarray, up: np.ndarray, branching: list[bool], prop: Proportions
) -> tuple[float, int, int, int]:
    """Best (cost, shoulder, elbow, wrist) over the arm's joints ``points``
    (M, 3); joints before the shoulder are the clavicle. ``branching[k]``:
    joint ``k`` carries two or more chains (fingers)."""
    count = len(points)
    best = (math.inf, 0, 1, 2)
    for shoulder in range(0, min(3, count - 2)):
        for elbow in range(shoulder + 1, min(shoulder + 4, count - 1)):
            for wrist in range(elbow + 1, min(elbow + 4, count)):
                u, f = points[elbow] - points[shoulder], points[wrist] - points[elbow]
                lu, lf = float(np.linalg.norm(u)), float(np.linalg.norm(f))
                if lu <= 1e-12 or lf <= 1e-12:
                    continue
                arm = lu + lf
                cost = (math.log(lu / lf) - math.log(prop.upper_arm_to_forearm)) ** 2 / prop.arm_sigma**2
                if shoulder > 0:
                    span = max(float(np.linalg.norm(points[shoulder] - points[0])), 1e-6 * arm)
                    cost += math.log(span / arm / prop.clavicle_to_arm) ** 2 / prop.clavicle_sigma**2
                    cost += _bends(points, 0, shoulder, prop.straight_deg)
                out = max(float(np.linalg.norm(_flat(points[shoulder] - chest, up))), 1e-3 * arm)
                cost += math.log(out / arm / prop.shoulder_out) ** 2 / prop.shoulder_sigma**2
                cost += _bends(points, shoulder, elbow, prop.straight_deg) + _bends(points, elbow, wrist, prop.straight_deg)
                if any(branching[elbow:wrist]) and not branching[wrist]:
                    cost += 1.0
                if cost < best[0]:
                    best = (cost, shoulder, elbow, wrist)
    return best


class _Trial:
    """One trial up direction: heights, the spine path and where every other
    bone leaves it (``attach``: path index), with the legs and arms found."""

    def __init__(self, tree: _Tree, thresholds: Thresholds, up: np.ndarray) -> None:
        self.tree, self.th, self.up = tree, thresholds, up
        self.height = tree.heads @ up
        top = self.height.copy()
        for bone in reversed(tree.order):
            parent = tree.parents[bone]
            if parent >= 0:
                top[parent] = max(top[parent], top[bone])
        self.floor = float(self.height[tree.order].min())
        self.body_height = float(top[tree.root]) - self.floor
        if self.body_height <= tree.eps:
            raise _Failure(0, "the rig is flat along every direction tried")
        self.path = self._spine_path(top)
        self.on_path = {bone: i for i, bone in enumerate(self.path)}
        self.attach: dict[int, int] = {}
        self.joints_below: dict[int, int] = {}
        self.misfit: dict[int, float] = {}
        for bone in tree.order:
            if bone in self.on_path:
                continue
            parent = tree.parents[bone]
            if parent in self.on_path:
                self.attach[bone], self.joints_below[bone], self.misfit[bone] = self.on_path[parent], 1, 0.0
                continue
            same = tree.same_joint(bone, parent)
            self.attach[bone] = self.attach[parent]
            self.joints_below[bone] = self.joints_below[parent] + (0 if same else 1)
            self.misfit[bone] = self.misfit[parent] + (0.0 if same else tree.misfit(parent, tree.distance(bone, parent)))

    def _spine_path(self, top: np.ndarray) -> list[int]:
        """From the root, into the child reaching highest, while one reaches
        above the current bone (or it has one child, level with it)."""
        tree, height = self.tree, self.height
        path = [tree.root]
        while True:
            x = path[-1]
            kids = tree.children[x]
            higher = [c for c in kids if top[c] > height[x] + tree.eps]
            if not higher and len(kids) == 1 and top[kids[0]] >= height[x] - tree.eps:
                higher = kids
            if not higher:
                return path
            path.append(max(higher, key=lambda c: (top[c], tree.size[c], -c)))

    def root_of(self, bone: int) -> int:
        """The spine-path bone a side chain's bone hangs from."""
        return self.path[self.attach[bone]]

    def apart(self, a: int, b: int) -> bool:
        """Two limb tips leave the spine apart, or part near the top, and
        neither lies on the other's chain (parallel chains at the same
        joints, such as MMD's D bones beside the legs, are one limb)."""
        tree = self.tree
        if not self._clear_of(a, b, self.th.duplicate * self.body_height):
            return False
        if self.attach[a] != self.attach[b]:
            return True
        meet = tree.lca(a, b)
        if meet in self.on_path:
            return True
        start = tree.geodesic[self.root_of(a)]
        length = min(tree.geodesic[a], tree.geodesic[b]) - start
        return tree.geodesic[meet] - start <= self.th.part_top * max(length, 1e-12)

    def ranked(self, bones, measure) -> list[int]:
        """Longest first; equal lengths (parallel chains at the same joints):
        the chain whose bone lengths span its joints first, then the longer
        last bone (a toe before a stub at the same joint)."""
        step = max(self.tree.eps, 1e-12)
        return sorted(
            bones, key=lambda b: (-int(measure(b) / step), round(self.misfit[b], 6), -self.tree.lengths[b], b)
        )

    def best_parallel(self, tip: int, candidates: list[int], measure) -> int:
        """Among chains running along ``tip``'s (tips on each other's chain,
        as long within ``duplicate``), the one whose bone lengths span its
        joints best: parallel deform / control chains placed a little apart."""
        close = self.th.duplicate * self.body_height
        same = [
            c for c in candidates
            if abs(measure(c) - measure(tip)) <= close and (c == tip or not self._clear_of(c, tip, close))
        ]
        return min(same, key=lambda b: (round(self.misfit[b], 6), -self.tree.lengths[b], b))

    def _clear_of(self, a: int, b: int, close: float) -> bool:
        """Neither tip lies within ``close`` of the other's chain."""
        tree = self.tree
        for tip, other in ((a, b), (b, a)):
            joints = tree.heads[tree.chain(self.root_of(other), other)]
            if float(np.linalg.norm(joints - tree.heads[tip], axis=-1).min()) <= close:
                return False
        return True

    def legs(self) -> list[int]:
        """Tips of the two longest ground-reaching chains hanging from the spine path."""
        tree, th, height = self.tree, self.th, self.height

        def length(b: int) -> float:
            return float(tree.geodesic[b] - tree.geodesic[self.root_of(b)])

        grounded = self.ranked(
            [b for b in self.attach if self.joints_below[b] >= 3 and height[b] <= self.floor + th.ground * self.body_height
             and height[self.root_of(b)] - height[b] >= th.leg_drop * self.body_height],
            length,
        )
        legs: list[int] = []
        for bone in grounded:
            if all(self.apart(bone, other) for other in legs):
                legs.append(bone)
        legs = [self.best_parallel(tip, grounded, length) for tip in legs]
        if len(legs) >= 3:
            raise _Failure(1.5, f"{len(legs)} chains reach the ground (a four-legged rig?): a humanoid stands on two legs")
        if not legs:
            raise _Failure(1, "no legs: no chain of three or more bones hangs from the body to the ground")
        if len(legs) == 1:
            raise _Failure(1.2, "one leg only: a humanoid needs two chains of three or more bones reaching the ground")
        if tree.distance(self.root_of(legs[0]), self.root_of(legs[1])) > th.attach_height * self.body_height:
            raise _Failure(1.2, "one leg only: the two chains reaching the ground hang from far apart on the body, not both from the hips")
        return legs

    def arms(self, above: int) -> list[int]:
        """Tips of the two chains that reach farthest from the spine path
        above path index ``above``, one to each side."""
        tree, th, height = self.tree, self.th, self.height
        reach = {
            b: tree.distance(b, self.root_of(b)) for b in self.attach if self.attach[b] > above and self.joints_below[b] >= 3
        }
        candidates = self.ranked(reach, reach.get)
        if not candidates:
            raise _Failure(3, "no arms: no chain of three or more bones branches off the spine above the hips")
        first = candidates[0]
        for bone in candidates[1:]:
            if reach[bone] < th.arm_reach_ratio * reach[first]:
                break
            across = float(np.linalg.norm(_flat(tree.heads[bone] - tree.heads[first], self.up)))
            if (
                self.apart(bone, first)
                and across >= max(0.5 * tree.distance(bone, first), th.arm_spread * self.body_height)
                and abs(height[self.root_of(bone)] - height[self.root_of(first)]) <= th.attach_height * self.body_height
            ):
                if min(height[first], height[bone]) <= self.floor + th.ground * self.body_height:
                    raise _Failure(3.5, "the arms reach the ground like legs (a four-legged rig?)")
                return [self.best_parallel(tip, candidates, reach.get) for tip in (first, bone)]
        raise _Failure(3.2, "one arm only: a humanoid needs two chains of three or more bones branching off the upper spine, one to each side")


class _Mapper:
    def __init__(self, rig: RigDescription, thresholds: Thresholds, proportions: Proportions) -> None:
        self.tree = _Tree(rig, thresholds)
        self.th = thresholds
        self.prop = proportions

    # -- one trial -------------------------------------------------------

    def read(self, up: np.ndarray) -> _Reading:
        tree, th = self.tree, self.th
        heads = tree.heads
        trial = _Trial(tree, th, up)
        path = trial.path
        legs = trial.legs()
        attach_index = min(trial.attach[b] for b in legs)
        if attach_index == len(path) - 1:
            raise _Failure(2, "nothing rises above the hips: no spine or head")
        leg_parts = [self._leg(trial.root_of(tip), path[attach_index], tip, up) for tip in legs]
        arm_tips = trial.arms(attach_index)
        chest_index = max(trial.attach[b] for b in arm_tips)
        arm_parts = [self._arm(trial.root_of(tip), path[chest_index], tip, up) for tip in arm_tips]

        hips, translation, spine_start = self._hips(path, attach_index, legs, leg_parts, up)
        arm_roots = {tree.chain(trial.root_of(tip), tip)[0] for tip in arm_tips}
        spine, neck, head = self._spine_neck_head(path, spine_start, chest_index, arm_parts, arm_roots, up, trial.body_height)
        spine_vector = heads[path[chest_index]] - heads[hips]
        ankles = np.mean([p.ankle for p in leg_parts], axis=0)
        if _angle(spine_vector, up) > th.upright_deg or _angle(spine_vector, heads[hips] - ankles) > th.spine_leg_deg:
            raise _Failure(4.5, "the spine does not rise above the legs as a standing humanoid's does (a four-legged or lying rig?)")
        new_up = _unit(_unit(spine_vector) + _unit(heads[hips] - ankles))
        cost = sum(p.cost for p in leg_parts) + sum(p.cost for p in arm_parts)
        cost += (math.log(leg_parts[0].length / leg_parts[1].length) / 0.1) ** 2
        cost += (math.log(arm_parts[0].length / arm_parts[1].length) / 0.1) ** 2
        return _Reading(
            hips=hips, translation=translation, spine=spine, neck=neck, head=head, legs=leg_parts, arms=arm_parts,
            up=new_up, cost=cost,
        )

    def _hips(self, path: list[int], attach_index: int, legs: list[int], leg_parts: list[_Leg], up: np.ndarray):
        """(hips, translation bone or None, path index where the spine starts).

        Candidates: the spine-path bone the legs hang from; the path bones
        below it that are still pelvis (sharing its joint, or within half a
        thigh of it and not below the hip joints: 3ds Max Biped hangs its
        thighs from the first spine link); the bones at its joint on the way
        to where the legs part (MMD's lower body, beside the upper body). The
        one whose length spans to the next joint up the spine wins, the
        lowest among equals; a hips bone beside the spine leaves the root
        motion to the path bone it hangs from."""
        tree, th = self.tree, self.th
        attach = path[attach_index]
        on_path = set(path)

        def above(index: int) -> int:
            """The first path index above ``index`` at another joint."""
            k = index + 1
            while k < len(path) and tree.same_joint(path[k], path[index]):
                k += 1
            return k

        thigh = float(np.mean([np.linalg.norm(p.knee - p.hip_joint) for p in leg_parts]))
        hip_level = float(np.mean([p.hip_joint @ up for p in leg_parts]))
        candidates = [(attach, attach_index)]
        k = attach_index
        while k > 0:
            below = path[k - 1]
            if not (tree.same_joint(below, path[k]) or (
                tree.distance(below, attach) <= th.pelvis_reach * thigh and float(tree.heads[below] @ up) >= hip_level
            )):
                break
            candidates.insert(0, (below, k - 1))
            k -= 1
        meet = tree.lca(legs[0], legs[1])
        if meet not in on_path and attach in tree.rig.ancestors(meet):
            for bone in tree.chain(attach, meet):
                if not tree.same_joint(bone, attach):
                    break
                candidates.append((bone, None))
        spine_index = above(attach_index)
        if spine_index >= len(path):
            raise _Failure(2, "nothing rises above the hips: no spine or head")
        fits = []
        for bone, index in candidates:
            target = path[above(index)] if index is not None and above(index) < len(path) else path[spine_index]
            fits.append(tree.misfit(bone, tree.distance(bone, target)))
        best = min(fits)
        bone, index = next(c for c, fit in zip(candidates, fits) if fit <= best + 0.1)
        if index is None:
            return bone, attach, spine_index
        return bone, None, above(index)

    def _spine_neck_head(
        self, path: list[int], spine_start: int, chest_index: int, arms: list[_Arm], arm_roots: set[int], up: np.ndarray,
        body_height: float,
    ) -> tuple[list[int], list[int], int]:
        """Spine, neck and head bones on the spine path from ``spine_start``.

        The spine ends at the bone the arms hang from -- unless that bone sits
        above the arms' first joints (3ds Max Biped hangs its clavicles from
        the neck): then the neck starts there. The head is the first joint
        above the spine carrying two or more side branches (eyes, jaw, face);
        else the last joint, unless that is a leaf as high above the
        shoulders as the top of a head (a head-top end bone)."""
        tree = self.tree
        chest = path[chest_index]
        groups = tree.joints(path[spine_start:])
        chest_group = next((k for k, g in enumerate(groups) if chest in g), -1)
        shoulders = float(np.mean([a.first @ up for a in arms]))
        ends = chest_group if float(tree.heads[chest] @ up) > shoulders else chest_group + 1
        spine_groups, upper = groups[:max(ends, 0)], groups[max(ends, 0):]
        if not upper:
            raise _Failure(4, "nothing rises above the arms: no neck or head")
        skip = set(path) | arm_roots
        head_index = None
        for k, group in enumerate(upper):
            if sum(1 for b in group for c in tree.children[b] if c not in skip) >= 2:
                head_index = k
                break
        if head_index is None:
            head_index = len(upper) - 1
            if len(upper) >= 2 and not tree.children[upper[-1][-1]]:
                shoulders = float(np.mean([a.shoulder @ up for a in arms]))
                if float(tree.heads[upper[-1][0]] @ up) - shoulders >= self.th.head_top * body_height:
                    head_index = len(upper) - 2
        spine = tree.picks(spine_groups, tree.heads[upper[0][0]])
        after = tree.heads[upper[head_index + 1][0]] if head_index + 1 < len(upper) else None
        neck_and_head = tree.picks(upper[:head_index + 1], after)
        return spine, neck_and_head[:-1], neck_and_head[-1]

    def _leg(self, attach: int, hips: int, tip: int, up: np.ndarray) -> _Leg:
        tree = self.tree
        groups = tree.joints(tree.chain(attach, tip))
        points = np.array([tree.heads[g[0]] for g in groups])
        cost, thigh, shin, ankle = _split_leg(points, tree.heads[hips], up, self.prop)
        if not math.isfinite(cost):
            raise _Failure(5, "a leg has fewer than three joints (thigh, shin, foot)")
        bones = tree.picks(groups)
        return _Leg(
            cost=cost, thigh=bones[thigh:shin], shin=bones[shin:ankle], foot=bones[ankle],
            toes=bones[ankle + 1] if ankle + 1 < len(groups) else None,
            hip_joint=points[thigh], knee=points[shin], ankle=points[ankle],
        )

    def _arm(self, attach: int, chest: int, tip: int, up: np.ndarray) -> _Arm:
        tree = self.tree
        groups = tree.joints(tree.chain(attach, tip))
        points = np.array([tree.heads[g[0]] for g in groups])
        branching = [any(sum(1 for c in tree.children[b] if tree.children[c]) >= 2 for b in g) for g in groups]
        cost, shoulder, elbow, wrist = _split_arm(points, tree.heads[chest], up, branching, self.prop)
        if not math.isfinite(cost):
            raise _Failure(5, "an arm has fewer than three joints (upper arm, forearm, hand)")
        bones = tree.picks(groups)
        return _Arm(
            cost=cost, clavicle=bones[:shoulder], upper_arm=bones[shoulder:elbow], forearm=bones[elbow:wrist],
            hand=bones[wrist], first=points[0], shoulder=points[shoulder], elbow=points[elbow], wrist=points[wrist],
        )

    # -- facing -------------------------------------------------------------

    def front(self, reading: _Reading) -> tuple[np.ndarray, str]:
        """The character's front (unit, across its up) and the cue it came from."""
        tree, up, th = self.tree, reading.up, self.th
        heads = tree.heads
        arm_a, arm_b = (a.middle for a in reading.arms)
        leg_a, leg_b = (g.middle for g in reading.legs)
        across_arms, across_legs = _flat(arm_a - arm_b, up), _flat(leg_a - leg_b, up)
        if across_legs @ across_arms < 0:
            across_legs = -across_legs
        across = _unit(_unit(across_arms) + _unit(across_legs))
        axis = _unit(np.cross(up, across))
        leg_length = float(np.mean([g.length for g in reading.legs]))
        arm_length = float(np.mean([a.length for a in reading.arms]))
        cues = []
        toes = [(g.ankle, heads[g.toes]) for g in reading.legs if g.toes is not None]
        if len(toes) == 2:
            cues.append(("toes", sum(_flat(t - a, up) for a, t in toes), leg_length))
        if self._tails_trustworthy():
            feet = [_flat(tree.rig.tails[g.foot] - heads[g.foot], up) for g in reading.legs]
            cues.append(("feet", feet[0] + feet[1], leg_length))
        knees = []
        for g in reading.legs:
            line = g.ankle - g.hip_joint
            offset = g.knee - g.hip_joint - (_unit(line) @ (g.knee - g.hip_joint)) * _unit(line)
            knees.append(_flat(offset, up))
        cues.append(("knees", knees[0] + knees[1], leg_length))
        elbows = []
        for a in reading.arms:
            upper = _unit(a.elbow - a.shoulder)
            fore = a.wrist - a.elbow
            elbows.append(_flat(fore - (fore @ upper) * upper, up))
        cues.append(("elbows", elbows[0] + elbows[1], arm_length))
        for name, vector, length in cues:
            along = float(vector @ axis)
            if abs(along) >= th.facing_cue * length:
                return (axis if along > 0 else -axis), name
        convention = _rotation_between(np.array([0.0, 0.0, 1.0]), up) @ np.array([0.0, -1.0, 0.0])
        return (axis if float(convention @ axis) >= 0 else -axis), "assumed"

    def _tails_trustworthy(self) -> bool:
        """Whether bones' tails point at their only child's head (Blender-made
        rigs) rather than anywhere (FBX without automatic bone orientation)."""
        tree = self.tree
        agree = total = 0
        for bone in tree.order:
            kids = tree.children[bone]
            if len(kids) != 1 or tree.same_joint(kids[0], bone):
                continue
            total += 1
            if _angle(tree.rig.tails[bone] - tree.heads[bone], tree.heads[kids[0]] - tree.heads[bone]) < 10.0:
                agree += 1
        return total > 0 and agree >= 0.7 * total

    # -- all trials ---------------------------------------------------------

    def run(self) -> StructureMap:
        tree = self.tree
        if len(tree.order) < MIN_BONES:
            count = (
                f"the rig has {len(tree.order)} bone(s)" if len(tree.order) == len(tree.names)
                else f"the largest hierarchy in the rig has {len(tree.order)} bone(s) (of {len(tree.names)})"
            )
            raise NotHumanoid(
                f"{count}; a humanoid needs at least {MIN_BONES} connected bones "
                "(hips, head, and an upper arm, forearm, hand, thigh, shin and foot on each side)"
            )
        if not any(len(tree.children[b]) >= 2 for b in tree.order):
            raise NotHumanoid("the bones form one chain without branches: a humanoid's legs and arms branch off the hips and spine")
        if tree.body <= 0.0:
            raise NotHumanoid("every bone head sits at the same point")
        best: _Reading | None = None
        failure: _Failure | None = None
        settled: list[np.ndarray] = []
        for seed in _seed_directions(self.th.trial_directions):
            if any(_angle(seed, known) < self.th.same_basin_deg for known in settled):
                continue
            up = seed
            reading = None
            for _ in range(self.th.rounds):
                try:
                    trial = self.read(up)
                except _Failure as error:
                    if failure is None or error.stage > failure.stage:
                        failure = error
                    break
                reading = trial
                if _angle(trial.up, up) < self.th.settle_deg:
                    break
                up = trial.up
            if reading is not None:
                settled.append(reading.up)
                if best is None or reading.cost < best.cost - 1e-9:
                    best = reading
        if best is None:
            raise NotHumanoid(failure.reason if failure else "no humanoid found")
        return self._result(best)

    def _result(self, reading: _Reading) -> StructureMap:
        tree = self.tree
        names = tree.names
        front, front_from = self.front(reading)
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


def _rotation_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The smallest rotation taking unit vector ``a`` to unit vector ``b``."""
    v = np.cross(a, b)
    c = float(a @ b)
    if c < -1.0 + 1e-9:
        axis = _unit(np.cross(a, [1.0, 0.0, 0.0]) if abs(a[0]) < 0.9 else np.cross(a, [0.0, 1.0, 0.0]))
        return 2.0 * np.outer(axis, axis) - np.eye(3)
    skew = np.array([[0.0, -v[2], v[1]], [v[2], 0.0, -v[0]], [-v[1], v[0], 0.0]])
    return np.eye(3) + skew + skew @ skew / (1.0 + c)


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
