"""Retargeting figures on real test clips of a build, per preset family.

``retarget_report(folder)`` (``python -m backend retarget report``) takes
test-split clips of a dataset build and, for the synthetic rig of every
preset (``sample_rigs.sample_rig``: each family's usual rest pose, bone axes,
units and up axis), measures

* the round trip canonical -> rig -> canonical (``measure.round_trip``):
  bone-direction error per bone group, joint error after normalising
  proportions, pelvis path error -- at 20 fps (the solver alone), through
  the output rate and back (slerp twice), and at the output rate with foot
  locking (what a user gets: the leg IK moves legs on purpose);
* foot skating on the rig at the output rate (default 30 fps) without and
  with foot locking, and of the source clips;
* auto-detection on the preset's rig and on renamed copies of it
  (``sample_rigs.RENAMINGS``).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..data import cache
from ..data.splits import stable_unit
from .binding import bind
from .detect import detect
from .measure import BONE_GROUPS, round_trip, skating_before_after
from .presets import FAMILIES, PRESETS
from .sample_rigs import RENAMINGS, renamed, sample_rig


def report_clips(folder: Path, count: int, seed: int = 0) -> list[tuple[str, np.ndarray]]:
    """``count`` test-split clips of a build (chosen by hash), as (name, (T, 22, 3))."""
    table = cache.read_table(folder)
    takes = cache.read_positions(folder)
    clips = [c for c in table["clips"] if table["takes"][c["take"]].get("split") == "test"]
    if not clips:
        raise ValueError(f"{folder}: the build has no test-split clips")
    chosen = sorted(clips, key=lambda c: stable_unit(c["name"], seed))[:count]
    return [(c["name"], np.asarray(takes[c["take"]][c["start"]:c["end"]], dtype=np.float64)) for c in chosen]


def _summary(values: list[float]) -> dict:
    array = np.asarray(values, dtype=np.float64)
    return {"mean": round(float(array.mean()), 4), "max": round(float(array.max()), 4)} if array.size else {}


def detection_report(presets=PRESETS) -> dict:
    """Detected preset for each preset's sample rig and its renamed copies."""
    rows, failures = {}, []
    for name, preset in presets.items():
        rig = sample_rig(preset)
        results = {}
        for variant in ("original",) + tuple(RENAMINGS):
            candidate = rig if variant == "original" else renamed(rig, variant)
            found = detect(candidate.names, candidate.parent_names(), presets=presets)
            results[variant] = {"detected": found.preset, "confidence": found.confidence}
            if found.preset != name:
                failures.append(f"{name}/{variant} -> {found.preset}")
        rows[name] = results
    total = len(presets) * (1 + len(RENAMINGS))
    return {"correct": total - len(failures), "total": total, "failures": failures, "per_preset": rows}


def retarget_report(folder: Path, *, clips: int = 40, fps: float = 30.0, seed: int = 0, presets=PRESETS) -> dict:
    """Round-trip errors and foot skating per preset on ``clips`` test clips."""
    started = time.perf_counter()
    chosen = report_clips(Path(folder), clips, seed)
    per_preset = {}
    skating_all = {"before": [], "after": [], "source": []}
    for name, preset in presets.items():
        binding = bind(sample_rig(preset), preset)
        trips = [round_trip(positions, binding) for _, positions in chosen]
        trips_fps = [round_trip(positions, binding, fps=fps) for _, positions in chosen]
        trips_locked = [round_trip(positions, binding, fps=fps, foot_lock=True) for _, positions in chosen]
        skating = {"before": [], "after": [], "source": []}
        for _, positions in chosen:
            for key, speeds in skating_before_after(positions, binding, fps=fps).items():
                skating[key].append(speeds)
        merged = {key: np.concatenate(value) for key, value in skating.items()}
        for key in skating_all:
            skating_all[key].append(merged[key])
        per_preset[name] = {
            "family": FAMILIES.get(name, name),
            "mapped_limbs_direction_deg": _summary([t["mapped_limbs_deg"] for t in trips]),
            "mapped_limbs_direction_deg_at_fps": _summary([t["mapped_limbs_deg"] for t in trips_fps]),
            "mapped_limbs_direction_deg_at_fps_foot_locked": _summary([t["mapped_limbs_deg"] for t in trips_locked]),
            "direction_deg": {group: round(float(np.mean([t["direction_deg"][group] for t in trips])), 4) for group in BONE_GROUPS},
            "all_bones_direction_deg": round(float(np.mean([t["all_bones_deg"] for t in trips])), 4),
            "joint_mm": _summary([t["joint_mm"] for t in trips]),
            "limb_joint_mm": _summary([t["limb_joint_mm"] for t in trips]),
            "root_mm": _summary([t["root_mm"] for t in trips]),
            "skating_cm_per_s": {key: _speed_summary(value) for key, value in merged.items()},
        }
    families: dict[str, list[str]] = {}
    for name in per_preset:
        families.setdefault(per_preset[name]["family"], []).append(name)
    return {
        "build": str(folder),
        "clips": len(chosen),
        "clip_names": [name for name, _ in chosen],
        "output_fps": fps,
        "per_preset": per_preset,
        "per_family_mapped_limbs_direction_deg": {
            family: round(float(np.mean([per_preset[n]["mapped_limbs_direction_deg"]["mean"] for n in names])), 4)
            for family, names in families.items()
        },
        "foot_skating_cm_per_s": {key: _speed_summary(np.concatenate(value)) for key, value in skating_all.items()},
        "detection": detection_report(presets),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _speed_summary(speeds: np.ndarray) -> dict:
    if speeds.size == 0:
        return {"mean": 0.0, "p95": 0.0, "steps": 0}
    return {"mean": round(float(speeds.mean()), 3), "p95": round(float(np.percentile(speeds, 95)), 3), "steps": int(speeds.size)}
