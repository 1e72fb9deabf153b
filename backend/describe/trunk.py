"""Whole-body facts of the trunk: bending forward and leaning (left, right, back).

The trunk is the pelvis-to-neck direction in the body frame. *bend*: tilted
forward more than ``bend_angle`` for ``trunk_min_time``; *lean*: tilted
sideways, or backwards, more than ``lean_angle`` for as long. Frames lying
down or squatting are left out (the posture says it), as are runs.
Repeated bends (or leans the same way) less than 3 s apart are one event
with a count.
"""

from __future__ import annotations

import numpy as np

from .events import Event
from .runs import clean_runs
from .signals import Signals
from .thresholds import Thresholds

REPEAT_GAP = 3.0  # s


def trunk_events(sig: Signals, th: Thresholds, skip: np.ndarray) -> list[Event]:
    """``skip``: (T,) frames not to judge (running, lying, low postures)."""
    pitch, roll = sig.trunk_pitch, sig.trunk_roll
    events: list[Event] = []
    for a, b in clean_runs((pitch > th.bend_angle) & ~skip, gap=sig.to_frames(0.2), least=sig.to_frames(th.trunk_min_time)):
        angle = float(np.round(pitch[a:b].max()))
        last = events[-1] if events else None
        if last is not None and a / sig.fps - last.end <= REPEAT_GAP:
            events[-1] = last.with_(end=b / sig.fps, count=last.count + 1, angle=max(last.angle, angle))
        else:
            events.append(Event("bend", a / sig.fps, b / sig.fps, direction="forward", angle=angle))
    upright = pitch <= th.bend_angle
    for direction, mask in (
        ("left", roll > th.lean_angle),
        ("right", roll < -th.lean_angle),
        ("back", pitch < -th.lean_angle),
    ):
        leans: list[Event] = []
        for a, b in clean_runs(mask & upright & ~skip, gap=sig.to_frames(0.2), least=sig.to_frames(th.trunk_min_time)):
            angle = float(np.round(np.abs(roll if direction != "back" else pitch)[a:b].max()))
            last = leans[-1] if leans else None
            if last is not None and a / sig.fps - last.end <= REPEAT_GAP:
                leans[-1] = last.with_(end=b / sig.fps, count=last.count + 1, angle=max(last.angle, angle))
            else:
                leans.append(Event("lean", a / sig.fps, b / sig.fps, direction=direction, angle=angle))
        events += leans
    return events
