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
* floor contact with foot locking at the output rate (``measure.floor_heights``):
  lowest toe tip and heel and the median height of planted feet, in cm
  relative to the rig's rest contact height, on the rig's bones in world
  space (``sample_world``: a Y-up armature stands under a +90 degree X object
  rotation, a centimetre one is read in metres), on the clips floored as
  the generators' output is (lowest joint at y = 0) -- for every preset and
  for ``awkward_rigs``;
* auto-detection on the preset's rig and on renamed copies of it
  (``sample_rigs.RENAMINGS``).

Direction errors are summarised per clip (``mean``: of the clip means,
``max``: the worst clip mean) and over every frame and mapped limb bone of
all clips (``p99``, ``max_frame``). ``render`` writes the markdown table
(bench/RETARGET.md), optionally beside an earlier report.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..data import cache
from ..data.splits import stable_unit
from .binding import Binding, bind
from .bone_map import BoneMap
from .detect import detect
from .measure import BONE_GROUPS, floor_contact, floor_heights, round_trip, skating_before_after
from .presets import FAMILIES, PRESETS
from .sample_rigs import PRESET_VARIANTS, RENAMINGS, Y_UP, renamed, rig_for_map, sample_rig
from .to_rig import RetargetOptions


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


def _direction_summary(trips: list[dict]) -> dict:
    """Per-clip mean and worst clip mean, and the p99 and maximum over every
    frame and mapped limb bone of all clips."""
    angles = np.concatenate([t["mapped_limbs_angles_deg"] for t in trips])
    return {
        **_summary([t["mapped_limbs_deg"] for t in trips]),
        "p99": round(float(np.percentile(angles, 99)), 4),
        "max_frame": round(float(angles.max()), 4),
    }


def floored(positions: np.ndarray) -> np.ndarray:
    """(T, 22, 3) with the clip's lowest joint at y = 0 (the generators' floor)."""
    positions = np.array(positions, dtype=np.float64)
    positions[..., 1] -= positions[..., 1].min()
    return positions


def world_matrix(*, rotation: np.ndarray = np.eye(3), translation=(0.0, 0.0, 0.0), scale: float = 1.0) -> np.ndarray:
    """A (4, 4) armature object matrix."""
    matrix = np.eye(4)
    matrix[:3, :3] = np.asarray(rotation, dtype=np.float64) * scale
    matrix[:3, 3] = translation
    return matrix


def sample_world(name: str) -> tuple[np.ndarray, float]:
    """How a preset's sample rig stands in a scene: (object matrix, metres
    per world unit) -- Y-up armatures under a +90 degree X rotation (an FBX
    import), centimetre armatures read in metres."""
    variant = PRESET_VARIANTS.get(name, {})
    return world_matrix(rotation=Y_UP.T if variant.get("y_up") else np.eye(3)), 1.0 / variant.get("units", 1.0)


_TURN_Z = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])


def awkward_rigs() -> dict[str, tuple[Binding, np.ndarray, float]]:
    """Rigs that break easy assumptions, each as (binding, object matrix,
    metres per world unit): twisted (arbitrary bone axes) and rolled bones,
    a Y-up armature under a rotated object, a turned and offset object, no
    toe bones, no collar bones, a centimetre armature at 1% object scale."""
    mixamo = PRESETS["mixamo"]

    def without(*slots: str) -> BoneMap:
        return BoneMap(name="custom", slots={**mixamo.slots, **{slot: () for slot in slots}})

    toe_less, collar_less = without("left_toes", "right_toes"), without("left_clavicle", "right_clavicle")
    rows = {
        "twisted": (mixamo, dict(pose="A", orientation="arbitrary", seed=7), world_matrix()),
        "rolled": (mixamo, dict(orientation="random_roll", seed=3), world_matrix()),
        "y_up_rotated": (mixamo, dict(y_up=True), world_matrix(rotation=Y_UP.T)),
        "turned_offset": (mixamo, dict(), world_matrix(rotation=_TURN_Z, translation=(1.5, -2.0, 0.3))),
        "toe_less": (toe_less, dict(), world_matrix()),
        "collar_less": (collar_less, dict(pose="A"), world_matrix()),
        "centimetre_1pct": (mixamo, dict(units=100.0, orientation="arbitrary", seed=2), world_matrix(scale=0.01)),
    }
    return {name: (bind(rig_for_map(bone_map, **options), bone_map), matrix, 1.0) for name, (bone_map, options, matrix) in rows.items()}


def floor_figures(clips: list[np.ndarray], binding: Binding, matrix: np.ndarray, unit_metres: float, fps: float) -> dict:
    """``measure.floor_contact`` with foot locking at ``fps`` over floored clips."""
    options = RetargetOptions(fps=fps, foot_lock=True)
    return floor_contact([
        floor_heights(floored(positions), binding, options=options, object_matrix=matrix, unit_metres=unit_metres)
        for positions in clips
    ])


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
            "mapped_limbs_direction_deg": _direction_summary(trips),
            "mapped_limbs_direction_deg_at_fps": _direction_summary(trips_fps),
            "mapped_limbs_direction_deg_at_fps_foot_locked": _direction_summary(trips_locked),
            "direction_deg": {group: round(float(np.mean([t["direction_deg"][group] for t in trips])), 4) for group in BONE_GROUPS},
            "all_bones_direction_deg": round(float(np.mean([t["all_bones_deg"] for t in trips])), 4),
            "joint_mm": _summary([t["joint_mm"] for t in trips]),
            "limb_joint_mm": _summary([t["limb_joint_mm"] for t in trips]),
            "root_mm": _summary([t["root_mm"] for t in trips]),
            "skating_cm_per_s": {key: _speed_summary(value) for key, value in merged.items()},
            "floor_contact_cm": floor_figures([p for _, p in chosen], binding, *sample_world(name), fps),
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
        "floor_contact_cm_awkward_rigs": {
            name: floor_figures([p for _, p in chosen], binding, matrix, unit_metres, fps)
            for name, (binding, matrix, unit_metres) in awkward_rigs().items()
        },
        "detection": detection_report(presets),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _speed_summary(speeds: np.ndarray) -> dict:
    if speeds.size == 0:
        return {"mean": 0.0, "p95": 0.0, "steps": 0}
    return {"mean": round(float(speeds.mean()), 3), "p95": round(float(np.percentile(speeds, 95)), 3), "steps": int(speeds.size)}


