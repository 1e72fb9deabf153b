"""Cutting takes into training clips of at most ``max_frames`` frames."""

from __future__ import annotations

import math


def cut_take(
    frames: int, crops: tuple[tuple[int, int], ...], *, min_frames: int, max_frames: int
) -> tuple[list[tuple[int, int]], list[tuple[str, str]]]:
    """Clip intervals [start, end) for a take of ``frames`` frames, and the
    pieces skipped with their reasons.

    With ``crops`` (e.g. HumanML3D's intervals) each crop is clamped to the take
    and split evenly when longer than ``max_frames``; without, the whole take
    is split into the fewest equal pieces of at most ``max_frames``.
    """
    clips: list[tuple[int, int]] = []
    skipped: list[tuple[str, str]] = []
    intervals = list(dict.fromkeys(crops)) if crops else [(0, frames)]
    for start, end in intervals:
        label = f"frames {start}-{end}"
        end = min(end, frames)
        if start >= end:
            skipped.append((label, f"interval lies outside the take ({frames} frames)"))
            continue
        if end - start < min_frames:
            skipped.append((label, f"shorter than {min_frames} frames ({end - start})"))
            continue
        pieces = math.ceil((end - start) / max_frames)
        bounds = [start + round(i * (end - start) / pieces) for i in range(pieces + 1)]
        for a, b in zip(bounds[:-1], bounds[1:]):
            if b - a < min_frames:
                skipped.append((f"frames {a}-{b}", f"shorter than {min_frames} frames ({b - a})"))
            else:
                clips.append((a, b))
    return clips, skipped
