"""The structural auto-mapper's search (``_Mapper``): for each trial up
direction, read the hips, spine, neck, head, legs and arms; let up settle;
keep the reading with the lowest proportion cost, or report why the trial
that got furthest failed."""

from __future__ import annotations

import math

import numpy as np

from .rig import RigDescription
from .structure_geometry import _angle, _seed_directions, _unit
from .structure_limbs import _Arm, _Leg, _Reading, _split_arm, _split_leg
from .structure_result import StructureMap, _result
from .structure_settings import MIN_BONES, NotHumanoid, Proportions, Thresholds, _Failure
from .structure_tree import _Tree
from .structure_trial import _Trial


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
        return _result(self.tree, self.th, best)
