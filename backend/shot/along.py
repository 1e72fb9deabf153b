"""A shot made along a root path, with the speed fitted to the curve by
regenerating (``make_shot_along``).

Speed ``motion``: the shot as made, warped onto the curve (``path.follow_path``).
Speed ``fit`` (the user fixes the curve and the durations): the shot is made,
its travel d measured, and made again with every row's duration scaled by
k = L / d (k within ``K_RANGE``, rows within their limits), so the
generators themselves cover about the curve's length; the result is
resampled in time back to the shot's own frame count (the cadence changes by
k, the feet stay planted) and warped onto the curve with the remaining
stretch (within a few per cent). Two generations instead of one. The take
keeps the first making's spans: rows start where they did (every row was
scaled alike), and a transition made at ``bridge_frames`` in the remade
shot spans about ``bridge_frames / k`` frames after retiming.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..motion.resample import interpolate_positions
from .assemble import BRIDGE_FRAMES, Load, make_shot
from .path import RootPath, follow_path, travel
from .rows import MAX_ROW_SECONDS, MAX_TOTAL_SECONDS, Shot
from .take import Take

K_RANGE = (0.5, 2.0)
TOLERANCE = 0.05  # no remake when the shot's travel is already within 5% of the curve


def scaled_shot(shot: Shot, k: float) -> tuple[Shot, float]:
    """Every row's duration times ``k``, within the limits of a row and of the
    unmuted shot -> (the shot, the factor used)."""
    active = [row for _, row in shot.active()]
    k = min(k, MAX_TOTAL_SECONDS / sum(row.duration for row in active), MAX_ROW_SECONDS / max(row.duration for row in active))
    return Shot(tuple(replace(row, duration=row.duration * k) for row in shot.rows)), k


def retimed(positions: np.ndarray, frames: int) -> np.ndarray:
    """(T', 22, 3) -> (frames, 22, 3): the same motion played over ``frames``."""
    times = np.linspace(0.0, len(positions) - 1, frames)
    return interpolate_positions(positions, times).astype(np.float32)


def make_shot_along(shot: Shot, load: Load, path_of, *, bridge_frames: int = BRIDGE_FRAMES, command: str = "") -> tuple[Take, dict]:
    """``path_of(take) -> RootPath`` (the curve in canonical space, which may
    depend on the take, e.g. its leg length) -> (the take on the path, a
    report: travel, curve length, the duration factor used)."""
    take = make_shot(shot, load, bridge_frames=bridge_frames, command=command)
    path: RootPath = path_of(take)
    _, distance, _ = travel(take.positions)
    report = {"curve_m": path.length, "travel_m": float(distance[-1]), "speed": path.speed, "duration_factor": 1.0}
    if path.speed == "fit" and distance[-1] > 0.05 and abs(path.length / distance[-1] - 1.0) > TOLERANCE:
        scaled, k = scaled_shot(shot, float(np.clip(path.length / distance[-1], *K_RANGE)))
        again = make_shot(scaled, load, bridge_frames=bridge_frames, command=command)
        take = replace(take, positions=retimed(again.positions, len(take.positions)))
        _, distance, _ = travel(take.positions)
        report.update(duration_factor=k, travel_m=float(distance[-1]))
    return replace(take, positions=follow_path(take.positions, path)), report
