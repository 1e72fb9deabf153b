"""``python -m backend data stats``: counts per split and per source."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from . import cache
from .splits import SPLITS

from ..motion.timebase import FPS


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower())


def build_stats(folder: Path) -> dict:
    """{"splits": {split: {takes, clips, captions, hours, vocabulary,
    words_per_caption}}, "sources": {source: {split: {...}}}, ...}; mirrored
    copies are not counted."""
    manifest = cache.read_manifest(folder)
    table = cache.read_table(folder)

    def empty() -> dict:
        return {"takes": 0, "clips": 0, "captions": 0, "frames": 0, "words": 0, "vocab": set()}

    per_split = {s: empty() for s in SPLITS}
    per_source: dict[str, dict[str, dict]] = defaultdict(lambda: {s: empty() for s in SPLITS})
    for take in table["takes"]:
        for bucket in (per_split[take["split"]], per_source[take["source"]][take["split"]]):
            bucket["takes"] += 1
    for clip in table["clips"]:
        take = table["takes"][clip["take"]]
        for bucket in (per_split[take["split"]], per_source[take["source"]][take["split"]]):
            bucket["clips"] += 1
            bucket["captions"] += len(clip["captions"])
            bucket["frames"] += clip["end"] - clip["start"]
            for caption in clip["captions"]:
                words = _words(caption)
                bucket["words"] += len(words)
                bucket["vocab"].update(words)

    def finish(bucket: dict) -> dict:
        return {
            "takes": bucket["takes"],
            "clips": bucket["clips"],
            "captions": bucket["captions"],
            "hours": round(bucket["frames"] / FPS / 3600, 3),
            "vocabulary": len(bucket["vocab"]),
            "words_per_caption": round(bucket["words"] / bucket["captions"], 2) if bucket["captions"] else 0.0,
        }

    reasons = Counter(_reason_kind(s["reason"]) for s in manifest.get("skipped", []))
    written = manifest.get("config", {}).get("captions_per_clip")
    return {
        "augmentation": augmentation_stats(table, written) if written else None,
        "build": str(folder),
        "licence": manifest["licence"],
        "sources": {src: {s: finish(b) for s, b in splits.items()} for src, splits in sorted(per_source.items())},
        "splits": {s: finish(b) for s, b in per_split.items()},
        "skipped": {"count": len(manifest.get("skipped", [])), "by_reason": dict(reasons.most_common())},
        "compact_mib": round(manifest.get("compact_bytes", 0) / 2**20, 2),
    }


def augmentation_stats(table: dict, written: int) -> dict:
    """Training captions before augmentation (the writers' first ``written``
    per clip) and after (every caption), with distinct counts and vocabulary."""
    before, after = [], []
    for clip in table["clips"]:
        if table["takes"][clip["take"]]["split"] == "train":
            before += clip["captions"][:written]
            after += clip["captions"]

    def count(captions: list[str]) -> dict:
        return {"captions": len(captions), "distinct": len({c.lower().rstrip(".") for c in captions}),
                "vocabulary": len({w for c in captions for w in _words(c)})}

    return {"split": "train", "before": count(before), "after": count(after)}


def _reason_kind(reason: str) -> str:
    """Group skip reasons by their wording, not by file names and counts."""
    text = re.sub(r"\S*/\S*", "<file>", reason)
    return re.sub(r"\d+", "N", text)[:90]
