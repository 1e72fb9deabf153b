"""Clip lengths in scene terms.

Users think in scene frames at the scene's rate (24, 25, 29.97, 30, 60 ...);
generators make clips of ``min_frames``..``max_frames`` frames at ``FPS``.
A clip of N frames at rate r lasts N / r seconds, so a generator's longest
clip (196 frames, 9.8 s) is 235 scene frames at 24 fps, 245 at 25, 294 at
30. Every message here quotes scene frames.
"""

from __future__ import annotations

import math

import numpy as np

from ..motion.timebase import FPS


def scene_frame_limits(min_frames: int, max_frames: int, fps: float) -> tuple[int, int]:
    """The shortest and longest clip in scene frames at ``fps``."""
    return math.ceil(min_frames * fps / FPS - 1e-9), math.floor(max_frames * fps / FPS + 1e-9)


def check_scene_frames(scene_frames: int, fps: float, *, min_frames: int, max_frames: int, label: str) -> int:
    if isinstance(scene_frames, bool) or not isinstance(scene_frames, (int, np.integer)):
        raise ValueError(f"the length must be a whole number of frames, got {scene_frames!r}")
    low, high = scene_frame_limits(min_frames, max_frames, fps)
    if not low <= scene_frames <= high:
        raise ValueError(f"{scene_frames} frames ({scene_frames / fps:.2f} s at {fps:g} fps) is outside what {label} makes: "
                         f"{low}-{high} frames at {fps:g} fps ({low / fps:.2f}-{high / fps:.2f} s)")
    return int(scene_frames)


def to_generator_frames(scene_frames: int, fps: float, *, max_frames: int | None = None) -> int:
    """Generator frames whose resampling covers ``scene_frames`` frames at
    ``fps`` (the caller trims the surplus). At the generator's longest clip
    the last scene frame may fall up to one generator frame past its end:
    the count is capped at ``max_frames`` and ``cover`` holds the last frame."""
    frames = int(math.ceil((scene_frames - 1) * FPS / fps - 1e-9)) + 1
    return min(frames, max_frames) if max_frames else frames


def cover(positions: np.ndarray, scene_frames: int, fps: float) -> np.ndarray:
    """(T, 22, 3) at FPS, extended by holding the last frame until it spans
    ``scene_frames`` frames at ``fps`` (at most one frame is added)."""
    need = to_generator_frames(scene_frames, fps)
    if len(positions) >= need:
        return positions
    if need - len(positions) > 1:
        raise ValueError(f"the clip of {len(positions)} frames cannot cover {scene_frames} scene frames at {fps:g} fps")
    return np.concatenate([positions, positions[-1:]], 0)
