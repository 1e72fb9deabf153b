"""Postures and their changes: crouch, squat, kneel, sit down, stand up, lie down, get up, fall.

Rule: every frame gets a posture from the stance height (pelvis above the
lower ankle) and the trunk tilt:

* *lie*: trunk tilted more than ``lie_tilt`` and stance under ``lie_stance``;
* *kneel*: a knee within ``kneel_height`` of the ground, stance under ``crouch_stance``;
* *sit*: stance under ``crouch_stance``, the pelvis not travelling and the
  trunk within ``sit_lean`` of vertical, with the ankles
  ``sit_ankle_forward`` in front of the pelvis (a chair), or the stance under
  ``ground_stance`` (the floor), or the trunk within ``perch_lean`` of
  vertical (a high stool: squatting and crouching lean further forward);
* *squat*: otherwise, stance under ``low_stance``;
* *crouch*: otherwise, stance under ``crouch_stance``;
* *stand*: the rest.

Flights (jumps) and runs are left out: a take-off crouch is no squat.
Pieces shorter than ``posture_min_time`` are absorbed. Events come from the
pieces and their order: entering *sit*/*lie*/*kneel* after standing is
``sit_down``/``lie_down``/``kneel`` (a clip that starts so gets the event
with ``manner="already"``); a descent into *lie* or *kneel* faster than
``fall_speed`` is a ``fall``; leaving them upwards is ``stand_up`` (from sit,
kneel, squat) or ``get_up`` (from lie); a *squat* that comes back up within
``squat_max_time`` is one ``squat`` (repeats counted), a longer one is a
``squat`` followed by ``stand_up``; a *crouch* held ``crouch_min_time`` is a
``crouch``.
"""

from __future__ import annotations

import numpy as np

from .events import Event
from .runs import pieces
from .signals import Signals
from .thresholds import Thresholds

UPRIGHT = ("stand", "crouch")


def posture_labels(sig: Signals, th: Thresholds, skip: np.ndarray) -> list[str]:
    """(T,) posture names; frames in ``skip`` (flights, runs) copy the previous frame."""
    stance, tilt = sig.stance_height, sig.trunk_tilt
    ankle_forward = sig.ankle[:, :, 2].mean(axis=1)  # m in front of the pelvis
    labels: list[str] = []
    for t in range(sig.frames):
        if skip[t] and labels:
            labels.append(labels[-1])
            continue
        if tilt[t] > th.lie_tilt and stance[t] < th.lie_stance:
            label = "lie"
        elif sig.knee_height[t].min() < th.kneel_height and stance[t] < th.crouch_stance:
            label = "kneel"
        elif stance[t] < th.crouch_stance:
            upright = tilt[t] < th.sit_lean and sig.speed[t] < th.move_speed
            supported = ankle_forward[t] > th.sit_ankle_forward or stance[t] < th.ground_stance or tilt[t] < th.perch_lean
            label = "sit" if upright and supported else "squat" if stance[t] < th.low_stance else "crouch"
        else:
            label = "stand"
        labels.append(label)
    return labels


def posture_events(sig: Signals, th: Thresholds, skip: np.ndarray) -> list[Event]:
    parts = pieces(posture_labels(sig, th, skip), sig.to_frames(th.posture_min_time))
    events: list[Event] = []
    for k, (a, b, label) in enumerate(parts):
        previous = parts[k - 1][2] if k else None
        following = parts[k + 1][2] if k + 1 < len(parts) else None
        seconds = (b - a) / sig.fps
        if label == "crouch":
            if seconds >= th.crouch_min_time and previous in (None, "stand"):
                events.append(Event("crouch", sig.to_seconds(a), sig.to_seconds(b), manner="already" if previous is None else ""))
            continue
        if label == "stand":
            continue
        if label == "squat" and previous in (None, "stand", "crouch"):
            back_up = following in ("stand", "crouch") and seconds <= th.squat_max_time
            last = events[-1] if events else None
            if back_up and last is not None and last.kind == "squat" and last.manner == "" and sig.to_seconds(a) - last.end <= th.repeat_gap:
                events[-1] = last.with_(end=sig.to_seconds(b), count=last.count + 1)
            else:
                events.append(Event("squat", sig.to_seconds(a), sig.to_seconds(b), manner="" if back_up else "hold" if previous else "already"))
            if back_up:
                continue
        elif label != "squat":
            kind = {"sit": "sit_down", "lie": "lie_down", "kneel": "kneel"}[label]
            if previous is None:
                events.append(Event(kind, sig.to_seconds(a), sig.to_seconds(b), manner="already"))
            elif previous in UPRIGHT or (label == "lie" and previous in ("kneel", "squat", "sit")):
                window = slice(max(0, a - sig.to_frames(1.0)), min(sig.frames, a + sig.to_frames(0.3)))
                falling = -sig.vertical_speed[window].min() > th.fall_speed and label in ("lie", "kneel")
                entry = max(0, a - sig.to_frames(0.5))
                events.append(Event("fall" if falling else kind, sig.to_seconds(entry), sig.to_seconds(b)))
            elif label == "sit" and previous == "lie":
                events.append(Event("sit_down", sig.to_seconds(a), sig.to_seconds(b), manner="up"))
        if following in UPRIGHT:
            events.append(Event("get_up" if label == "lie" else "stand_up", sig.to_seconds(b - 1), sig.to_seconds(min(sig.frames, b + sig.to_frames(0.5)))))
    return events
