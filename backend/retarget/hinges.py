"""Hinge axes of elbows and knees: what fixes the twist of arms and legs.

A limb's upper and lower bones share one hinge axis, so the rig's elbow or
knee bends about its own hinge. Per frame the axis is

* the bend normal (upper x lower) once the joint bends enough
  (``ELBOW_BLEND_DEGREES``/``KNEE_BLEND_DEGREES``, second value); a knee's is
  negated if a slight over-straightening points it against the foot's;
* for a straight leg, the foot x shin normal (the way the foot points sets
  the leg's twist);
* otherwise the axis the limb had in the previous frame, carried along by the
  parent's motion and the limb's shortest swing -- a straight limb keeps its
  twist -- (first frame: the rest hinge carried the same way from the rest
  pose);

with smooth blends between (``blend_hinge``), turning about the bone, never
flipping through zero. Rest poses use ``rest_hinge``: a rest limb bent in
its rig defines its own axis, a straight one the convention that elbows flex
forwards and knees backwards.
"""

from __future__ import annotations

import numpy as np

from ..motion import quaternion as Q
from .frames import unit
from .slots import SIDE_JOINTS

ELBOW_BLEND_DEGREES = (10.0, 25.0)
KNEE_BLEND_DEGREES = (5.0, 20.0)
# A rest limb bent at least this much defines its own hinge.
REST_BEND_DEGREES = 2.0


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def blend_hinge(
    normal: np.ndarray, fallback: np.ndarray, axis: np.ndarray, *, degrees: tuple[float, float], align: bool = False
) -> np.ndarray:
    """Hinge axis (unit, normal to ``axis``) from a raw bend normal (length =
    sine of the bend) and a fallback axis: the fallback while the bend is
    under ``degrees[0]``, the bend normal from ``degrees[1]`` on, and in
    between the fallback turned about ``axis`` towards the normal. With
    ``align`` a normal pointing against the fallback below ``degrees[1]`` is
    negated: a joint bent slightly backwards bends about the same axis."""
    normal = np.asarray(normal, dtype=np.float64)
    axis = unit(np.broadcast_to(axis, normal.shape))
    low, high = np.sin(np.radians(degrees[0])), np.sin(np.radians(degrees[1]))
    size = np.linalg.norm(normal, axis=-1)
    weight = _smoothstep((size - low) / (high - low))
    n = unit(normal - np.sum(normal * axis, axis=-1, keepdims=True) * axis)
    fallback = np.broadcast_to(fallback, normal.shape)
    f = unit(fallback - np.sum(fallback * axis, axis=-1, keepdims=True) * axis)
    if align:
        n = np.where(((np.sum(n * f, axis=-1) < 0.0) & (size < high))[..., None], -n, n)
    f = np.where((np.linalg.norm(f, axis=-1) > 0.5)[..., None], f, n)
    angle = np.arctan2(np.sum(axis * np.cross(f, n), axis=-1), np.sum(f * n, axis=-1))
    angle = np.where(np.linalg.norm(n, axis=-1) > 0.5, angle, 0.0) * weight
    return np.cos(angle)[..., None] * f + np.sin(angle)[..., None] * np.cross(axis, f)


def rest_hinge(normal: np.ndarray, convention: np.ndarray) -> np.ndarray:
    """Hinge axis of a rest pose: the limb's own bend normal when the rest
    limb is bent (at least ``REST_BEND_DEGREES``, within 60 degrees of the
    conventional axis), so the rig's built-in bend is a rotation about its
    hinge; else the convention."""
    convention = unit(convention)
    if np.linalg.norm(normal) < np.sin(np.radians(REST_BEND_DEGREES)):
        return convention
    direction = unit(normal)
    if direction @ convention < 0.0:
        direction = -direction
    return direction if direction @ convention > 0.5 else convention


def limb_directions(joints: np.ndarray, side: str, names: tuple[str, ...]) -> list[np.ndarray]:
    """Unit directions of consecutive limb segments (``names`` are roles in
    ``SIDE_JOINTS``), (..., 3) each."""
    j = SIDE_JOINTS[side]
    return [unit(joints[..., j[b], :] - joints[..., j[a], :]) for a, b in zip(names[:-1], names[1:])]


def _track(rule, axis: np.ndarray, parent: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Per-frame hinges ``rule(t, fallback)`` where each frame's fallback is
    the previous hinge carried by the parent's rotation and the shortest
    swing of the limb (``start`` for frame 0). Frames whose rule ignores the
    fallback are computed at once; the loop only runs over the others."""
    frames = axis.shape[0]
    out = rule(slice(None), start)
    carry = np.einsum("tab,tcb->tac", parent[1:], parent[:-1])
    carried_axis = np.einsum("tab,tb->ta", carry, axis[:-1])
    swing = Q.to_matrix(Q.qbetween(carried_axis, axis[1:])) @ carry
    free = np.ones(frames, dtype=bool)
    probe = rule(slice(None), -start)
    free &= np.all(np.abs(probe - out) < 1e-12, axis=-1)
    for t in np.flatnonzero(~free):
        if t == 0:
            continue
        out[t] = rule(slice(t, t + 1), (swing[t - 1] @ out[t - 1])[None])[0]
    return out


def arm_hinges(joints: np.ndarray, side: str, parent: np.ndarray, start: np.ndarray) -> np.ndarray:
    """(T, 22, 3) joints in rig axes, the arm's parent rotation (T, 3, 3) and
    the frame-0 fallback (T, 3) -> elbow hinge axes (T, 3)."""
    upper, fore = limb_directions(joints, side, ("shoulder", "elbow", "wrist"))
    normal = np.cross(upper, fore)

    def rule(t, fallback):
        return blend_hinge(normal[t], fallback, upper[t], degrees=ELBOW_BLEND_DEGREES)

    return _track(rule, upper, parent, start)


def leg_hinges(joints: np.ndarray, side: str, parent: np.ndarray, start: np.ndarray) -> np.ndarray:
    """(T, 22, 3) joints in rig axes, the leg's parent rotation (T, 3, 3) and
    the frame-0 fallback (T, 3) -> knee hinge axes (T, 3)."""
    thigh, shin, foot = limb_directions(joints, side, ("hip", "knee", "ankle", "ball"))
    knee, ankle = np.cross(thigh, shin), np.cross(foot, shin)

    def rule(t, fallback):
        foot_level = blend_hinge(ankle[t], fallback, shin[t], degrees=KNEE_BLEND_DEGREES)
        return blend_hinge(knee[t], foot_level, thigh[t], degrees=KNEE_BLEND_DEGREES, align=True)

    return _track(rule, thigh, parent, start)
