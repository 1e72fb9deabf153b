"""Foot locking: pin feet that are in contact, with a two-bone leg IK.

Contacts come from the source motion (``motion.features.foot_contacts``: a
foot joint moving less than ~4.5 cm per 20 fps frame) for the ankle and the
ball of each foot. Every run of contact frames is locked at the mean position
of that point over the run -- cut into pieces where the point drifts more
than ``LOCK_RADIUS`` (that threshold also flags slow shuffles and pivots),
the lock gliding from piece to piece; the lock fades in and out over
``blend_seconds`` around the run (smoothstep), so there are no pops.

Per frame and leg, the ankle target is the locked ankle; when only the ball
is locked (heel off the ground) the whole foot is moved so the ball stays put.
The leg IK (``ik.two_bone_ik``) reaches the ankle target keeping the knee
hinge; the foot keeps its world orientation, then turns about the ankle so a
locked ball lands on its lock.
"""

from __future__ import annotations

import numpy as np

from ..motion import quaternion as Q
from .binding import Binding
from .ik import two_bone_ik
from .slots import SIDE_JOINTS, SIDES

# Widest a single lock may be (canonical metres): a foot that drifts further
# while flagged in contact is locked again where it has got to.
LOCK_RADIUS = 0.15


def contact_runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(T,) booleans -> [(start, end_inclusive), ...] of True runs."""
    flags = np.asarray(flags, dtype=bool)
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1) - 1
    return list(zip(starts.tolist(), ends.tolist()))


def lock_segments(points: np.ndarray, start: int, end: int, radius: float) -> list[tuple[int, int]]:
    """Split the contact run [start, end] where the point strays more than
    ``radius`` from where its current piece began (slow shuffles and pivots
    under the velocity threshold become several short locks)."""
    pieces, first = [], start
    for t in range(start + 1, end + 1):
        if np.linalg.norm(points[t] - points[first]) > radius:
            pieces.append((first, t - 1))
            first = t
    pieces.append((first, end))
    return pieces


def lock_targets(
    points: np.ndarray, flags: np.ndarray, blend_frames: int, radius: float = np.inf
) -> tuple[np.ndarray, np.ndarray]:
    """(T, 3) positions and (T,) contact flags -> lock positions (T, 3) and
    weights (T,) in [0, 1]. Each contact run is cut into pieces no wider
    than ``radius`` (``lock_segments``); a piece locks at its mean position.
    Weights are 1 inside runs and fade to 0 ``blend_frames`` away from them;
    between two pieces of one run the lock glides over ``blend_frames``."""
    frames = len(points)
    targets = np.array(points, dtype=np.float64, copy=True)
    weights = np.zeros(frames)
    distance = np.full(frames, np.inf)
    t = np.arange(frames)
    for start, end in contact_runs(flags):
        pieces = lock_segments(points, start, end, radius)
        locks = np.array([points[a:b + 1].mean(axis=0) for a, b in pieces])
        run_target = np.repeat(locks[:1], frames, axis=0)
        for k in range(1, len(pieces)):
            boundary = pieces[k][0] - 0.5
            ramp = np.clip((t - boundary) / (2.0 * max(blend_frames, 1)) + 0.5, 0.0, 1.0)
            ramp = ramp * ramp * (3.0 - 2.0 * ramp)
            run_target = run_target + ramp[:, None] * (locks[k] - locks[k - 1])
        gap = np.maximum(np.maximum(start - t, t - end), 0)
        closer = gap < distance
        fade = np.clip(1.0 - gap / (blend_frames + 1.0), 0.0, 1.0)
        weight = fade * fade * (3.0 - 2.0 * fade)
        take = closer & (weight > 0)
        targets[take] = run_target[take]
        weights[take] = weight[take]
        distance[closer] = gap[closer]
    return targets, weights


def lock_feet(
    binding: Binding,
    segments: dict[str, np.ndarray],
    displacement: np.ndarray,
    contacts: np.ndarray,
    *,
    fps: float,
    scale: float,
    blend_seconds: float = 0.1,
    radius: float = LOCK_RADIUS,
) -> dict[str, np.ndarray]:
    """Segment rotations {name: (T, 3, 3)}, the translation bone's (T, 3)
    displacement and contacts (T, 2, 2) (side: left/right, point: ankle/ball)
    -> new segment rotations with the legs solved so locked feet stay put.
    ``scale``: rig units per canonical metre (for ``radius``, metres)."""
    segments = dict(segments)
    rotations = binding.bone_rotations(segments)
    heads = binding.bone_heads(rotations, displacement)
    joints = binding.joint_positions(rotations, heads)
    blend = max(int(round(blend_seconds * fps)), 0)
    for s, side in enumerate(SIDES):
        j = SIDE_JOINTS[side]
        hip, knee, ankle, ball = (joints[:, j[k]] for k in ("hip", "knee", "ankle", "ball"))
        ankle_lock, w_ankle = lock_targets(ankle, contacts[:, s, 0], blend, radius * scale)
        ball_lock, w_ball = lock_targets(ball, contacts[:, s, 1], blend, radius * scale)
        active = (w_ankle > 0) | (w_ball > 0)
        if not np.any(active):
            continue
        target = ankle + w_ankle[:, None] * (ankle_lock - ankle) + ((1.0 - w_ankle) * w_ball)[:, None] * (ball_lock - ball)
        thigh, shin, foot = f"{side}_thigh", f"{side}_shin", f"{side}_foot"
        hinge = segments[thigh] @ binding.rest_frames[thigh][:, 1]
        upper, lower = two_bone_ik(hip, knee, ankle, target, hinge)
        new_thigh = upper @ segments[thigh]
        new_shin = lower @ segments[shin]
        new_ankle = hip + np.einsum("tab,b->ta", new_thigh, binding.joints[j["knee"]] - binding.joints[j["hip"]])
        new_ankle = new_ankle + np.einsum("tab,b->ta", new_shin, binding.joints[j["ankle"]] - binding.joints[j["knee"]])
        foot_vector = ball - ankle
        ball_goal = new_ankle + foot_vector + w_ball[:, None] * (ball_lock - (new_ankle + foot_vector))
        turn = Q.to_matrix(Q.qbetween(foot_vector, ball_goal - new_ankle))
        new_foot = turn @ segments[foot]
        keep = ~active
        new_thigh[keep] = segments[thigh][keep]
        new_shin[keep] = segments[shin][keep]
        new_foot[keep] = segments[foot][keep]
        segments[thigh], segments[shin], segments[foot] = new_thigh, new_shin, new_foot
    return segments
