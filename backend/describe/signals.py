"""Kinematic quantities of a clip, measured once and shared by every detector.

Conventions (``backend.motion.skeleton``): Y up, metres, the first frame
faces +Z with the character's left at +X. The *body frame* of frame t has
its axes (left, up, forward) from the heading of frame t, so "the left hand
is 30 cm above the shoulder and 20 cm in front of it" reads the same
whatever way the character faces. Side arrays are indexed ``[left, right]``
(``SIDES``). The heading (yaw) grows when the character turns to its left:
from +Z towards +X.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..motion.features import canonicalize
from ..motion.kinematics import UP, forward_direction
from ..motion.timebase import FPS
from ..motion.skeleton import Joint
from .runs import smooth

SIDES = ("left", "right")
# (left, right) joint pairs
WRIST = (Joint.LEFT_WRIST, Joint.RIGHT_WRIST)
ELBOW = (Joint.LEFT_ELBOW, Joint.RIGHT_ELBOW)
SHOULDER = (Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER)
HIP = (Joint.LEFT_HIP, Joint.RIGHT_HIP)
KNEE = (Joint.LEFT_KNEE, Joint.RIGHT_KNEE)
ANKLE = (Joint.LEFT_ANKLE, Joint.RIGHT_ANKLE)
TOE = (Joint.LEFT_FOOT, Joint.RIGHT_FOOT)

# Smoothing widths (Gaussian sigma, seconds).
HEADING_SIGMA = 0.1
# A walking stride lasts about 1 s; averaging the pelvis over a quarter of it
# removes the side-to-side sway of each step but keeps starts and stops.
GAIT_SIGMA = 0.25
JOINT_SIGMA = 0.05
# A foot is on the ground when its lowest joint is this close to the floor
# and it moves slower than this (horizontal m/s).
CONTACT_HEIGHT = 0.12
CONTACT_SPEED = 0.6
# A jump's flight lasts well under a second: the lowest foot within a second
# either side is on the ground.
GROUND_WINDOW = 1.0


@dataclass(frozen=True)
class Signals:
    """Per-frame kinematics of one clip of T frames (arrays are float64)."""

    fps: float
    positions: np.ndarray  # (T, 22, 3) canonical: floor at y = 0, frame 0 faces +Z
    forward: np.ndarray  # (T, 3) unit horizontal facing direction
    yaw: np.ndarray  # (T,) unwrapped heading in radians, + = turned to the left
    yaw_rate: np.ndarray  # (T,) rad/s
    velocity: np.ndarray  # (T, 2) pelvis velocity in the body frame (left, forward), m/s, gait-averaged
    world_velocity: np.ndarray  # (T, 2) pelvis velocity (x, z), m/s, gait-averaged
    speed: np.ndarray  # (T,) horizontal pelvis speed, m/s, gait-averaged
    pelvis_height: np.ndarray  # (T,) m above the floor
    vertical_speed: np.ndarray  # (T,) pelvis dy/dt, m/s
    head_height: np.ndarray  # (T,)
    foot_height: np.ndarray  # (T, 2) lowest of ankle and toe, per side, above the floor
    ground: np.ndarray  # (T,) the level the feet stand on: lowest foot within +-GROUND_WINDOW
    foot_lift: np.ndarray  # (T, 2) foot_height - ground
    stance_height: np.ndarray  # (T,) pelvis above the lower ankle, m (about the leg length standing)
    knee_height: np.ndarray  # (T, 2) knee above the ground, m
    contact: np.ndarray  # (T, 2) bool: foot planted
    ankle: np.ndarray  # (T, 2, 3) ankle minus pelvis, body frame (left, up, forward)
    ankle_velocity: np.ndarray  # (T, 2, 3) ankle velocity, body frame, m/s
    wrist: np.ndarray  # (T, 2, 3) wrist minus its shoulder, body frame
    wrist_lift: np.ndarray  # (T, 2) wrist minus shoulder along the trunk (pelvis -> neck), m: + = raised
    wrist_velocity: np.ndarray  # (T, 2, 3) wrist velocity relative to the pelvis, body frame, m/s
    wrist_height: np.ndarray  # (T, 2) m above the floor
    shoulder_height: np.ndarray  # (T, 2)
    elbow_angle: np.ndarray  # (T, 2) degrees, 180 = straight arm
    knee_angle: np.ndarray  # (T, 2) degrees, 180 = straight leg
    trunk: np.ndarray  # (T, 3) unit pelvis -> neck direction, body frame (left, up, forward)
    joint_speed: np.ndarray  # (T,) mean speed of all joints relative to the pelvis, m/s

    @property
    def frames(self) -> int:
        return len(self.yaw)

    @property
    def duration(self) -> float:
        return self.frames / self.fps

    def to_frames(self, seconds: float) -> int:
        """Seconds -> a whole number of frames (at least 1)."""
        return max(1, int(round(seconds * self.fps)))

    def to_seconds(self, frame: int) -> float:
        return frame / self.fps

    @property
    def trunk_pitch(self) -> np.ndarray:
        """(T,) forward tilt of the trunk from vertical, degrees (negative = leaning back)."""
        return np.degrees(np.arctan2(self.trunk[:, 2], self.trunk[:, 1]))

    @property
    def trunk_roll(self) -> np.ndarray:
        """(T,) sideways tilt of the trunk from vertical, degrees (+ = towards the left)."""
        return np.degrees(np.arctan2(self.trunk[:, 0], self.trunk[:, 1]))

    @property
    def trunk_tilt(self) -> np.ndarray:
        """(T,) angle of the trunk from vertical in any direction, degrees."""
        return np.degrees(np.arccos(np.clip(self.trunk[:, 1], -1.0, 1.0)))


def _angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """(..., 3) x3 -> (...) angle at b between b->a and b->c, degrees."""
    u, v = a - b, c - b
    cos = np.sum(u * v, axis=-1) / np.maximum(np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1), 1e-9)
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def _rate(x: np.ndarray, fps: float) -> np.ndarray:
    return np.gradient(x, axis=0) * fps if len(x) > 1 else np.zeros_like(x)


def measure(positions: np.ndarray, fps: float = FPS) -> Signals:
    """(T, 22, 3) joint positions (metres, Y up, T >= 2) -> ``Signals``."""
    p = canonicalize(np.asarray(positions, dtype=np.float64))
    p_smooth = smooth(p, JOINT_SIGMA * fps)

    forward = forward_direction(p_smooth)
    yaw = smooth(np.unwrap(np.arctan2(forward[:, 0], forward[:, 2])), HEADING_SIGMA * fps)
    forward = np.stack([np.sin(yaw), np.zeros_like(yaw), np.cos(yaw)], axis=-1)
    left = np.cross(UP, forward)
    # world -> body frame (left, up, forward)
    basis = np.stack([left, np.broadcast_to(UP, forward.shape), forward], axis=1)  # (T, 3, 3)

    def body(v: np.ndarray) -> np.ndarray:
        return np.einsum("tij,t...j->t...i", basis, v)

    root = smooth(p[:, 0], GAIT_SIGMA * fps)
    world_velocity = _rate(root, fps)
    velocity = body(world_velocity)[:, [0, 2]]
    pelvis = p_smooth[:, Joint.PELVIS]
    foot_height = np.minimum(p_smooth[:, list(ANKLE), 1], p_smooth[:, list(TOE), 1])
    lowest = foot_height.min(axis=1)
    reach = int(round(GROUND_WINDOW * fps))
    padded = np.pad(lowest, reach, mode="edge")
    ground = np.lib.stride_tricks.sliding_window_view(padded, 2 * reach + 1).min(axis=1)
    foot_speed = np.linalg.norm(_rate(p_smooth[:, list(ANKLE)], fps)[..., [0, 2]], axis=-1)
    relative = p_smooth - pelvis[:, None]
    relative_velocity = _rate(relative, fps)
    return Signals(
        fps=float(fps),
        positions=p,
        forward=forward,
        yaw=yaw,
        yaw_rate=_rate(yaw, fps),
        velocity=velocity,
        world_velocity=world_velocity[:, [0, 2]],
        speed=np.linalg.norm(world_velocity[:, [0, 2]], axis=-1),
        pelvis_height=pelvis[:, 1],
        vertical_speed=_rate(pelvis[:, 1], fps),
        head_height=p_smooth[:, Joint.HEAD, 1],
        foot_height=foot_height,
        ground=ground,
        foot_lift=foot_height - ground[:, None],
        stance_height=pelvis[:, 1] - p_smooth[:, list(ANKLE), 1].min(axis=1),
        knee_height=p_smooth[:, list(KNEE), 1] - ground[:, None],
        contact=(foot_height < CONTACT_HEIGHT) & (foot_speed < CONTACT_SPEED),
        ankle=body(relative[:, list(ANKLE)]),
        ankle_velocity=body(relative_velocity[:, list(ANKLE)]),
        wrist=body(p_smooth[:, list(WRIST)] - p_smooth[:, list(SHOULDER)]),
        wrist_lift=np.einsum("tsc,tc->ts", p_smooth[:, list(WRIST)] - p_smooth[:, list(SHOULDER)], _unit(p_smooth[:, Joint.NECK] - pelvis)),
        wrist_velocity=body(relative_velocity[:, list(WRIST)]),
        wrist_height=p_smooth[:, list(WRIST), 1],
        shoulder_height=p_smooth[:, list(SHOULDER), 1],
        elbow_angle=_angle(p_smooth[:, list(SHOULDER)], p_smooth[:, list(ELBOW)], p_smooth[:, list(WRIST)]),
        knee_angle=_angle(p_smooth[:, list(HIP)], p_smooth[:, list(KNEE)], p_smooth[:, list(ANKLE)]),
        trunk=body(_unit(p_smooth[:, Joint.NECK] - pelvis)),
        joint_speed=np.linalg.norm(relative_velocity, axis=-1).mean(axis=1),
    )


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-9)
