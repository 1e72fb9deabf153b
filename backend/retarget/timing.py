"""Frame-rate conversion between the generators' 20 fps and a scene's rate
(24, 25, 30, 50, 60, 29.97 …), rotations by slerp, translations linearly.

Frame ``j`` at the new rate samples time ``j / fps`` seconds; the clip keeps
its duration (the last frame is the last one inside it). ``motion.resample``
holds the interpolation itself.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..motion import quaternion as Q
from ..motion.resample import interpolate_positions, interpolate_rotations, sample_times
from .animation import RigAnimation

from ..motion.timebase import FPS

GENERATOR_FPS = float(FPS)


def scene_fps(fps: int, fps_base: float = 1.0) -> float:
    """Blender's effective scene rate (``render.fps / render.fps_base``):
    ``scene_fps(30, 1.001)`` is 29.97."""
    if fps <= 0 or fps_base <= 0:
        raise ValueError(f"invalid scene rate {fps}/{fps_base}")
    return float(fps) / float(fps_base)


def nearest_flags(flags: np.ndarray, times: np.ndarray) -> np.ndarray:
    """(T, ...) boolean flags at fractional frame indices (nearest frame)."""
    index = np.clip(np.rint(times).astype(np.int64), 0, len(flags) - 1)
    return np.asarray(flags)[index]


def resample_rotation_matrices(matrices: np.ndarray, times: np.ndarray) -> np.ndarray:
    """(T, ..., 3, 3) rotations at fractional frame indices (slerp)."""
    quats = Q.continuous(Q.from_matrix(matrices), axis=0)
    return Q.to_matrix(interpolate_rotations(quats, times))


def resample_animation(animation: RigAnimation, fps: float) -> RigAnimation:
    """The same animation at another frame rate."""
    if abs(fps - animation.fps) < 1e-9:
        return animation
    times = sample_times(animation.frames, animation.fps, fps)
    rotations = Q.continuous(interpolate_rotations(animation.rotations, times), axis=0)
    return replace(
        animation,
        rotations=rotations,
        location=interpolate_positions(animation.location, times),
        fps=float(fps),
        contacts=nearest_flags(animation.contacts, times),
    )


def resample_pose(pose: np.ndarray, src_fps: float, dst_fps: float) -> np.ndarray:
    """(T, B, 4, 4) rigid transforms (pose matrices) -> (T', B, 4, 4): rotation
    by slerp, translation linearly."""
    pose = np.asarray(pose, dtype=np.float64)
    if abs(src_fps - dst_fps) < 1e-9:
        return pose
    times = sample_times(len(pose), src_fps, dst_fps)
    out = np.zeros((len(times),) + pose.shape[1:])
    out[..., :3, :3] = resample_rotation_matrices(pose[..., :3, :3], times)
    out[..., :3, 3] = interpolate_positions(pose[..., :3, 3], times)
    out[..., 3, 3] = 1.0
    return out
