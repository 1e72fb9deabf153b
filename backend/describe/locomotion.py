"""Standing, walking, jogging and running: gait, direction of travel, speed.

Rule: a *bout* is a stretch where the gait-averaged pelvis speed exceeds
``move_speed`` (short pauses bridged) and the pelvis covers at least
``move_min_distance``. Inside a bout each frame is *running* when, in a 1 s
window, both feet are off the ground in more than ``run_flight`` of the
frames at a speed over ``run_min_speed``, or the speed exceeds ``run_speed``; running slower than ``jog_speed``
is jogging. The direction of travel is the angle of the velocity in the body
frame. Pieces shorter than ``piece_min_time`` are absorbed by a neighbour.
Stretches between bouts of at least ``stand_min_time`` are standing, "still"
when the joints barely move relative to the pelvis.
"""

from __future__ import annotations

import numpy as np

from .events import Event
from .runs import clean_runs, pieces, runs, smooth
from .signals import Signals
from .thresholds import Thresholds


def direction_of(angle: float, th: Thresholds) -> str:
    """Body-frame angle of travel in degrees (0 forward, + left) -> a direction word."""
    a = abs(angle)
    side = "left" if angle > 0 else "right"
    if a <= th.forward_angle:
        return "forward"
    if a <= th.sideways_angle:
        return f"forward-{side}"
    if a <= th.backward_angle:
        return side
    return "backward"


def bouts(sig: Signals, th: Thresholds) -> list[tuple[int, int]]:
    """[start, end) frame intervals where the character travels."""
    found = clean_runs(sig.speed > th.move_speed, gap=sig.to_frames(th.move_gap), least=sig.to_frames(th.move_min_time))
    out = []
    for a, b in found:
        travelled = np.sum(sig.speed[a:b]) / sig.fps
        if travelled >= th.move_min_distance:
            out.append((a, b))
    return out


def _gait(sig: Signals, a: int, b: int, th: Thresholds) -> list[str]:
    airborne = (~sig.contact[:, 0] & ~sig.contact[:, 1]).astype(np.float64)
    flight = smooth(airborne, 0.5 * sig.fps / 2)[a:b]
    running = ((flight > th.run_flight) & (sig.speed[a:b] > th.run_min_speed)) | (sig.speed[a:b] > th.run_speed)
    return ["run" if r else "walk" for r in running]


def _manner(kind: str, speed: float, th: Thresholds) -> str:
    if kind == "walk":
        return "slowly" if speed < th.slow_walk_speed else "quickly" if speed > th.fast_walk_speed else ""
    if kind == "run":
        return "quickly" if speed > th.fast_run_speed else ""
    return ""


def locomotion_events(sig: Signals, th: Thresholds) -> list[Event]:
    """Walk/jog/run events (with direction, speed, distance) and stand events between them."""
    events: list[Event] = []
    moving = bouts(sig, th)
    angle = np.degrees(np.arctan2(sig.velocity[:, 0], sig.velocity[:, 1]))
    for a, b in moving:
        for ga, gb, gait in pieces(_gait(sig, a, b, th), sig.to_frames(th.piece_min_time)):
            ga, gb = a + ga, a + gb
            words = [direction_of(x, th) for x in angle[ga:gb]]
            for da, db, direction in pieces(words, sig.to_frames(th.piece_min_time)):
                da, db = ga + da, ga + db
                speed = float(np.median(sig.speed[da:db]))
                kind = gait
                if gait == "run" and speed < th.jog_speed:
                    kind = "jog"
                events.append(
                    Event(
                        kind,
                        sig.to_seconds(da),
                        sig.to_seconds(db),
                        direction=direction,
                        speed=round(speed, 2),
                        distance=round(float(np.sum(sig.speed[da:db]) / sig.fps), 2),
                        manner=_manner(kind, speed, th),
                    )
                )
    travelling = np.zeros(sig.frames, dtype=bool)
    for a, b in moving:
        travelling[a:b] = True
    for a, b in runs(~travelling):
        if b - a >= sig.to_frames(th.stand_min_time):
            still = float(np.mean(sig.joint_speed[a:b] < th.still_joint_speed)) > 0.8
            events.append(Event("stand", sig.to_seconds(a), sig.to_seconds(b), manner="still" if still else ""))
    return events
