"""Runs of true frames in a boolean mask: find, bridge short gaps, drop short runs.

A run is a half-open frame interval ``(start, end)``. Every detector turns
its kinematic rule into a per-frame mask and reads events off its runs.
"""

from __future__ import annotations

import numpy as np

from ..motion.kinematics import gaussian_smooth


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(T,) bool -> the [start, end) intervals where ``mask`` is true, in order."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.size:
        return []
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def bridge(intervals: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    """Merge neighbouring intervals separated by at most ``gap`` frames."""
    merged: list[tuple[int, int]] = []
    for start, end in intervals:
        if merged and start - merged[-1][1] <= gap:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def at_least(intervals: list[tuple[int, int]], frames: int) -> list[tuple[int, int]]:
    """The intervals that last ``frames`` frames or more."""
    return [(a, b) for a, b in intervals if b - a >= frames]


def clean_runs(mask: np.ndarray, *, gap: int, least: int) -> list[tuple[int, int]]:
    """Runs of ``mask`` with gaps of <= ``gap`` frames bridged, then runs shorter than ``least`` dropped."""
    return at_least(bridge(runs(mask), gap), least)


def smooth(x: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian smoothing along axis 0 (edge padding, 3-sigma kernel); ``sigma`` in frames, 0 returns ``x``."""
    x = np.asarray(x, dtype=np.float64)
    if sigma <= 0 or len(x) < 2:
        return x.copy()
    return gaussian_smooth(x, sigma, truncate=3.0)


def peaks(x: np.ndarray, *, height: float, distance: int) -> list[int]:
    """Indices of local maxima of ``x`` (T,) at least ``height`` high and ``distance`` frames apart
    (the higher peak wins when two are closer)."""
    x = np.asarray(x, dtype=np.float64)
    if len(x) < 3:
        return []
    candidates = [i for i in range(1, len(x) - 1) if x[i] >= height and x[i] >= x[i - 1] and x[i] > x[i + 1]]
    chosen: list[int] = []
    for i in sorted(candidates, key=lambda i: -x[i]):
        if all(abs(i - j) >= distance for j in chosen):
            chosen.append(i)
    return sorted(chosen)


def pieces(labels: list, least: int) -> list[tuple[int, int, object]]:
    """Cut a sequence of per-frame labels into (start, end, label) pieces; a piece
    shorter than ``least`` frames is absorbed by its longer neighbour, shortest first."""
    out: list[list] = []
    for i, label in enumerate(labels):
        if out and out[-1][2] == label:
            out[-1][1] = i + 1
        else:
            out.append([i, i + 1, label])
    while len(out) > 1:
        shortest = min(range(len(out)), key=lambda k: out[k][1] - out[k][0])
        if out[shortest][1] - out[shortest][0] >= least:
            break
        left = out[shortest - 1] if shortest > 0 else None
        right = out[shortest + 1] if shortest + 1 < len(out) else None
        if right is None or (left is not None and left[1] - left[0] >= right[1] - right[0]):
            left[1] = out[shortest][1]
        else:
            right[0] = out[shortest][0]
        del out[shortest]
        merged: list[list] = []
        for piece in out:
            if merged and merged[-1][2] == piece[2]:
                merged[-1][1] = piece[1]
            else:
                merged.append(piece)
        out = merged
    return [(a, b, label) for a, b, label in out]


def strokes(x: np.ndarray, least: float) -> list[float]:
    """Signed changes of ``x`` (T,) between its turning points, a turning point being
    an extreme that ``x`` then retreats from by at least ``least`` (hysteresis).
    A wave of the hand side to side is a list of alternating strokes."""
    points = [float(x[0])] if len(x) else []
    extreme, trend = (float(x[0]), 0) if len(x) else (0.0, 0)
    for value in x[1:]:
        if trend == 0:
            if abs(value - points[-1]) >= least:
                trend, extreme = (1 if value > points[-1] else -1), float(value)
        elif (value - extreme) * trend > 0:
            extreme = float(value)
        elif (extreme - value) * trend >= least:
            points.append(extreme)
            trend, extreme = -trend, float(value)
    if trend:
        points.append(extreme)
    return [b - a for a, b in zip(points[:-1], points[1:])]
