"""Measurements on a build: the feature round trip (positions -> 263-d ->
positions) over real clips, reported by ``python -m backend data roundtrip``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..motion.features import canonicalize, positions_to_features, recover_from_ric
from . import cache
from .splits import stable_unit


def feature_round_trip(folder: Path, *, clips: int = 500, seed: int = 0) -> dict:
    """Max and mean joint error (mm) of recover_from_ric(features(p)) vs p on
    ``clips`` clips chosen by hash, per source."""
    table = cache.read_table(folder)
    takes = cache.read_positions(folder)
    chosen = sorted(table["clips"], key=lambda c: stable_unit(c["name"], seed))[:clips]
    errors: dict[str, list[float]] = {}
    worst = {"clip": "", "mm": 0.0}
    for clip in chosen:
        positions = takes[clip["take"]][clip["start"]:clip["end"]]
        recovered = recover_from_ric(positions_to_features(positions))
        error = np.linalg.norm(recovered - canonicalize(positions)[:-1], axis=-1) * 1000.0
        source = table["takes"][clip["take"]]["source"]
        errors.setdefault(source, []).append(float(error.max()))
        errors.setdefault("all_mean", []).append(float(error.mean()))
        if error.max() > worst["mm"]:
            worst = {"clip": clip["name"], "mm": float(error.max())}
    report = {
        source: {"clips": len(values), "max_mm": max(values), "median_of_clip_max_mm": float(np.median(values))}
        for source, values in errors.items()
        if source != "all_mean"
    }
    report["mean_mm"] = float(np.mean(errors.get("all_mean", [0.0])))
    report["worst"] = worst
    return report
