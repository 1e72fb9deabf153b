"""Arm actions: raise and lower, wave, swing, punch, reach (per side; "both" when together).

All quantities are the wrist relative to its shoulder in the body frame
(left, up, forward); heights are measured along the trunk (pelvis to neck),
so arms along the body of someone lying down are not "raised":

* *raise*: the wrist above ``raise_above_shoulder`` (relative to the
  shoulder, along the trunk) for ``raise_min_time`` (dips shorter than ``raise_rest_gap``
  bridged). Height: "overhead" above ``overhead_above_shoulder``, "head"
  above ``head_above_shoulder``, else "shoulder". A raise that ends before
  the clip does is followed by a ``lower``. While walking or running a raise
  must last ``raise_travel_time`` (arms swing high in some gaits). Repeated raises of one arm are one
  event with a count; left and right raises overlapping by ``both_overlap``
  of the shorter are one event on "both" sides.
* *wave*: while raised, the wrist goes side to side in at least
  ``wave_min_strokes`` strokes of ``wave_amplitude`` (hysteresis), or in
  ``wave_small_strokes`` small strokes of ``wave_small_amplitude`` (a quick
  wave from the wrist, the hand joints being unknown); the wrist must travel
  at least ``wave_sideways`` times as far sideways as up and down (lifting a
  weight overhead is no wave).
* *swing*: outside walking and running, the wrist goes back and forth
  (forward axis) in ``swing_min_strokes`` strokes of ``swing_amplitude``.
* *punch*: a peak of the speed at which the wrist moves away from the
  shoulder over ``punch_speed`` where the elbow is bent (under
  ``punch_bent``) in the 0.2 s before and opens by ``punch_open`` to over
  ``punch_straight`` in the 0.2 s after, the extended wrist ``punch_reach``
  in front of the shoulder, between 0.25 m under it and head height (a wave
  above the head straightens the elbow fast too); peaks
  ``punch_gap`` apart are separate punches.
* *reach*: the arm extended beyond ``reach_extent`` of its length, the wrist
  slower than ``reach_still``, for ``reach_min_time``: forward, to the side,
  or down (wrist within ``reach_down_height`` of the ground and
  ``reach_below_pelvis`` under the pelvis, so hands resting in the lap of a
  sitter do not count); overhead extension is a raise, not a reach, and
  someone lying down reaches nowhere.
"""

from __future__ import annotations

import numpy as np

from .events import Event
from .runs import clean_runs, peaks, smooth, strokes
from .signals import SIDES, Signals
from .thresholds import Thresholds


def _height(top: float, th: Thresholds) -> str:
    if top >= th.overhead_above_shoulder:
        return "overhead"
    if top >= th.head_above_shoulder:
        return "head"
    return "shoulder"


def _raise_spans(sig: Signals, th: Thresholds, side: int) -> list[tuple[int, int]]:
    return clean_runs(sig.wrist_lift[:, side] > th.raise_above_shoulder, gap=sig.to_frames(th.raise_rest_gap), least=sig.to_frames(th.raise_min_time))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, shared) / max(1, min(a[1] - a[0], b[1] - b[0]))


def raise_events(sig: Signals, th: Thresholds, travelling: np.ndarray) -> list[Event]:
    """Raise and lower events, repeated raises of one side counted together; while
    travelling a raise must last ``raise_travel_time`` (a high arm swing is no raise)."""
    least = sig.to_frames(th.raise_travel_time)
    spans = {
        s: [(a, b) for a, b in _raise_spans(sig, th, i) if b - a >= least or travelling[a:b].mean() < 0.5]
        for i, s in enumerate(SIDES)
    }
    merged: list[tuple[int, int, str]] = []
    used_right = set()
    for left in spans["left"]:
        partner = next((k for k, r in enumerate(spans["right"]) if k not in used_right and _overlap(left, r) >= th.both_overlap), None)
        if partner is None:
            merged.append((left[0], left[1], "left"))
        else:
            used_right.add(partner)
            r = spans["right"][partner]
            merged.append((min(left[0], r[0]), max(left[1], r[1]), "both"))
    merged += [(a, b, "right") for k, (a, b) in enumerate(spans["right"]) if k not in used_right]
    merged.sort()
    events: list[Event] = []
    top = {"left": sig.wrist_lift[:, 0], "right": sig.wrist_lift[:, 1]}
    for a, b, side in merged:
        peak = max(top[s][a:b].max() for s in (("left", "right") if side == "both" else (side,)))
        height = _height(float(peak), th)
        last = next((e for e in reversed(events) if e.kind == "raise"), None)
        if last is not None and last.side == side and events[-1].kind == "lower":
            events.pop()
            heights = ("shoulder", "head", "overhead")
            events[events.index(last)] = last.with_(end=b / sig.fps, count=last.count + 1, height=max(last.height, height, key=heights.index))
        else:
            events.append(Event("raise", a / sig.fps, b / sig.fps, side=side, height=height))
        if b < sig.frames - sig.to_frames(0.2):
            events.append(Event("lower", b / sig.fps, min(sig.frames, b + sig.to_frames(0.5)) / sig.fps, side=side))
    return events


