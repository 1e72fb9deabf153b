"""Foot locking: pin feet that are in contact, with a two-bone leg IK.

Contacts come from the source motion (``motion.features.foot_contacts``: a
foot joint moving less than ~4.5 cm per 20 fps frame) for the ankle and the
ball of each foot; a flag is about a step (frame t to t + 1), so both frames
count (``held``). Every run of contact frames is locked at the mean floor
position of that point over the run -- cut into pieces where the point
drifts more than ``LOCK_RADIUS`` (that threshold also flags slow shuffles
and pivots), the lock gliding from piece to piece; the lock fades in and out
over ``blend_seconds`` around the run (smoothstep), moving with the point
outside the run, so there are no pops.

Locks are horizontal: sliding is what they remove. Heights stay where
grounding (``floor.ground``) put them, so a lock never pulls a rising heel
or a pitching foot into the floor -- except that a locked foot hovering just
above its floor (up to ``SETTLE_HEIGHT``, fading out by twice that) is put
down on it (``settle``), as far as the knee allows (``reachable_drop``).

Per frame and leg (``fit_foot``), the foot turns about the vertical through
the ankle (at most ``MAX_FOOT_TURN_DEGREES``) and moves so the locked points
land on their locks: the locked ankle when only the heel is down, else the
locked ball -- the foot pivots about it as the heel rises, the ankle going
where the source's foot pitch puts it (pinning both would mean re-pitching
the foot, which bent feet by up to 90 degrees and pushed toes into the
floor). A lock moves an ankle by at most ``LOCK_REACH`` of the lock radius
(less on a bent leg), so it never bends a leg far from the source's. The leg
IK (``ik.two_bone_ik``) reaches the ankle target keeping the knee hinge; the
foot keeps its world orientation apart from that turn, so its pitch never
changes.
"""

from __future__ import annotations

import numpy as np

from .binding import Binding
from .floor import sole_clearance
from .ik import rotation_about, two_bone_ik
from .slots import SIDE_JOINTS, SIDES

# Widest a single lock may be (canonical metres): a foot that drifts further
# while flagged in contact is locked again where it has got to.
LOCK_RADIUS = 0.15
# Largest turn about the vertical that locking gives a foot whose ankle and
# ball locks disagree (a pivot on the ball or the heel).
MAX_FOOT_TURN_DEGREES = 5.0
# Farthest a lock moves an ankle along the floor: this fraction of the lock
# radius for a straight leg, less as the leg bends (in proportion to the
# hip-to-ankle distance), so a lock turns a leg by ~6 degrees at most
# (an infinite radius pins whatever it takes).
LOCK_REACH = 0.6
# Most settling a foot onto the floor bends or unbends a knee.
MAX_KNEE_CHANGE_DEGREES = 8.0
# A locked foot hovering up to this far (canonical metres) above its floor is
# put down on it, fading out by twice that: mocap floors are not level to the
# centimetre (a CMU walk's second step lands 2.5 cm above its first), the
# data's standing heights differ by source (ankle ~5.4 cm in CMU, ~7.1 in
# Bandai), and in double support the pelvis height can put only one foot down.
SETTLE_HEIGHT = 0.02


def _flat(points: np.ndarray, up: np.ndarray) -> np.ndarray:
    """(T, 3) points -> their projections on the floor plane through the origin."""
    return points - (points @ up)[:, None] * up


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
    between two pieces of one run the lock glides over ``blend_frames``.
    Outside a run the lock moves with the point, keeping the offset it had at
    the run's first or last frame: a foot arriving or leaving fast is pulled
    by no more than the lock moved it at the run's edge, not towards a place
    it left long ago."""
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
        edge = np.where(t < start, start, end)
        run_target = np.where((gap > 0)[:, None], points + run_target[edge] - points[edge], run_target)
        closer = gap < distance
        fade = np.clip(1.0 - gap / (blend_frames + 1.0), 0.0, 1.0)
        weight = fade * fade * (3.0 - 2.0 * fade)
        take = closer & (weight > 0)
        targets[take] = run_target[take]
        weights[take] = weight[take]
        distance[closer] = gap[closer]
    return targets, weights


def fit_foot(
    ankle: np.ndarray, ball: np.ndarray, ankle_lock: np.ndarray, ball_lock: np.ndarray,
    w_ankle: np.ndarray, w_ball: np.ndarray, up: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Where the ankle goes and how far the foot turns about the vertical so
    ankle and ball land on their (horizontal) locks: (T, 3) ankle and ball,
    (T, 3) locks on the floor plane, (T,) lock weights, the rig's up (3,) ->
    ankle target (T, 3) (same height) and turn (T,) in radians.

    The turn is the angle between the foot and the line from ankle lock to
    ball lock (at most ``MAX_FOOT_TURN_DEGREES``, only while both are
    locked); then the ball's lock wins: the foot moves so the (turned) ball
    lands on it, and the ankle's lock only holds what the ball's leaves (a
    heel strike). A heel rising while still slow enough to count as contact
    so never drags the ball along."""
    foot, floor_ankle = _flat(ball - ankle, up), _flat(ankle, up)
    span = ball_lock - ankle_lock
    angle = np.arctan2(np.cross(foot, span) @ up, np.sum(foot * span, axis=-1))
    limit = np.radians(MAX_FOOT_TURN_DEGREES)
    angle = np.clip(angle, -limit, limit) * np.minimum(w_ankle, w_ball)
    turned = np.einsum("tab,tb->ta", rotation_about(np.broadcast_to(up, foot.shape), angle), foot)
    by_ball = ball_lock - floor_ankle - turned
    by_ankle = ankle_lock - floor_ankle
    return ankle + w_ball[:, None] * by_ball + ((1.0 - w_ball) * w_ankle)[:, None] * by_ankle, angle


