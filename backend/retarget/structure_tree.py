"""The rig's largest hierarchy as the structural auto-mapper reads it:
children, subtree sizes, body size, distances along the chains, joints
(bones sharing a head) and which bone of a joint fills a slot."""

from __future__ import annotations

import math

import numpy as np

from .rig import RigDescription
from .structure_settings import Thresholds


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
