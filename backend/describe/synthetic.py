"""Procedural clips with known content, for testing the describer.

``assemble`` builds (T, 22, 3) canonical joint positions (Y up, facing +Z at
yaw 0, left at +X) from a few per-frame controls: the pelvis path, the
heading, trunk pitch and roll, each arm's elevation, azimuth and elbow bend,
and the world positions of the ankles (the knees are placed by two-bone
inverse kinematics). ``gait_ankles`` plants and swings the feet along a
pelvis path, with a flight phase when ``duty`` < 0.5 (running).
Angles are in degrees, lengths in metres, time in frames at ``FPS``.
"""

from __future__ import annotations

import numpy as np

from ..motion.skeleton import BONE_LENGTHS, NUM_JOINTS, Joint

from ..motion.timebase import FPS
ANKLE_HEIGHT = 0.08  # m: the ankle of a planted foot
HIP_WIDTH = BONE_LENGTHS[Joint.LEFT_HIP]
THIGH, SHIN = BONE_LENGTHS[Joint.LEFT_KNEE], BONE_LENGTHS[Joint.LEFT_ANKLE]
STAND_PELVIS = ANKLE_HEIGHT + THIGH + SHIN - 0.01  # a nearly straight leg


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-9)


def _rotate_y(v: np.ndarray, yaw: np.ndarray) -> np.ndarray:
    """(T, ..., 3) body-frame vectors -> world, turned by ``yaw`` (T,) radians (+ = to the left)."""
    c, s = np.cos(yaw), np.sin(yaw)
    shape = (len(yaw),) + (1,) * (v.ndim - 2)
    c, s = c.reshape(shape), s.reshape(shape)
    x, y, z = v[..., 0], v[..., 1], v[..., 2]
    return np.stack([c * x + s * z, y, -s * x + c * z], axis=-1)


def _tilt(v: np.ndarray, pitch: np.ndarray, roll: np.ndarray) -> np.ndarray:
    """Tilt body-frame vectors (T, ..., 3) forward by ``pitch`` and to the left by ``roll`` (T,) degrees."""
    shape = (len(pitch),) + (1,) * (v.ndim - 2)
    p, r = np.radians(pitch).reshape(shape), np.radians(roll).reshape(shape)
    x, y, z = v[..., 0], v[..., 1], v[..., 2]
    y1, z1 = np.cos(p) * y - np.sin(p) * z, np.sin(p) * y + np.cos(p) * z
    x2, y2 = np.cos(r) * x + np.sin(r) * y1, -np.sin(r) * x + np.cos(r) * y1
    return np.stack([x2, y2, z1], axis=-1)


def _knee(hip: np.ndarray, ankle: np.ndarray, forward: np.ndarray) -> np.ndarray:
    """(T, 3) knee bending towards ``forward`` (T, 3), thigh and shin lengths kept where reachable."""
    d = np.linalg.norm(ankle - hip, axis=-1, keepdims=True)
    u = (ankle - hip) / np.maximum(d, 1e-9)
    d = np.clip(d, 0.05, THIGH + SHIN - 1e-4)
    along = (THIGH**2 - SHIN**2 + d**2) / (2 * d)
    out = np.sqrt(np.maximum(THIGH**2 - along**2, 0.0))
    w = _unit(forward - np.sum(forward * u, axis=-1, keepdims=True) * u)
    return hip + along * u + out * w


