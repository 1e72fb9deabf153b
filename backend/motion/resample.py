"""Frame-rate resampling.

Joint positions are interpolated linearly; local rotations spherically (slerp)
with the root translation linearly. ``sample_times`` gives the source frame
positions (fractional indices) that a target rate needs, so callers that must
use another time grid (e.g. HumanML3D's CMU crops) can pass their own.
"""

from __future__ import annotations

import numpy as np

from . import quaternion as Q


def sample_times(num_frames: int, src_fps: float, dst_fps: float, *, offset: float = 0.0) -> np.ndarray:
    """Fractional source frame indices ``offset + j * src_fps / dst_fps`` for
    every target frame j that stays inside [0, num_frames - 1]."""
    if num_frames < 1:
        raise ValueError("cannot resample an empty clip")
    if src_fps <= 0 or dst_fps <= 0:
        raise ValueError(f"frame rates must be positive, got {src_fps} and {dst_fps}")
    step = src_fps / dst_fps
    count = int(np.floor((num_frames - 1 - offset) / step + 1e-9)) + 1
    return offset + step * np.arange(max(count, 1))


def _split(times: np.ndarray, num_frames: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    times = np.clip(np.asarray(times, dtype=np.float64), 0.0, num_frames - 1)
    lower = np.floor(times).astype(np.int64)
    upper = np.minimum(lower + 1, num_frames - 1)
    return lower, upper, times - lower


def interpolate_positions(positions: np.ndarray, times: np.ndarray) -> np.ndarray:
    """(T, ...) values at fractional frame indices ``times`` (linear)."""
    positions = np.asarray(positions, dtype=np.float64)
    lower, upper, frac = _split(times, positions.shape[0])
    frac = frac.reshape((-1,) + (1,) * (positions.ndim - 1))
    return positions[lower] * (1.0 - frac) + positions[upper] * frac


def interpolate_rotations(quats: np.ndarray, times: np.ndarray) -> np.ndarray:
    """(T, J, 4) quaternions at fractional frame indices (slerp)."""
    quats = np.asarray(quats, dtype=np.float64)
    lower, upper, frac = _split(times, quats.shape[0])
    frac = np.broadcast_to(frac.reshape((-1,) + (1,) * (quats.ndim - 2)), quats[lower].shape[:-1])
    return Q.slerp(quats[lower], quats[upper], frac)


def resample_positions(positions: np.ndarray, src_fps: float, dst_fps: float) -> np.ndarray:
    """(T, 22, 3) at ``src_fps`` -> (T', 22, 3) at ``dst_fps`` (linear)."""
    return interpolate_positions(positions, sample_times(len(positions), src_fps, dst_fps))


def resample_rotations(quats: np.ndarray, root: np.ndarray, src_fps: float, dst_fps: float) -> tuple[np.ndarray, np.ndarray]:
    """(T, J, 4) local rotations and (T, 3) root translation -> resampled pair."""
    times = sample_times(len(quats), src_fps, dst_fps)
    return interpolate_rotations(quats, times), interpolate_positions(root, times)
