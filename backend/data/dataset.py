"""Load a dataset build as ``TextMotionSplit``s (features computed on load).

Features are derived from the compact positions once and kept in a local
``features.npz`` next to the build (not part of the compact cache). Mirrored
samples are made in feature space with captions whose left/right are swapped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from ..motion.features import positions_to_features
from ..motion.mirror import mirror_features
from . import cache
from .captions import swap_left_right
from .items import TextMotionItem, TextMotionSplit

FEATURES = "features.npz"


def _features_path(folder: Path) -> Path:
    digest = hashlib.sha1((folder / cache.MOTIONS).read_bytes()).hexdigest()[:12]
    return folder.parent / f"{folder.name}.features-{digest}.npz"


def clip_features(folder: Path) -> list[np.ndarray]:
    """(T-1, 263) float32 features of every clip in table order (cached)."""
    folder = Path(folder)
    path = _features_path(folder)
    table = cache.read_table(folder)
    if path.is_file():
        with np.load(path, allow_pickle=False) as data:
            flat, lengths = data["features"], data["lengths"]
        if len(lengths) == len(table["clips"]):
            return np.split(flat, np.cumsum(lengths)[:-1]) if len(lengths) else []
    takes = cache.read_positions(folder)
    features = [positions_to_features(takes[c["take"]][c["start"]:c["end"]]) for c in table["clips"]]
    lengths = np.array([len(f) for f in features], dtype=np.int64)
    np.savez(path, features=np.concatenate(features) if features else np.zeros((0, 263), np.float32), lengths=lengths)
    return features


def load_build(folder: Path, split: str, *, mirrored: bool = True) -> TextMotionSplit:
    """The items of ``split`` ('train', 'val' or 'test') of a build."""
    folder = Path(folder)
    cache.read_manifest(folder)
    table = cache.read_table(folder)
    mean, std = cache.read_stats(folder)
    features = clip_features(folder)
    items: list[TextMotionItem] = []
    for clip, f in zip(table["clips"], features):
        take = table["takes"][clip["take"]]
        if take["split"] != split:
            continue
        labels = dict(take["labels"], **take["text"])
        common = dict(source=take["source"], split=split, take=take["take"], labels=labels)
        items.append(TextMotionItem(name=clip["name"], features=f, captions=tuple(clip["captions"]), **common))
        if mirrored:
            items.append(
                TextMotionItem(
                    name="M" + clip["name"],
                    features=mirror_features(f).astype(np.float32),
                    captions=tuple(swap_left_right(c) for c in clip["captions"]),
                    mirrored=True,
                    **common,
                )
            )
    return TextMotionSplit(split, tuple(items), mean, std)
