"""Turns and spins (heading of hips and shoulders) and the shape of a walked path.

Turn rule: frames where the smoothed heading rate exceeds ``turn_rate`` form
runs (gaps up to ``turn_gap`` bridged), cut where the rate changes sign;
runs turning the same way less than ``turn_gap`` apart are joined. A run whose
net heading change reaches ``turn_min_angle``, and whose heading averaged
over ``turn_hold`` after it still differs that much from the average before
it (a boxer's pivot that swings back is no turn), is a turn; one of at least
``spin_min_angle`` at a mean rate over ``spin_rate`` is a spin. Positive
heading change is a turn to the left (from +Z towards +X).

Path rule: over a travelling bout of at least ``path_min_distance``, the
direction of travel is unwrapped; a net change of ``path_circle_angle`` is a
circle; three or more alternating bends of ``zigzag_turn`` a zig-zag; a net
change over ``path_curve_angle`` with at least ``path_gradual_share`` of the
frames bending the same way a curve; a net change and wiggle under
``path_straight_angle`` a straight line.
"""

from __future__ import annotations

import numpy as np

from .events import Event
from .runs import clean_runs, pieces, smooth, strokes
from .signals import Signals
from .thresholds import Thresholds


def turn_events(sig: Signals, th: Thresholds) -> list[Event]:
    rate = np.degrees(smooth(sig.yaw_rate, 0.15 * sig.fps))
    spans = clean_runs(np.abs(rate) > th.turn_rate, gap=sig.to_frames(th.turn_gap), least=sig.to_frames(th.turn_min_time))
    signed: list[tuple[int, int, int]] = []
    for a, b in spans:
        for pa, pb, sign in pieces(list(np.sign(rate[a:b]).astype(int)), sig.to_frames(th.turn_min_time)):
            if sign == 0:
                continue
            if signed and signed[-1][2] == sign and a + pa - signed[-1][1] <= sig.to_frames(th.turn_gap):
                signed[-1] = (signed[-1][0], a + pb, sign)
            else:
                signed.append((a + pa, a + pb, sign))
    events = []
    hold = sig.to_frames(th.turn_hold)
    for a, b, sign in signed:
        delta = float(np.degrees(sig.yaw[min(b, sig.frames - 1)] - sig.yaw[a]))
        kept = float(np.degrees(sig.yaw[b:b + hold].mean() - sig.yaw[max(0, a - hold):a + 1].mean())) if b < sig.frames else delta
        if abs(delta) < th.turn_min_angle or np.sign(delta) != sign or kept * sign < th.turn_min_angle:
            continue
        seconds = (b - a) / sig.fps
        direction = "left" if delta > 0 else "right"
        if abs(delta) >= th.spin_min_angle and abs(delta) / seconds >= th.spin_rate:
            events.append(Event("spin", a / sig.fps, b / sig.fps, direction=direction, angle=round(abs(delta)), count=max(1, int(round(abs(delta) / 360)))))
        else:
            events.append(Event("turn", a / sig.fps, b / sig.fps, direction=direction, angle=round(abs(delta))))
    return events


def path_event(sig: Signals, a: int, b: int, th: Thresholds) -> Event | None:
    """The shape of the path travelled over frames [a, b), or None when it has no clear shape."""
    distance = float(np.sum(sig.speed[a:b]) / sig.fps)
    if distance < th.path_min_distance:
        return None
    v = sig.world_velocity[a:b]
    fast = sig.speed[a:b] > 0.5 * th.move_speed
    if fast.sum() < 4:
        return None
    heading = np.unwrap(np.arctan2(v[fast, 0], v[fast, 1]))
    heading = np.degrees(smooth(heading, 0.25 * sig.fps))
    net = heading[-1] - heading[0]
    rate = np.gradient(heading) * sig.fps
    start, end = a / sig.fps, b / sig.fps
    direction = "left" if net > 0 else "right"
    if abs(net) >= th.path_circle_angle:
        return Event("path", start, end, shape="circle", direction=direction, distance=round(distance, 1), angle=round(abs(net)))
    bends = strokes(heading, th.zigzag_turn)
    if len(bends) >= 3 and all(np.sign(x) != np.sign(y) for x, y in zip(bends[:-1], bends[1:])):
        return Event("path", start, end, shape="zigzag", distance=round(distance, 1), count=len(bends))
    same_way = float(np.mean(np.sign(rate) * np.sign(net) * np.abs(rate) > th.path_gradual_rate))
    if abs(net) >= th.path_curve_angle and same_way >= th.path_gradual_share:
        return Event("path", start, end, shape="curve", direction=direction, distance=round(distance, 1), angle=round(abs(net)))
    if abs(net) < th.path_straight_angle and np.ptp(heading) < th.path_straight_angle:
        return Event("path", start, end, shape="straight", distance=round(distance, 1))
    return None
