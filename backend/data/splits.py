"""Deterministic train/val/test assignment.

* Keys are hashed with SHA-1 (never Python's salted ``hash``), so a split is
  the same on every machine and Python version.
* CMU: a group of identical-motion takes is one unit. Where HumanML3D gave
  the group's crops one split, that split is kept; where its crops disagree
  (HumanML3D leaks twins and overlapping crops across splits) the majority
  wins, ties going to the rarer split (test, then val); groups HumanML3D does
  not use are assigned by hash at the configured fractions.
* Bandai: stratified by content x style: the takes of each stratum, in hash
  order, follow a repeating 10-slot pattern (8 train, 1 val, 1 test) whose
  position carries on from one stratum to the next, so strata of 10+ takes
  split exactly 80/10/10 and one-take strata still add up to 80/10/10.
"""

from __future__ import annotations

import hashlib
from collections import Counter

SPLITS = ("train", "val", "test")
PATTERN = ("train", "train", "train", "train", "val", "train", "train", "train", "train", "test")


def stable_unit(key: str, seed: int = 0) -> float:
    """A deterministic number in [0, 1) for ``key``."""
    digest = hashlib.sha1(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_by_fraction(key: str, fractions: tuple[float, float, float], seed: int = 0) -> str:
    u = stable_unit(key, seed)
    if u < fractions[0]:
        return "train"
    if u < fractions[0] + fractions[1]:
        return "val"
    return "test"


def majority_split(labels: list[str]) -> str | None:
    """The most common HumanML3D split among a group's crops (ties: test > val > train)."""
    counts = Counter(label for label in labels if label in SPLITS)
    if not counts:
        return None
    rank = {"test": 0, "val": 1, "train": 2}
    return min(counts, key=lambda s: (-counts[s], rank[s]))


def stratified_pattern(strata: dict[str, list[str]], seed: int = 0) -> dict[str, str]:
    """Take name -> split, for takes grouped by stratum (see module docstring)."""
    assignment: dict[str, str] = {}
    position = 0
    for stratum in sorted(strata):
        for take in sorted(strata[stratum], key=lambda t: stable_unit(t, seed)):
            assignment[take] = PATTERN[position % len(PATTERN)]
            position += 1
    return assignment
