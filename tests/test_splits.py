"""Deterministic splits: no motion in two splits, twins together, Bandai stratified."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

from backend.data.config import BuildConfig
from backend.data.sources import bandai, cmu
from backend.data.splits import PATTERN, majority_split, stratified_pattern


def test_majority_split_prefers_rarer_split_on_ties():
    assert majority_split(["train", "train", "test"]) == "train"
    assert majority_split(["train", "test"]) == "test"
    assert majority_split(["none", ""]) is None


def test_stratified_pattern_is_exact_for_large_strata():
    strata = {"a": [f"a{i}" for i in range(20)], "b": [f"b{i}" for i in range(30)]}
    split = stratified_pattern(strata)
    for name, takes in strata.items():
        counts = Counter(split[t] for t in takes)
        assert counts == {"train": len(takes) * 8 // 10, "val": len(takes) // 10, "test": len(takes) // 10}
    assert stratified_pattern(strata) == split
    assert len(PATTERN) == 10


def test_cmu_twins_never_straddle_splits(cmu_folder):
    specs, skipped = cmu.specs(cmu_folder, BuildConfig())
    split_of = {}
    for spec in specs:
        for take in (spec.take, *spec.aliases):
            assert take not in split_of, f"{take} appears twice"
            split_of[take] = spec.split
    with open(cmu_folder / "takes.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    dropped = {t for s in skipped for t in s.item.split("/")}
    for row in rows:
        assert row["take"] in split_of or row["take"] in dropped, row["take"]
        for twin in (row["identical_motion"] or "").replace(";", " ").replace(",", " ").split():
            if row["take"] in split_of and twin in split_of:
                assert split_of[twin] == split_of[row["take"]], (row["take"], twin)
    counts = Counter(s.split for s in specs)
    assert counts["train"] > 0.7 * len(specs) and counts["val"] > 0 and counts["test"] > 0
    again, _ = cmu.specs(cmu_folder, BuildConfig())
    assert [(s.take, s.split) for s in again] == [(s.take, s.split) for s in specs]


def test_cmu_follows_humanml3d_where_it_does_not_leak(cmu_folder):
    specs, _ = cmu.specs(cmu_folder, BuildConfig())
    with open(cmu_folder / "humanml3d_crops.csv", newline="", encoding="utf-8") as handle:
        crops = list(csv.DictReader(handle))
    labels = defaultdict(set)
    for crop in crops:
        labels[crop["take"]].add(crop["split"])
    agree = total = 0
    for spec in specs:
        group = {l for t in (spec.take, *spec.aliases) for l in labels.get(t, set())} - {"none"}
        if len(group) == 1:
            total += 1
            agree += next(iter(group)) == spec.split
    assert total > 1000 and agree == total


def test_bandai_is_stratified_and_reports_the_missing_take(bandai_folders):
    specs, skipped = bandai.specs(bandai_folders, BuildConfig())
    assert any("dance-long_normal_001" in s.item and "missing" in s.reason for s in skipped)
    strata = defaultdict(Counter)
    for spec in specs:
        strata[(spec.labels["set"], spec.labels["content"], spec.labels["style"])][spec.split] += 1
    for key, counts in strata.items():
        total = sum(counts.values())
        if total >= 10:
            assert counts["val"] >= total // 10 and counts["test"] >= total // 10, key
    overall = Counter(s.split for s in specs)
    assert abs(overall["train"] / len(specs) - 0.8) < 0.02
