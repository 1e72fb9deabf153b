"""Vector helpers of the structural auto-mapper: unit vectors, angles,
flattening across an up direction, the trial up directions and the
rotation between two directions."""

from __future__ import annotations

import math

import numpy as np


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


def _rotation_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The smallest rotation taking unit vector ``a`` to unit vector ``b``."""
    v = np.cross(a, b)
    c = float(a @ b)
    if c < -1.0 + 1e-9:
        axis = _unit(np.cross(a, [1.0, 0.0, 0.0]) if abs(a[0]) < 0.9 else np.cross(a, [0.0, 1.0, 0.0]))
        return 2.0 * np.outer(axis, axis) - np.eye(3)
    skew = np.array([[0.0, -v[2], v[1]], [v[2], 0.0, -v[0]], [-v[1], v[0], 0.0]])
    return np.eye(3) + skew + skew @ skew / (1.0 + c)