def wave_events(sig: Signals, th: Thresholds) -> list[Event]:
    """Side-to-side waving while the hand is raised."""
    found: dict[str, list[tuple[int, int, int]]] = {}
    for i, side in enumerate(SIDES):
        found[side] = []
        lateral = sig.wrist[:, i, 0]
        for a, b in _raise_spans(sig, th, i):
            moves = strokes(smooth(lateral[a:b], 1.0), th.wave_amplitude)
            small = strokes(lateral[a:b], th.wave_small_amplitude)
            sideways = np.abs(np.diff(lateral[a:b])).sum() / max(np.abs(np.diff(sig.wrist_lift[a:b, i])).sum(), 1e-9)
            if sideways >= th.wave_sideways and (len(moves) >= th.wave_min_strokes or len(small) >= th.wave_small_strokes):
                found[side].append((a, b, max(len(moves), len(small) // 2)))
    events = []
    used = set()
    for a, b, n in found["left"]:
        partner = next((k for k, r in enumerate(found["right"]) if k not in used and _overlap((a, b), r[:2]) >= th.both_overlap), None)
        if partner is not None:
            used.add(partner)
            r = found["right"][partner]
            events.append(Event("wave", min(a, r[0]) / sig.fps, max(b, r[1]) / sig.fps, side="both", count=max(n, r[2])))
        else:
            events.append(Event("wave", a / sig.fps, b / sig.fps, side="left", count=n))
    events += [Event("wave", a / sig.fps, b / sig.fps, side="right", count=n) for k, (a, b, n) in enumerate(found["right"]) if k not in used]
    return events


def swing_events(sig: Signals, th: Thresholds, travelling: np.ndarray) -> list[Event]:
    """Big back-and-forth arm swings while not walking or running."""
    per_side = {}
    for i, side in enumerate(SIDES):
        for a, b in clean_runs(~travelling, gap=0, least=sig.to_frames(1.0)):
            moves = strokes(smooth(sig.wrist[a:b, i, 2], 1.0), th.swing_amplitude)
            if len(moves) >= th.swing_min_strokes:
                per_side.setdefault(side, []).append((a, b))
    if "left" in per_side and "right" in per_side:
        a = min(x[0] for x in per_side["left"] + per_side["right"])
        b = max(x[1] for x in per_side["left"] + per_side["right"])
        return [Event("swing", a / sig.fps, b / sig.fps, side="both")]
    return [Event("swing", a / sig.fps, b / sig.fps, side=side) for side, spans in per_side.items() for a, b in spans]


def punch_events(sig: Signals, th: Thresholds, running: np.ndarray) -> list[Event]:
    """Fast extensions of a bent arm at about shoulder height, counted per side (not while running:
    a boxer's footwork is walking, a runner's arms pump)."""
    events = []
    for i, side in enumerate(SIDES):
        extension = np.gradient(np.linalg.norm(sig.wrist[:, i], axis=-1)) * sig.fps if sig.frames > 1 else np.zeros(sig.frames)
        extension[running] = 0.0
        hits = []
        for k in peaks(extension, height=th.punch_speed, distance=sig.to_frames(th.punch_gap)):
            before = slice(max(0, k - sig.to_frames(0.2)), k + 1)
            after = slice(k, min(sig.frames, k + sig.to_frames(0.2) + 1))
            out = k + int(np.argmax(sig.elbow_angle[after, i]))
            bent = sig.elbow_angle[before, i].min()
            if (
                bent < th.punch_bent
                and sig.elbow_angle[out, i] > max(th.punch_straight, bent + th.punch_open)
                and sig.wrist[out, i, 2] >= th.punch_reach
                and -0.25 < sig.wrist[out, i, 1] < th.head_above_shoulder
            ):
                hits.append(k)
        if hits:
            events.append(Event("punch", max(0, hits[0] - sig.to_frames(0.2)) / sig.fps, min(sig.frames, hits[-1] + sig.to_frames(0.2)) / sig.fps, side=side, count=len(hits)))
    return _pair(events)


def reach_events(sig: Signals, th: Thresholds, travelling: np.ndarray) -> list[Event]:
    """Held, extended arms: forward, sideways or down."""
    events = []
    for i, side in enumerate(SIDES):
        w = sig.wrist[:, i]
        outward = w[:, 0] * (1 if side == "left" else -1)
        extended = np.linalg.norm(w, axis=-1) > th.reach_extent * th.arm_length
        slow = np.linalg.norm(sig.wrist_velocity[:, i], axis=-1) < th.reach_still
        wrist_ground = sig.wrist_height[:, i] - sig.ground
        low = (wrist_ground < th.reach_down_height) & (sig.wrist_height[:, i] < sig.pelvis_height - th.reach_below_pelvis)
        direction = np.where(
            low,
            "down",
            np.where((w[:, 2] > 0.3) & (np.abs(w[:, 1]) < 0.25), "forward", np.where((outward > 0.3) & (np.abs(w[:, 1]) < 0.25), "sideways", "")),
        )
        for word in ("forward", "sideways", "down"):
            mask = extended & slow & (direction == word) & ~travelling & (sig.trunk_tilt < th.lie_tilt)
            for a, b in clean_runs(mask, gap=sig.to_frames(0.2), least=sig.to_frames(th.reach_min_time)):
                events.append(Event("reach", a / sig.fps, b / sig.fps, side=side, direction=word))
    return _pair(events)


def _pair(events: list[Event]) -> list[Event]:
    """Left and right events of the same kind and direction that overlap become one "both" event."""
    out: list[Event] = []
    for e in sorted(events, key=lambda e: e.start):
        twin = next(
            (
                k
                for k, o in enumerate(out)
                if o.kind == e.kind and o.direction == e.direction and o.side != e.side and o.side != "both"
                and min(o.end, e.end) - max(o.start, e.start) > 0.5 * min(o.end - o.start, e.end - e.start)
            ),
            None,
        )
        if twin is None:
            out.append(e)
        else:
            o = out[twin]
            out[twin] = o.with_(side="both", start=min(o.start, e.start), end=max(o.end, e.end), count=o.count + e.count if e.kind == "punch" else o.count)
    return out
