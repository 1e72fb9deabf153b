"""``describe(positions)``: a canonical clip -> a ``Description`` of timed events.

Runs the detectors in dependency order: locomotion first (its bouts tell
the others when the character travels or runs), then turns and path shape,
jumps, postures, trunk, arms, legs and the clip's tempo. Every detector is
a small rule on the quantities of ``signals.measure``; their thresholds are
in ``thresholds.Thresholds``.
"""

from __future__ import annotations

import numpy as np

from .arms import punch_events, raise_events, reach_events, swing_events, wave_events
from ..motion.timebase import FPS
from .events import LOCOMOTION, Description, Event
from .jumps import jump_events
from .legs import kick_events, step_over_events
from .locomotion import bouts, locomotion_events
from .postures import posture_events
from .signals import Signals, measure
from .thresholds import DEFAULT, Thresholds
from .trunk import trunk_events
from .turning import path_event, turn_events


def _mask(sig: Signals, events: list[Event], kinds: tuple[str, ...]) -> np.ndarray:
    mask = np.zeros(sig.frames, dtype=bool)
    for e in events:
        if e.kind in kinds:
            mask[int(round(e.start * sig.fps)):int(round(e.end * sig.fps))] = True
    return mask


# Share of a jog or run that jump flights cover above which it is a series of jumps.
JUMPS_NOT_RUN = 0.25


def _covered(event: Event, others: list[Event]) -> float:
    """Share of ``event``'s span covered by ``others``."""
    shared = sum(max(0.0, min(event.end, o.end) - max(event.start, o.start)) for o in others)
    return shared / max(event.end - event.start, 1e-9)


def tempo(sig: Signals, travelling: np.ndarray, th: Thresholds) -> str:
    """"slowly" or "quickly" when the limbs move unusually slowly or fast outside locomotion, else ""."""
    if travelling.mean() > 0.5:
        return ""
    limbs = np.concatenate([np.linalg.norm(sig.wrist_velocity, axis=-1), np.linalg.norm(sig.ankle_velocity, axis=-1)], axis=1)
    active = limbs.max(axis=1)[~travelling]
    if len(active) < sig.to_frames(1.0) or np.percentile(active, 90) < th.idle_limb_speed:
        return ""
    top = float(np.percentile(active, 90))
    return "slowly" if top < th.slow_limb_speed else "quickly" if top > th.quick_limb_speed else ""


def describe(positions: np.ndarray, fps: float = FPS, thresholds: Thresholds = DEFAULT) -> Description:
    """(T, 22, 3) canonical joint positions (metres, Y up, ``fps``) -> ``Description``."""
    positions = np.asarray(positions, dtype=np.float64)
    if positions.ndim != 3 or positions.shape[1:] != (22, 3):
        raise ValueError(f"expected joint positions of shape (T, 22, 3), got {positions.shape}")
    if len(positions) < 2:
        return Description(len(positions) / fps, ())
    th = thresholds
    sig = measure(positions, fps)
    events = locomotion_events(sig, th)
    travelling = _mask(sig, events, LOCOMOTION)
    running = _mask(sig, events, ("jog", "run"))
    walking = _mask(sig, events, ("walk",))
    events += turn_events(sig, th)
    for a, b in bouts(sig, th):
        path = path_event(sig, a, b, th)
        if path is not None:
            events.append(path)
    jumps = jump_events(sig, th, running)
    # Bouts of "running" that are really a series of jumps: the jumps say it.
    events = [e for e in events if e.kind not in ("jog", "run") or _covered(e, jumps) < JUMPS_NOT_RUN]
    events += jumps
    airborne = _mask(sig, jumps, ("jump", "hop"))
    postures = posture_events(sig, th, airborne | running)
    events += postures
    low = _mask(sig, postures, ("squat", "sit_down", "lie_down", "kneel", "fall"))
    low |= (sig.stance_height < th.low_stance) | (sig.trunk_tilt > th.lie_tilt) & (sig.stance_height < th.lie_stance)
    events += trunk_events(sig, th, running | low)
    events += raise_events(sig, th, travelling)
    events += wave_events(sig, th)
    events += swing_events(sig, th, travelling)
    events += punch_events(sig, th, running)
    events += reach_events(sig, th, travelling)
    kicks = kick_events(sig, th, running)
    events += kicks
    events += step_over_events(sig, th, walking, kicks)
    return Description(sig.duration, tuple(sorted(events, key=lambda e: (e.start, e.end))), tempo(sig, travelling, th))
