"""Shots and root paths: ``python -m backend bench --paths N``.

* **Root path**: N random smooth curves (seeded; 4-12 m of cubic Bezier on
  the floor). For each, a one-row shot of a locomotion prompt (8 s) is
  made along the curve through ``shot.along.make_shot_along`` (what the
  add-on and ``shot --path`` run) with the speed from the motion and with
  the speed fitted to the curve (the shot made again with scaled durations). Rows: root distance from the curve
  (mean and max, cm), foot skating (``eval.metrics.foot_skating``) against
  the same clips generated freely and against real test data.
* **Keyframe constraints**: N random test clips of at least 100 frames;
  frames 20-79 regenerated with the clip's caption through
  ``generator.edit`` with frame 50 kept (an anchor, as the add-on keeps a
  keyed pose inside a range): the joint error at the anchor, the largest
  joint step at the anchor's seams and elsewhere in the range against the
  real 99th percentile, and foot skating.
* **Shot seams**: the example shot (``docs/examples/shot.json``) made with
  ``make_shot``: the largest joint jump across each bridge and its seams
  against the real 99th percentile.

Writes ``bench/paths.json`` and ``bench/PATHS.md``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..data.items import TextMotionSplit
from ..eval import metrics
from ..motion.features import recover_from_ric
from ..shot.path import make_path, path_error, travel
from .tasks import frame_jumps, real_jump_p99

PROMPTS = ("a person walks forward", "a person walks forward slowly", "a person jogs forward", "a man walks forward confidently",
           "a woman walks forward and looks around", "someone walks ahead at a steady pace")
SECONDS = 8.0


def random_curve(rng: np.random.Generator) -> np.ndarray:
    """(200, 2) points of a cubic Bezier on the floor, 4-12 m long, from the origin."""
    length = rng.uniform(4.0, 12.0)
    heading = rng.uniform(-np.pi, np.pi)
    controls = [np.zeros(2)]
    for _ in range(3):
        heading += rng.uniform(-1.2, 1.2)
        controls.append(controls[-1] + length / 3 * np.array([np.sin(heading), np.cos(heading)]))
    c = np.array(controls)
    u = np.linspace(0, 1, 200)[:, None]
    return (1 - u) ** 3 * c[0] + 3 * (1 - u) ** 2 * u * c[1] + 3 * (1 - u) * u**2 * c[2] + u**3 * c[3]


def path_sweep(load, name: str, test: TextMotionSplit, *, curves: int = 20, seed: int = 0) -> dict:
    """Each curve gets a one-row shot (the prompt, 8 s) made along it
    through ``shot.along.make_shot_along``, what the add-on and ``shot
    --path`` run (with ``fit`` the shot is made twice)."""
    from ..shot import make_shot, parse_shot
    from ..shot.along import make_shot_along

    rng = np.random.default_rng(seed)
    real_skate = float(np.mean([metrics.foot_skating(recover_from_ric(i.features)) for i in test.items]))
    free, rows = [], {"motion": [], "fit": []}
    for k in range(curves):
        points = random_curve(rng)
        prompt = PROMPTS[k % len(PROMPTS)]
        shot = parse_shot({"generator": name, "rows": [{"prompt": prompt, "duration": SECONDS, "seed": seed + k}]})
        clip = make_shot(shot, load).positions
        free.append(metrics.foot_skating(clip))
        _, distance, _ = travel(clip)
        for speed in rows:
            path = make_path(points, speed=speed)
            take, report = make_shot_along(shot, load, lambda take, path=path: path)
            out = take.positions
            # Past the curve's end (speed from the motion, a take that travels
            # further) the character goes straight on: scored on the curve only.
            on = distance <= path.length + 1e-9 if speed == "motion" else np.ones(len(out), bool)
            error = path_error(out[on], path)
            rows[speed].append({"curve_m": path.length, "take_travel_m": float(distance[-1]), "overrun": bool(not on.all()),
                                "duration_factor": report["duration_factor"],
                                "frames_on_curve": int(on.sum()), "prompt": prompt, "mean_cm": 100 * float(error.mean()), "max_cm": 100 * float(error.max()),
                                "skate": metrics.foot_skating(out), "travel_m": float(np.linalg.norm(out[-1, 0, [0, 2]] - out[0, 0, [0, 2]]))})
    free_skate = float(np.mean(free))
    summary = {}
    for speed, entries in rows.items():
        skate = float(np.mean([e["skate"] for e in entries]))
        summary[speed] = {"mean_cm": float(np.mean([e["mean_cm"] for e in entries])), "max_cm": float(np.max([e["max_cm"] for e in entries])),
                          "within_10cm": float(np.mean([e["max_cm"] <= 10.0 for e in entries])), "skate": skate,
                          "overruns": int(sum(e["overrun"] for e in entries)),
                          "skate_vs_free": skate / max(free_skate, 1e-9), "entries": entries}
    return {"curves": curves, "seconds": SECONDS, "free_skate": free_skate, "real_skate": real_skate, "paths": summary}


def constraint_sweep(generator, test: TextMotionSplit, *, clips: int = 20, seed: int = 0) -> dict:
    from ..generators.editing import range_mask

    rng = np.random.default_rng(seed)
    long = [i for i in test.items if len(i.features) >= 101]
    chosen = rng.choice(len(long), size=min(clips, len(long)), replace=False)
    p99 = real_jump_p99(test)
    errors, at_anchor, elsewhere, skate = [], [], [], []
    for k, index in enumerate(chosen):
        item = long[index]
        source = recover_from_ric(item.features)[:100].astype(np.float32)
        keep = range_mask(100, 20, 80)
        keep[50] = True
        edited = generator.edit(source, keep, item.captions[0], seed=seed + k)
        errors.append(float(np.linalg.norm(edited[50] - source[50], axis=-1).max()))
        jumps = frame_jumps(edited)
        at_anchor.append(float(jumps[48:51].max()))
        elsewhere.append(float(np.concatenate([jumps[19:47], jumps[52:80]]).max()))
        skate.append(metrics.foot_skating(edited))
    return {"clips": len(chosen), "anchor_error_max_m": float(np.max(errors)), "anchor_seam_p99_m": float(np.percentile(at_anchor, 99)),
            "anchor_seams_within_real_p99": float(np.mean(np.array(at_anchor) <= p99)),
            "other_steps_within_real_p99": float(np.mean(np.array(elsewhere) <= p99)), "real_jump_p99_m": p99, "skate": float(np.mean(skate))}


def shot_seams(load, shot_file: Path, test: TextMotionSplit, *, generator: str) -> dict:
    """The shot file with every row on ``generator``."""
    from ..shot import make_shot, parse_shot

    data = json.loads(Path(shot_file).read_text())
    data["generator"] = generator
    for row in data["rows"]:
        row.pop("generator", None)
    take = make_shot(parse_shot(data, where=f"{shot_file}: "), load)
    jumps = frame_jumps(take.positions)
    p99 = real_jump_p99(test)
    bridges = []
    for span in take.spans:
        if span.kind == "bridge":
            worst = float(jumps[max(0, span.start - 1):span.end].max())
            bridges.append({"row": span.row, "start": span.start, "end": span.end, "max_jump_m": worst, "within_real_p99": worst <= p99})
    return {"shot": Path(shot_file).name, "frames": int(len(take.positions)), "real_jump_p99_m": p99, "bridges": bridges,
            "skate": metrics.foot_skating(take.positions)}


def render(results: dict) -> str:
    lines = ["# Shots and root paths", "",
             "Generated by `python -m backend bench --paths N`. Root path: N random curves on the floor (cubic Bezier, 4-12 m), "
             "a one-row shot of a locomotion prompt (8 s) made along the curve by `shot.along.make_shot_along` (with Fit, made again with its duration scaled by curve length / travel, then retimed); root distance from the curve "
             "and foot skating (mean horizontal speed of feet in contact, m/s) against the same clips generated freely. Shot: the example shot's "
             "largest joint jump across each bridge against the real 99th percentile.", "",
             "With the speed from the motion, a take that travels further than its curve goes straight on past the curve's end; its root "
             "error is scored over the frames still on the curve, and the overruns are counted.", "",
             "| generator | speed | curves | takes longer than the curve | root error mean / max (cm) | curves within 10 cm | foot skating | vs free generation | free generation | real test data |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        for speed, s in r["paths"].items():
            lines.append(f"| {name} | {speed} | {r['curves']} | {s.get('overruns', 0)} | {s['mean_cm']:.1f} / {s['max_cm']:.1f} | {s['within_10cm']:.0%} | {s['skate']:.3f} | "
                         f"{s['skate_vs_free']:.2f}x | {r['free_skate']:.3f} | {r['real_skate']:.3f} |")
    lines += ["", "| generator | constraint clips | joint error at the keyed frame (max, m) | keyed-frame seams within real p99 | other range frames within real p99 | seam p99 (m) | foot skating |",
              "|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        c = r.get("constraints")
        if c:
            lines.append(f"| {name} | {c['clips']} | {c['anchor_error_max_m']:.3g} | {c['anchor_seams_within_real_p99']:.0%} | {c['other_steps_within_real_p99']:.0%} | "
                         f"{c['anchor_seam_p99_m']:.3f} | {c['skate']:.3f} |")
    lines += ["", "| generator | shot | frames | bridge (row): max joint jump (m), within real p99 | real p99 (m) | foot skating |", "|---|---|---|---|---|---|"]
    for name, r in results.items():
        s = r.get("shot")
        if s:
            bridges = "; ".join(f"row {b['row']}: {b['max_jump_m']:.3f} {'yes' if b['within_real_p99'] else 'NO'}" for b in s["bridges"])
            lines.append(f"| {name} | {Path(s['shot']).name} | {s['frames']} | {bridges} | {s['real_jump_p99_m']:.3f} | {s['skate']:.3f} |")
    lines += ["", "Where each row was measured:", ""]
    for name, r in results.items():
        m = r["measured"]
        lines.append(f"* {name}: {m['device']}, {m['date']}, commit {m['commit'][:10]}, `{m['command']}`")
    return "\n".join(lines) + "\n"


def write(json_path: Path, md_path: Path, name: str, result: dict) -> None:
    results = json.loads(json_path.read_text()) if json_path.is_file() else {}
    results[name] = result
    json_path.write_text(json.dumps(results, indent=1) + "\n")
    md_path.write_text(render(results))
