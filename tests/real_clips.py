"""A handful of real takes as canonical positions (20 fps, canonical skeleton)."""

from __future__ import annotations

from pathlib import Path

from backend.data.sources import bandai, cmu
from backend.data.sources.common import TakeSpec
from backend.motion.kinematics import uniform_skeleton

# Walking, jumps with a turn around, boxing, a short run, a 12 fps take,
# a walk that turns around.
CMU_TAKES = ("02_01", "01_01", "13_17", "09_01", "80_63", "36_02")
BANDAI_TAKES = (
    ("bandai-2", "dataset-2_walk-turn-left_normal_003"),
    ("bandai-2", "dataset-2_wave-right-hand_active_003"),
    ("bandai-1", "dataset-1_kick_normal_001"),
)


def cmu_spec(folder: Path, take: str) -> TakeSpec:
    subject = take.split("_")[0]
    return TakeSpec("cmu", take, str(folder / "bvh" / subject / f"{take}.bvh"), "train", {})


def real_clips(cmu_folder: Path, bandai_folders: dict[str, Path], max_frames: int = 200) -> dict[str, object]:
    clips = {}
    for take in CMU_TAKES:
        clips[take] = cmu.canonical_positions(cmu_spec(cmu_folder, take), 20)[:max_frames]
    for key, take in BANDAI_TAKES:
        spec = TakeSpec("bandai", take, str(bandai_folders[key] / "data" / f"{take}.bvh"), "train", {})
        clips[take] = bandai.canonical_positions(spec, 20)[:max_frames]
    return {name: uniform_skeleton(p) for name, p in clips.items()}
