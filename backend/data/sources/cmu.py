"""CMU (Daz skeleton BVH, 24 or 12 fps) -> canonical positions at 20 fps.

Facts from the dataset README: frame 0 of every file is an added T-pose and is
dropped; HumanML3D frame j sits at BVH frame k(j) = 0.2 + j * bvh_fps / 20
(counting the T-pose as frame 0), which is also the time grid used for takes
HumanML3D did not crop, so crops index the resampled take directly.
Identical-motion twins (``identical_motion``) are merged into one take that
keeps every twin's description and crops.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np

from ...bvh.kinematics import local_transforms
from ...bvh.mappings import CMU_DAZ
from ...bvh.reader import read_bvh
from ...motion import resample
from ..config import BuildConfig
from ..splits import majority_split, split_by_fraction
from .common import Skipped, TakeSpec

# README section 8: root-rotation spikes that are export glitches, not motion.
HIP_SPIKE_GLITCHES = frozenset(
    {"20_10", "28_01", "28_10", "60_08", "60_09", "83_68", "122_68", "104_01", "104_21", "138_32", "138_54"}
)


def _read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _twin_groups(rows: list[dict]) -> dict[str, str]:
    """Take -> representative take of its identical-motion group (union-find)."""
    parent = {row["take"]: row["take"] for row in rows}

    def find(t: str) -> str:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    for row in rows:
        for twin in filter(None, (row.get("identical_motion") or "").replace(";", " ").replace(",", " ").split()):
            if twin in parent:
                a, b = sorted((find(row["take"]), find(twin)))
                parent[b] = a
    return {t: find(t) for t in parent}


def specs(folder: Path, config: BuildConfig) -> tuple[list[TakeSpec], list[Skipped]]:
    rows = _read_csv(folder / "takes.csv")
    crops_by_take: dict[str, list[dict]] = defaultdict(list)
    for crop in _read_csv(folder / "humanml3d_crops.csv"):
        crops_by_take[crop["take"]].append(crop)
    group_of = _twin_groups(rows)
    members: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        members[group_of[row["take"]]].append(row)

    out: list[TakeSpec] = []
    skipped: list[Skipped] = []
    for rep in sorted(members, key=lambda t: tuple(int(p) for p in t.split("_"))):
        group = sorted(members[rep], key=lambda r: (not r["description"].strip(), r["take"]))
        names = [r["take"] for r in group]
        main = group[0]
        bvh = folder / "bvh" / main["subject"].zfill(2) / f"{main['take']}.bvh"
        if config.drop_hip_spike_glitches and any(n in HIP_SPIKE_GLITCHES for n in names):
            skipped.append(Skipped("cmu", "/".join(names), "root-rotation spike glitch (dataset README section 8)"))
            continue
        crops = [c for n in names for c in crops_by_take.get(n, [])]
        split = majority_split([c["split"] for c in crops]) or split_by_fraction(rep, config.split_fractions, config.seed)
        descriptions = list(dict.fromkeys(r["description"].strip() for r in group if r["description"].strip()))
        out.append(
            TakeSpec(
                source="cmu",
                take=main["take"],
                path=str(bvh),
                split=split,
                text={"descriptions": descriptions, "subject_description": main["subject_description"].strip()},
                crops=tuple((int(c["start_frame"]), int(c["end_frame"])) for c in crops),
                aliases=tuple(n for n in names if n != main["take"]),
                labels={"bvh_fps": int(main["bvh_fps"])},
            )
        )
    return out, skipped


def canonical_positions(spec: TakeSpec, fps: int) -> np.ndarray:
    """(T, 22, 3) canonical positions at ``fps`` on HumanML3D's time grid."""
    bvh = read_bvh(spec.path)
    if bvh.frames < 3:
        raise ValueError(f"{spec.path}: only {bvh.frames} frames (frame 0 is the T-pose)")
    bvh_fps = round(bvh.fps)
    rotations, translations = local_transforms(bvh)
    rotations, translations = rotations[1:], translations[1:]
    step = bvh_fps / fps
    count = int(np.floor((bvh.frames - 1 - 0.2) / step + 1e-9)) + 1
    times = 0.2 + step * np.arange(count) - 1.0  # BVH frame k(j), minus the dropped T-pose
    rotations = resample.interpolate_rotations(rotations, times)
    translations = resample.interpolate_positions(translations, times)
    return CMU_DAZ.to_canonical(bvh, rotations, translations)
