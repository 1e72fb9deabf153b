"""Jumps (both feet leave the ground together or land together) and hops (on one foot).

Rule: a *flight* is a run of at least ``air_min_time`` where both feet are
higher than ``air_height`` above the ground they stand on. For each foot the
last frame on the ground before the flight (take-off) and the first after it
(landing) are found. The flight is a *hop* when one foot stays up from
``hop_lift`` before take-off to ``hop_lift`` after landing (the hop is named
by the foot that stays down); a *jump* when the feet take off or land within
``jump_together`` of each other. Either needs the pelvis to rise at least
``jump_rise`` from its lowest point in the half-second before take-off to its
apex (``run_jump_rise`` inside a run, where every stride flies). Anything
else (a running stride) is no event. Consecutive jumps (or hops on the same
foot) less than 2 s apart are counted as one event with a count.
"""

from __future__ import annotations

import numpy as np

from .events import Event
from .runs import clean_runs
from .signals import SIDES, Signals
from .thresholds import Thresholds

REPEAT_GAP = 2.0  # s


def _down_frames(up: np.ndarray, a: int, b: int) -> tuple[int, int]:
    """Last frame down before ``a`` and first frame down after ``b`` for one foot's ``up`` mask."""
    before = a - 1
    while before >= 0 and up[before]:
        before -= 1
    after = b
    while after < len(up) and up[after]:
        after += 1
    return before, after


def jump_events(sig: Signals, th: Thresholds, running: np.ndarray) -> list[Event]:
    """``running``: (T,) bool, frames inside a run or jog."""
    up = sig.foot_lift > th.air_height  # (T, 2)
    flights = clean_runs(up[:, 0] & up[:, 1], gap=0, least=sig.to_frames(th.air_min_time))
    found: list[Event] = []
    for a, b in flights:
        if b - a > sig.to_frames(1.2):  # on a platform or hanging, not a jump
            continue
        offs, lands = zip(*(_down_frames(up[:, s], a, b) for s in range(2)))
        before = sig.pelvis_height[max(0, a - sig.to_frames(0.5)):a + 1].min()
        rise = sig.pelvis_height[a:b].max() - before
        if rise < (th.run_jump_rise if running[a:b].any() else th.jump_rise):
            continue
        kind, side = "", ""
        for s in range(2):
            other = 1 - s
            if offs[other] <= a - sig.to_frames(th.hop_lift) and lands[other] >= b + sig.to_frames(th.hop_lift) and offs[s] >= a - sig.to_frames(th.hop_lift):
                kind, side = "hop", SIDES[s]
        if not kind and (abs(offs[0] - offs[1]) <= sig.to_frames(th.jump_together) or abs(lands[0] - lands[1]) <= sig.to_frames(th.jump_together)):
            kind = "jump"
        if not kind:
            continue
        feet = (0, 1) if kind == "jump" else (SIDES.index(side),)
        start = max(0, min(offs[s] for s in feet) + 1)
        end = min(sig.frames - 1, max(lands[s] for s in feet))
        travel = sig.positions[end, 0, [0, 2]] - sig.positions[start, 0, [0, 2]]
        facing = sig.forward[start, [0, 2]]
        forward = float(travel @ facing)
        leftward = float(travel @ np.array([facing[1], -facing[0]]))
        direction = "up"
        if max(abs(forward), abs(leftward)) >= th.jump_travel:
            if abs(forward) >= abs(leftward):
                direction = "forward" if forward > 0 else "backward"
            else:
                direction = "left" if leftward > 0 else "right"
        found.append(Event(kind, start / sig.fps, end / sig.fps, side=side, direction=direction))
    return _group(found)


def _group(found: list[Event]) -> list[Event]:
    """Merge repeated jumps (same kind, foot and direction) into one counted event."""
    out: list[Event] = []
    for e in found:
        last = out[-1] if out else None
        if (
            last is not None
            and (last.kind, last.side, last.direction) == (e.kind, e.side, e.direction)
            and e.start - last.end <= REPEAT_GAP
        ):
            out[-1] = last.with_(end=e.end, count=last.count + 1)
        else:
            out.append(e)
    return out