def assemble(
    root: np.ndarray,
    yaw: np.ndarray | None = None,
    *,
    pitch: np.ndarray | None = None,
    roll: np.ndarray | None = None,
    elevation: np.ndarray | None = None,
    azimuth: np.ndarray | None = None,
    elbow: np.ndarray | None = None,
    ankles: np.ndarray | None = None,
) -> np.ndarray:
    """Controls -> (T, 22, 3) joint positions.

    root: (T, 3) pelvis positions; yaw: (T,) heading, radians; pitch, roll:
    (T,) trunk tilt forward / to the left, degrees; elevation: (T, 2) arm
    angle from hanging down [left, right] (90 horizontal, 180 straight up);
    azimuth: (T, 2) plane of the raise, 0 forward, 90 out to the side;
    elbow: (T, 2) forearm bend, degrees; ankles: (T, 2, 3) world ankles
    [left, right] (default: planted under the hips).
    """
    root = np.asarray(root, dtype=np.float64)
    frames = len(root)
    zeros = np.zeros(frames)
    yaw = zeros if yaw is None else np.asarray(yaw, dtype=np.float64)
    pitch = zeros if pitch is None else np.asarray(pitch, dtype=np.float64)
    roll = zeros if roll is None else np.asarray(roll, dtype=np.float64)
    elevation = np.zeros((frames, 2)) if elevation is None else np.asarray(elevation, dtype=np.float64)
    azimuth = np.zeros((frames, 2)) if azimuth is None else np.asarray(azimuth, dtype=np.float64)
    elbow = np.zeros((frames, 2)) if elbow is None else np.asarray(elbow, dtype=np.float64)

    body = np.zeros((frames, NUM_JOINTS, 3))  # body frame, relative to the pelvis, before the trunk tilt
    up = np.array([0.0, 1.0, 0.0])
    heights = {Joint.SPINE1: 0.155, Joint.SPINE2: 0.26, Joint.SPINE3: 0.31, Joint.NECK: 0.46, Joint.HEAD: 0.59}
    for joint, height in heights.items():
        body[:, joint] = up * height
    for side, (collar, shoulder, elbow_joint, wrist) in enumerate(
        ((Joint.LEFT_COLLAR, Joint.LEFT_SHOULDER, Joint.LEFT_ELBOW, Joint.LEFT_WRIST),
         (Joint.RIGHT_COLLAR, Joint.RIGHT_SHOULDER, Joint.RIGHT_ELBOW, Joint.RIGHT_WRIST))
    ):  # fmt: skip
        out = 1.0 if side == 0 else -1.0
        body[:, collar] = body[:, Joint.SPINE3] + np.array([out * 0.12, 0.03, 0.0])
        body[:, shoulder] = body[:, collar] + np.array([out * 0.03, -0.06, 0.0])
        e, a = np.radians(elevation[:, side]), np.radians(azimuth[:, side])
        arm = np.stack([out * np.sin(e) * np.sin(a), -np.cos(e), np.sin(e) * np.cos(a)], axis=-1)
        forearm_e = np.radians(elevation[:, side] + elbow[:, side])
        forearm = np.stack([out * np.sin(forearm_e) * np.sin(a), -np.cos(forearm_e), np.sin(forearm_e) * np.cos(a)], axis=-1)
        body[:, elbow_joint] = body[:, shoulder] + BONE_LENGTHS[elbow_joint] * arm
        body[:, wrist] = body[:, elbow_joint] + BONE_LENGTHS[wrist] * forearm
    upper = [Joint.SPINE1, Joint.SPINE2, Joint.SPINE3, Joint.NECK, Joint.HEAD] + [
        j for j in range(NUM_JOINTS) if j >= Joint.LEFT_COLLAR
    ]
    body[:, upper] = _tilt(body[:, upper], pitch, roll)
    body[:, Joint.LEFT_HIP] = [HIP_WIDTH, 0.0, 0.0]
    body[:, Joint.RIGHT_HIP] = [-HIP_WIDTH, 0.0, 0.0]

    positions = _rotate_y(body, yaw) + root[:, None]
    forward = _rotate_y(np.tile([0.0, 0.0, 1.0], (frames, 1))[:, None], yaw)[:, 0]
    if ankles is None:
        hips = positions[:, [Joint.LEFT_HIP, Joint.RIGHT_HIP]].copy()
        hips[..., 1] = ANKLE_HEIGHT
        ankles = hips
    for side, (hip, knee, ankle, toe) in enumerate(
        ((Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE, Joint.LEFT_FOOT),
         (Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE, Joint.RIGHT_FOOT))
    ):  # fmt: skip
        positions[:, ankle] = ankles[:, side]
        positions[:, knee] = _knee(positions[:, hip], ankles[:, side], forward)
        positions[:, toe] = ankles[:, side] + BONE_LENGTHS[toe] * forward - np.array([0.0, 0.05, 0.0])
    return positions


