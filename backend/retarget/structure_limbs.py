"""Limbs found in one trial (``_Leg``, ``_Arm``, ``_Reading``) and the
scoring that cuts a limb chain into its parts (thigh / shin / foot,
clavicle / upper arm / forearm / hand) closest to human proportions."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .structure_geometry import _angle, _flat
from .structure_settings import Proportions


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
