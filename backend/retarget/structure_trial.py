"""One trial up direction of the structural auto-mapper: heights, the
spine path, where every side chain leaves it, and the leg and arm
candidates (tips of the chains) found from them."""

from __future__ import annotations

import numpy as np

from .structure_geometry import _flat
from .structure_settings import Thresholds, _Failure
from .structure_tree import _Tree


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