def _cell(value, digits: int = 2) -> str:
    return "–" if value is None else f"{round(value, digits) + 0.0:.{digits}f}"


def _compare(now, before, digits: int = 2) -> str:
    return _cell(now, digits) if before is None else f"{_cell(before, digits)} → {_cell(now, digits)}"


def render(report: dict, before: dict | None = None) -> str:
    """Markdown tables of a report; with ``before`` (an earlier report) the
    limb and floor figures read 'before → now'."""
    measured = report.get("measured", {})
    earlier = (before or {}).get("per_preset", {})
    lines = [
        "# Retargeting report",
        "",
        f"Command: `{measured.get('command', 'python -m backend retarget report')}`  ",
        f"Date: {measured.get('date', '?')}  ",
        f"Commit: {measured.get('commit', '?')}  ",
        f"Build: {report['build']}, {report['clips']} test clips, output {report['output_fps']:g} fps, "
        f"{report.get('seconds', '?')} s.",
    ]
    if before is not None:
        previous = before.get("measured", {})
        lines += ["", f"'before → now' compares with {previous.get('label', 'an earlier report')} "
                      f"(commit {previous.get('commit', '?')}, {previous.get('date', '?')})."]
    lines += [
        "",
        "## Limb direction error (degrees, canonical vs rig, mapped limb bones)",
        "",
        "Round trip canonical → rig → canonical. 20 fps: the solver alone; at fps: through the output rate and "
        "back; locked: at the output rate with foot locking. Mean: of the clip means; p99 and max: over every frame "
        "and mapped limb bone (upper arms, forearms, thighs, shins, feet) of all clips.",
        "",
        "| preset | 20 fps mean | at fps mean | at fps p99 | at fps max | locked mean | locked p99 | locked max |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, row in report["per_preset"].items():
        old = earlier.get(name, {})
        cells = [_cell(row["mapped_limbs_direction_deg"]["mean"])]
        for key in ("mapped_limbs_direction_deg_at_fps", "mapped_limbs_direction_deg_at_fps_foot_locked"):
            now, was = row[key], old.get(key, {})
            cells += [_compare(now["mean"], was.get("mean") if old else None),
                      _compare(now.get("p99"), was.get("p99") if old else None),
                      _compare(now.get("max_frame"), was.get("max_frame") if old else None)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Floor contact with foot locking (cm, relative to the rig's rest contact height)",
        "",
        "On the rig's own bones in world space: toe tip and heel of each foot (`Binding.soles`); planted: median of "
        "the lower of the two while the source has the foot flat on the floor (ankle and ball in contact, within "
        "3 cm of their standing heights). Clips floored as the generators' output is (lowest joint at y = 0). "
        "Targets: lowest toe and heel ≥ −0.5, planted median within ±1.",
        "",
        "| preset | lowest toe | lowest heel | planted median | planted foot-frames |",
        "|---|---|---|---|---|",
    ]
    for name, row in report["per_preset"].items():
        now, was = row.get("floor_contact_cm", {}), earlier.get(name, {}).get("floor_contact_cm")
        lines.append(f"| {name} | " + " | ".join(
            _compare(now.get(key), was.get(key) if was else None) for key in ("min_toe_cm", "min_heel_cm", "planted_median_cm")
        ) + f" | {now.get('planted_foot_frames', '–')} |")
    awkward = report.get("floor_contact_cm_awkward_rigs", {})
    if awkward:
        was_awkward = (before or {}).get("floor_contact_cm_awkward_rigs", {})
        lines += ["", "Awkward rigs (Mixamo bones; `report.awkward_rigs`):", "",
                  "| rig | lowest toe | lowest heel | planted median | planted foot-frames |", "|---|---|---|---|---|"]
        for name, now in awkward.items():
            was = was_awkward.get(name)
            lines.append(f"| {name} | " + " | ".join(
                _compare(now.get(key), was.get(key) if was else None) for key in ("min_toe_cm", "min_heel_cm", "planted_median_cm")
            ) + f" | {now.get('planted_foot_frames', '–')} |")
    skating, was_skating = report["foot_skating_cm_per_s"], (before or {}).get("foot_skating_cm_per_s", {})
    lines += ["", "## Foot skating (cm/s at canonical scale, contact steps, all presets)", "",
              "| | mean | p95 |", "|---|---|---|"]
    for key in ("source", "before", "after"):
        label = {"source": "source clips", "before": "rig, no locking", "after": "rig, foot locking"}[key]
        was = was_skating.get(key)
        lines.append(f"| {label} | {_compare(skating[key]['mean'], was['mean'] if was else None)} | "
                     f"{_compare(skating[key]['p95'], was['p95'] if was else None)} |")
    detection = report["detection"]
    lines += ["", f"Detection: {detection['correct']}/{detection['total']} rigs and renamed copies detected as their preset.", ""]
    return "\n".join(lines)
