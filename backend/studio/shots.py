"""Shots in scene terms: what the Blender shot operators run (no bpy).

``make`` and ``regenerate`` are ``backend.shot``'s ``make_shot`` and
``regenerate_row`` with generators loaded by the studio engine and the job's
progress and cancellation; ``scene_span`` says which scene frames a change
of take frames [lo, hi) touches; ``pack_take`` / ``unpack_take`` keep a take
(its sidecar and positions) in two plain values, so the add-on can store it
on the action it made and regenerate one row later.
"""

from __future__ import annotations

import json
import math

import numpy as np

from ..motion.timebase import FPS
from ..shot import Take, make_shot, parse_shot, regenerate_row
from ..shot.take import take_from_sidecar
from .engine import Engine, Settings
from .jobs import Job


def _loader(engine: Engine, settings: Settings, job: Job | None, rows: int):
    """load(name) for ``backend.shot``: the engine's cached generator; each
    call is one step of progress and a point where Esc cancels."""
    calls = [0]

    def load(name: str):
        if job:
            job.progress(min(0.9, calls[0] / max(2 * rows, 1)), f"generating ({name})")
        calls[0] += 1
        return engine.generator(name, settings)

    return load


def with_leg(take: Take, leg: float | None = None) -> Take:
    """The take with the hip-to-ankle length (m) it is retargeted at recorded
    (``extra['leg_m']``; measured from it when not given), so a row made again
    later is retargeted at the same scale as the rest of the shot."""
    from dataclasses import replace

    from ..retarget.to_rig import source_leg_length

    return replace(take, extra={**take.extra, "leg_m": float(leg if leg is not None else source_leg_length(take.positions))})


def make(engine: Engine, settings: Settings, *, rows: list[dict], bridge_frames: int, job: Job | None = None) -> Take:
    """Rows as the shot file writes them (prompt, duration, generator, seed,
    muted) -> the take (20 fps)."""
    shot = parse_shot({"rows": rows})
    take = make_shot(shot, _loader(engine, settings, job, len(shot.active())), bridge_frames=bridge_frames, command="Blender: Generate Shot")
    if job:
        job.check()
    return with_leg(take)


def regenerate(engine: Engine, settings: Settings, *, rows: list[dict], take: Take, number: int, job: Job | None = None) -> Take:
    """Row ``number`` (from 1) of ``rows`` made again into ``take``; frames
    outside ``take.extra['regenerated']`` [start, end) stay bit-identical."""
    shot = parse_shot({"rows": rows})
    out = regenerate_row(shot, take, number, _loader(engine, settings, job, 1), command=f"Blender: Regenerate Shot Row {number}")
    if job:
        job.check()
    return with_leg(out, take.extra.get("leg_m"))


def make_along(engine: Engine, settings: Settings, *, rows: list[dict], bridge_frames: int, binding, points: np.ndarray, speed: str,
               job: Job | None = None) -> Take:
    """``make`` with the root on a curve given in the armature's space
    (``points`` (N, 3)): mapped to canonical space through the binding
    (``retarget.canonical_path``), then ``shot.along.make_shot_along`` (with
    ``fit``, the shot is made twice). The job is told when the take travels
    past the curve's end."""
    from ..retarget.to_rig import canonical_path, source_leg_length
    from ..shot.along import make_shot_along
    from ..shot.path import make_path

    shot = parse_shot({"rows": rows})
    leg: list[float] = []

    def path_of(take):
        # One scale for the curve's mapping and the retargeting: the made take's, before any warp.
        leg.append(source_leg_length(take.positions))
        return make_path(canonical_path(binding, points, take.positions, source_leg=leg[0]), axes="canonical", speed=speed,
                         where="the root path")

    take, report = make_shot_along(shot, _loader(engine, settings, job, 2 * len(shot.active())), path_of, bridge_frames=bridge_frames,
                                   command="Blender: Generate Shot")
    past = report["travel_m"] - report["curve_m"] if speed == "motion" else 0.0
    if past > 0.05 and job:
        job.notify(f"the shot travels {past:.1f} m further than the root path (the motion's own speed) and goes straight on past "
                   "its end: choose Speed 'Fit the Curve', a longer curve, or shorter rows")
    if job:
        job.check()
    return with_leg(take, leg[0])


def scene_frames(take_frames: int, fps: float) -> int:
    """Scene frames at ``fps`` a take of ``take_frames`` frames at 20 fps covers
    (what retargeting's resampling makes)."""
    from ..motion.resample import sample_times

    return len(sample_times(take_frames, FPS, fps))


def scene_span(lo: int, hi: int, fps: float, take_frames: int) -> tuple[int, int]:
    """Scene frame offsets [a, b) from the take's first frame whose
    resampled pose depends on take frames [lo, hi): a scene frame at time
    s samples between take frames floor(s * 20 / fps) and the next one."""
    total = scene_frames(take_frames, fps)
    a = int(math.floor((lo - 1) * fps / FPS)) + 1 if lo > 0 else 0
    b = int(math.ceil(hi * fps / FPS - 1e-9)) if hi < take_frames else total
    return max(0, a), min(total, max(b, a))


def pack_take(take: Take) -> tuple[str, list[float]]:
    """(sidecar JSON, flat positions) for storing on an action."""
    return json.dumps(take.sidecar()), take.positions.astype(np.float32).ravel().tolist()


def unpack_take(sidecar: str, positions) -> Take:
    """The inverse of ``pack_take``; ValueError if the stored values are not a take."""
    try:
        data = json.loads(sidecar)
    except (TypeError, json.JSONDecodeError) as error:
        raise ValueError(f"the stored shot is damaged ({error}): generate the shot again") from None
    flat = np.asarray(positions, dtype=np.float32)
    frames = data.get("frames") if isinstance(data, dict) else None
    if not isinstance(frames, int) or flat.size != frames * 22 * 3:
        raise ValueError("the stored shot's positions do not match its description: generate the shot again")
    return take_from_sidecar(data, flat.reshape(frames, 22, 3), where="the stored shot")