def gait_ankles(root: np.ndarray, yaw: np.ndarray, *, stride: float = 1.0, duty: float = 0.6, lift: float = 0.12) -> np.ndarray:
    """(T, 2, 3) ankles that plant and swing along the pelvis path ``root`` (T, 3).

    ``stride``: seconds per stride (two steps); ``duty``: share of the stride
    a foot is planted (> 0.5 walking, < 0.5 running, which flies).
    """
    frames = len(root)
    t = np.arange(frames) / FPS
    left = np.stack([np.cos(yaw), np.zeros(frames), -np.sin(yaw)], axis=-1)
    ankles = np.zeros((frames, 2, 3))
    for side, offset in ((0, 0.0), (1, 0.5)):
        sign = 1.0 if side == 0 else -1.0
        phase = t / stride + offset
        cycle = np.floor(phase)
        within = phase - cycle

        def footfall(k: np.ndarray) -> np.ndarray:
            when = np.clip(((k + duty / 2 - offset) * stride * FPS).astype(int), 0, frames - 1)
            spot = root[when] + sign * HIP_WIDTH * left[when]
            spot[:, 1] = ANKLE_HEIGHT
            return spot

        here, following = footfall(cycle), footfall(cycle + 1)
        swing = np.clip((within - duty) / (1 - duty), 0, 1)[:, None]
        ankles[:, side] = here + (following - here) * swing
        ankles[:, side, 1] += lift * np.sin(np.pi * swing[:, 0])
    return ankles


def frames_of(seconds: float) -> int:
    return int(round(seconds * FPS))


def standing(seconds: float) -> dict:
    """Controls of a character standing still for ``seconds``: ``assemble(**standing(3))``."""
    frames = frames_of(seconds)
    root = np.tile([0.0, STAND_PELVIS, 0.0], (frames, 1))
    return {"root": root}


def walking(seconds: float, *, speed: float = 1.2, turn: float = 0.0, turn_from: float = 0.4, turn_to: float = 0.6,
            backward: bool = False, sideways: float = 0.0, run: bool = False) -> dict:
    """Controls of travelling at ``speed`` m/s, turning by ``turn`` degrees (+ = left) between the
    fractions ``turn_from`` and ``turn_to`` of the clip; ``sideways`` is the travel angle off the
    heading (degrees, + = left); ``run`` gives a flight phase."""
    frames = frames_of(seconds)
    share = np.clip((np.arange(frames) / max(frames - 1, 1) - turn_from) / max(turn_to - turn_from, 1e-9), 0, 1)
    yaw = np.radians(turn) * (3 * share**2 - 2 * share**3)
    travel = yaw + np.radians(180.0 if backward else sideways)
    step = speed / FPS * np.stack([np.sin(travel), np.zeros(frames), np.cos(travel)], axis=-1)
    pelvis = STAND_PELVIS - (0.1 if run else 0.04)
    root = np.cumsum(step, axis=0) + np.array([0.0, pelvis, 0.0])
    stride = 0.7 if run else 1.0
    ankles = gait_ankles(root, yaw, stride=stride, duty=0.35 if run else 0.62, lift=0.25 if run else 0.1)
    if run:
        bounce = 0.04 * np.abs(np.sin(np.pi * np.arange(frames) / (stride * FPS / 2)))
        root = root + bounce[:, None] * np.array([0.0, 1.0, 0.0])
    return {"root": root, "yaw": yaw, "ankles": ankles}


def bump(frames: int, start: float, end: float, ramp: float = 0.3) -> np.ndarray:
    """(frames,) 0 -> 1 -> 0: up between seconds ``start`` and ``end`` with ``ramp``-second smooth edges."""
    t = np.arange(frames) / FPS
    rise = np.clip((t - start) / ramp, 0, 1)
    fall = np.clip((end - t) / ramp, 0, 1)
    x = np.minimum(rise, fall)
    return 3 * x**2 - 2 * x**3