def settle(clearance: np.ndarray, tolerance: float) -> np.ndarray:
    """(T,) height of a foot's lowest sole point above its floor -> how far
    to lower it: all of it up to ``tolerance``, then less and less, none
    from twice that (what is left, ``c * smoothstep((c - tol) / tol)``,
    grows with ``c``); never below the floor."""
    clearance = np.maximum(np.asarray(clearance, dtype=np.float64), 0.0)
    tolerance = max(tolerance, 1e-12)
    x = np.clip(clearance / tolerance - 1.0, 0.0, 1.0)
    return clearance * (1.0 - x * x * (3.0 - 2.0 * x))


def reachable_drop(
    hip: np.ndarray, ankle: np.ndarray, thigh: np.ndarray, shin: np.ndarray, up: np.ndarray, bend: float
) -> np.ndarray:
    """(T,) how far an ankle (T, 3) can go down (along ``up``) with the knee
    unbending by at most ``bend`` radians; ``thigh`` and ``shin`` (T,) are
    the bone lengths (near a straight knee a centimetre of reach costs many
    degrees of bend)."""
    l1, l2 = thigh, shin
    leg = ankle - hip
    reach = np.linalg.norm(leg, axis=-1)
    cos_now = np.clip((reach**2 - l1**2 - l2**2) / np.maximum(2.0 * l1 * l2, 1e-12), -1.0, 1.0)
    straighter = np.maximum(np.arccos(cos_now) - bend, 0.0)
    longest = np.sqrt(l1**2 + l2**2 + 2.0 * l1 * l2 * np.cos(straighter))
    below = leg @ up
    return np.maximum(below + np.sqrt(np.maximum(below**2 + longest**2 - reach**2, 0.0)), 0.0)


def held(flags: np.ndarray) -> np.ndarray:
    """(T,) contact flags of steps (flag t: the point barely moves from frame t
    to t + 1) -> (T,) flags of the frames those steps join."""
    flags = np.asarray(flags, dtype=bool)
    return flags | np.concatenate([[False], flags[:-1]])


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
    up = binding.up
    clearance = sole_clearance(binding, rotations, heads).reshape(-1, 2, 2).min(axis=-1)

    for s, side in enumerate(SIDES):
        j = SIDE_JOINTS[side]
        hip, knee, ankle, ball = (joints[:, j[k]] for k in ("hip", "knee", "ankle", "ball"))
        ankle_lock, w_ankle = lock_targets(_flat(ankle, up), held(contacts[:, s, 0]), blend, radius * scale)
        ball_lock, w_ball = lock_targets(_flat(ball, up), held(contacts[:, s, 1]), blend, radius * scale)
        active = (w_ankle > 0) | (w_ball > 0)
        if not np.any(active):
            continue
        target, angle = fit_foot(ankle, ball, ankle_lock, ball_lock, w_ankle, w_ball, up)
        shift = target - ankle
        most = LOCK_REACH * radius * scale * np.linalg.norm(ankle - hip, axis=-1) / binding.leg_length
        shift = shift * np.minimum(1.0, most / np.maximum(np.linalg.norm(shift, axis=-1), 1e-12))[:, None]
        drop = np.maximum(w_ankle, w_ball) * settle(clearance[:, s], SETTLE_HEIGHT * scale)
        lengths = np.linalg.norm(knee - hip, axis=-1), np.linalg.norm(ankle - knee, axis=-1)
        drop = np.minimum(drop, reachable_drop(hip, ankle + shift, *lengths, up, np.radians(MAX_KNEE_CHANGE_DEGREES)))
        thigh, shin, foot = f"{side}_thigh", f"{side}_shin", f"{side}_foot"
        hinge = segments[thigh] @ binding.rest_frames[thigh][:, 1]
        upper, lower = two_bone_ik(hip, knee, ankle, ankle + shift - drop[:, None] * up, hinge)
        new_thigh = upper @ segments[thigh]
        new_shin = lower @ segments[shin]
        turn = rotation_about(np.broadcast_to(up, ankle.shape), angle)
        new_foot = turn @ segments[foot]
        keep = ~active
        new_thigh[keep] = segments[thigh][keep]
        new_shin[keep] = segments[shin][keep]
        new_foot[keep] = segments[foot][keep]
        segments[thigh], segments[shin], segments[foot] = new_thigh, new_shin, new_foot
    return segments
