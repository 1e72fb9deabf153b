"""Leg actions: kick (which leg, how many times) and stepping over something.

* *kick*: a peak of ankle speed relative to the pelvis over ``kick_speed``
  where, within 0.15 s, the ankle is ``kick_forward`` in front of the pelvis
  and its foot ``kick_height`` above the ground; not while running (a stride
  swings the foot forward too). Peaks ``kick_gap`` apart count separately.
* *step over*: while walking, a foot lifted higher than ``step_over_height``
  above the ground while moving forward, too slowly to be a kick.
"""

from __future__ import annotations

import numpy as np

from .events import Event
from .runs import clean_runs, peaks
from .signals import SIDES, Signals
from .thresholds import Thresholds


def kick_events(sig: Signals, th: Thresholds, running: np.ndarray) -> list[Event]:
    events = []
    for i, side in enumerate(SIDES):
        speed = np.linalg.norm(sig.ankle_velocity[:, i], axis=-1)
        speed[running] = 0.0
        hits = []
        for k in peaks(speed, height=th.kick_speed, distance=sig.to_frames(th.kick_gap)):
            window = slice(max(0, k - sig.to_frames(0.15)), min(sig.frames, k + sig.to_frames(0.15) + 1))
            if (sig.ankle[window, i, 2].max() >= th.kick_forward and sig.foot_lift[window, i].max() >= th.kick_height
                    and sig.foot_lift[window, 1 - i].min() < 0.1):
                hits.append(k)
        if hits:
            events.append(Event("kick", max(0, hits[0] - sig.to_frames(0.3)) / sig.fps, min(sig.frames, hits[-1] + sig.to_frames(0.3)) / sig.fps, side=side, count=len(hits)))
    return events


def step_over_events(sig: Signals, th: Thresholds, walking: np.ndarray, kicks: list[Event]) -> list[Event]:
    events = []
    for i, side in enumerate(SIDES):
        high = walking & (sig.foot_lift[:, i] > th.step_over_height) & (sig.ankle_velocity[:, i, 2] > 0)
        for a, b in clean_runs(high, gap=sig.to_frames(0.1), least=sig.to_frames(0.1)):
            start, end = a / sig.fps, b / sig.fps
            if any(k.side == side and k.start <= end and start <= k.end for k in kicks):
                continue
            events.append(Event("step_over", max(0.0, start - 0.2), end + 0.2, side=side))
    return events
