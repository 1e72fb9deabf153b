"""Bandai-Namco (30 fps, 22-joint BVH, content x style labels) -> canonical
positions at 20 fps. Local rotations are slerped to the new rate."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from ...bvh.kinematics import local_transforms
from ...bvh.mappings import BANDAI
from ...bvh.reader import read_bvh
from ...motion import resample
from ..config import BuildConfig
from ..splits import stratified_pattern
from .common import Skipped, TakeSpec


# Takes whose motion contradicts their label (measured root heading; see
# docs/captions.md): left out with this reason rather than taught wrong text.
MISLABELLED = {
    "dataset-2_walk-turn-left_masculine_006": "labelled turn-left but turns right",
    "dataset-2_walk-turn-left_masculine_007": "labelled turn-left but turns right",
    "dataset-2_walk-turn-right_masculine_007": "labelled turn-right but turns left",
    "dataset-2_walk-turn-right_masculine_006": "labelled turn-right but spins about 270 degrees",
}


def _labels(folder: Path, name: str) -> list[str]:
    path = folder / "cfg" / name
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def specs(folders: dict[str, Path], config: BuildConfig) -> tuple[list[TakeSpec], list[Skipped]]:
    """``folders``: set name ('bandai-1', 'bandai-2') -> extracted folder."""
    candidates: list[tuple[str, str, Path, str, str]] = []
    skipped: list[Skipped] = []
    for set_name, folder in sorted(folders.items()):
        prefix = set_name.split("-")[1]
        contents = [c.removeprefix(f"dataset-{prefix}_") for c in _labels(folder, "content_label.txt")]
        styles = [s.removeprefix(f"dataset-{prefix}_") for s in _labels(folder, "style_label.txt")]
        for label_path in sorted((folder / "data").glob("*.json")):
            take = label_path.stem
            try:
                label = json.loads(label_path.read_text(encoding="utf-8"))
                content, style = contents[int(label["content"])], styles[int(label["style"])]
            except (ValueError, KeyError, IndexError) as error:
                skipped.append(Skipped("bandai", take, f"unreadable label file {label_path.name}: {error}"))
                continue
            bvh = label_path.with_suffix(".bvh")
            if not bvh.is_file():
                skipped.append(Skipped("bandai", take, f"label file without motion: {bvh.name} is missing"))
                continue
            if take in MISLABELLED:
                skipped.append(Skipped("bandai", take, f"label contradicts the motion: {MISLABELLED[take]}"))
                continue
            if f"_{content}_{style}_" not in take:
                skipped.append(Skipped("bandai", take, f"label ({content}, {style}) contradicts the file name"))
                continue
            candidates.append((set_name, take, bvh, content, style))
        for bvh in sorted((folder / "data").glob("*.bvh")):
            if not bvh.with_suffix(".json").is_file():
                skipped.append(Skipped("bandai", bvh.stem, "motion without a label file"))

    strata: dict[str, list[str]] = defaultdict(list)
    for set_name, take, _, content, style in candidates:
        strata[f"{set_name}/{content}/{style}"].append(take)
    split_of = stratified_pattern(strata, config.seed)
    out = [
        TakeSpec(
            source="bandai",
            take=take,
            path=str(bvh),
            split=split_of[take],
            text={"content": content, "style": style},
            labels={"set": set_name, "content": content, "style": style},
        )
        for set_name, take, bvh, content, style in candidates
    ]
    return out, skipped


def canonical_positions(spec: TakeSpec, fps: int) -> np.ndarray:
    """(T, 22, 3) canonical positions at ``fps``."""
    bvh = read_bvh(spec.path)
    if bvh.frames < 2:
        raise ValueError(f"{spec.path}: only {bvh.frames} frame(s)")
    rotations, translations = local_transforms(bvh)
    times = resample.sample_times(bvh.frames, bvh.fps, fps)
    rotations = resample.interpolate_rotations(rotations, times)
    translations = resample.interpolate_positions(translations, times)
    return BANDAI.to_canonical(bvh, rotations, translations)
