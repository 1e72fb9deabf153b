"""Orthonormal frames from a primary direction and a reference vector, the
one construction every bone target uses.

A bone's pose is fixed by where it points (``a``) and by a second vector that
fixes its twist about that direction (``b``: the hinge axis of a limb, the
hip or shoulder line of the spine). ``frame(a, b)`` is the rotation whose
columns are ``â``, ``b`` made orthogonal to ``â``, and their cross product, so
``frame(a_pose, b_pose) @ frame(a_rest, b_rest).T`` is the world rotation that
takes the rest bone onto the pose bone, twist included.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-9
# Below this length (after normalising b) b is taken as parallel to a.
PARALLEL_EPS = 1e-6
# b within this many degrees of a's line: the fallback's twist (first value)
# to b's own (second value), blended smoothly.
BLEND_DEGREES = (5.0, 20.0)


def unit(v: np.ndarray) -> np.ndarray:
    """(..., 3) -> unit vectors; zero vectors stay zero."""
    v = np.asarray(v, dtype=np.float64)
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.where(norm > EPS, v / np.maximum(norm, EPS), 0.0)


def _any_perpendicular(a: np.ndarray) -> np.ndarray:
    pick = np.where(np.abs(a[..., :1]) < 0.9, np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
    return unit(np.cross(a, pick))


def _perpendicular(b: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit part of b orthogonal to unit a, and its length for a unit b."""
    b = unit(b)
    p = b - np.sum(b * a, axis=-1, keepdims=True) * a
    norm = np.linalg.norm(p, axis=-1)
    return p / np.maximum(norm, EPS)[..., None], norm


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def frame(
    a: np.ndarray, b: np.ndarray, *, a_fallback: np.ndarray | None = None, b_fallback: np.ndarray | None = None
) -> np.ndarray:
    """(..., 3) primary and reference vectors -> (..., 3, 3) rotations, columns
    (â, b⊥, â x b⊥). Degenerate input never gives NaN: a zero ``a`` takes
    ``a_fallback``; as ``b`` comes within ``BLEND_DEGREES[1]`` of the line of
    ``a`` its part orthogonal to ``a`` is turned smoothly (about ``a``)
    towards ``b_fallback``'s, reaching it at ``BLEND_DEGREES[0]``, so the
    twist stays continuous; failing both, any perpendicular is used."""
    a = np.asarray(a, dtype=np.float64)
    b = np.broadcast_to(np.asarray(b, dtype=np.float64), a.shape)
    a_len = np.linalg.norm(a, axis=-1, keepdims=True)
    if a_fallback is not None:
        a = np.where(a_len > EPS, a, np.broadcast_to(a_fallback, a.shape))
        a_len = np.linalg.norm(a, axis=-1, keepdims=True)
    a = np.where(a_len > EPS, a / np.maximum(a_len, EPS), np.array([0.0, 1.0, 0.0]))
    p, p_len = _perpendicular(b, a)
    low, high = np.sin(np.radians(BLEND_DEGREES[0])), np.sin(np.radians(BLEND_DEGREES[1]))
    weight = _smoothstep((p_len - low) / (high - low))
    if b_fallback is not None:
        q, q_len = _perpendicular(np.broadcast_to(b_fallback, a.shape), a)
        usable = q_len > PARALLEL_EPS
        angle = np.arctan2(np.sum(a * np.cross(q, p), axis=-1), np.sum(q * p, axis=-1))
        angle = np.where(p_len > PARALLEL_EPS, angle, 0.0) * weight
        turned = np.cos(angle)[..., None] * q + np.sin(angle)[..., None] * np.cross(a, q)
        p = np.where((usable & (weight < 1.0))[..., None], turned, p)
        p_len = np.where(usable, 1.0, p_len)
    p = np.where((p_len > PARALLEL_EPS)[..., None], p, _any_perpendicular(a))
    return np.stack([a, p, np.cross(a, p)], axis=-1)
