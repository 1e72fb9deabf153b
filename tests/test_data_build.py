"""A small real build end to end: cache, licence, splits, captions, loader, bad input."""

from __future__ import annotations

import hashlib
import json
import shutil

import numpy as np
import pytest

from backend.cli import main
from backend.data import cache
from backend.data.build import build, process_take
from backend.data.config import PRESETS
from backend.data.dataset import load_build
from backend.data.sources.common import TakeSpec
from backend.data.stats import build_stats
from backend.motion.features import FEATURE_DIM


@pytest.fixture(scope="module")
def small_build(tmp_path_factory, cmu_folder, bandai_folders):
    out = tmp_path_factory.mktemp("build") / "small"
    config = PRESETS["default"].with_(name="small", limit_per_source=2)
    return build(config, out_dir=out, workers=2)


def test_manifest_records_sources_licence_and_skips(small_build):
    manifest = cache.read_manifest(small_build)
    assert manifest["config"]["sources"] == ["cmu", "bandai"]
    assert "non-commercial" in manifest["licence"] and manifest["commercial_use"] is False
    assert set(manifest["config"]["source_licences"]) == {"cmu", "bandai"}
    assert all(s["reason"] for s in manifest["skipped"])
    assert any("dance-long_normal_001" in s["item"] for s in manifest["skipped"])
    assert manifest["compact_bytes"] < 40 * 2**20


def test_stats_shape_and_counts(small_build):
    stats = build_stats(small_build)
    for split in ("train", "val", "test"):
        row = stats["splits"][split]
        assert set(row) >= {"takes", "clips", "captions", "hours"}
        assert 2 <= row["takes"] <= 4 and row["clips"] >= row["takes"] and row["hours"] > 0  # 2 takes per source, some too short
        assert row["captions"] >= 5 * row["clips"]
    assert set(stats["sources"]) == {"cmu", "bandai"}


def test_no_motion_appears_in_two_splits(small_build):
    table = cache.read_table(small_build)
    takes = cache.read_positions(small_build)
    owner = {}
    for clip in table["clips"]:
        split = table["takes"][clip["take"]]["split"]
        digest = hashlib.sha1(takes[clip["take"]][clip["start"]:clip["end"]].tobytes()).hexdigest()
        assert owner.setdefault(digest, split) == split


def test_loader_gives_features_mirrors_and_swapped_captions(small_build):
    train = load_build(small_build, "train")
    assert len(train) > 0 and train.mean.shape == (FEATURE_DIM,) and np.all(train.std > 0)
    originals = {i.name: i for i in train.items if not i.mirrored}
    mirrors = [i for i in train.items if i.mirrored]
    assert len(mirrors) == len(originals)
    for item in mirrors:
        source = originals[item.name[1:]]
        assert item.features.shape == source.features.shape and item.features.shape[1] == FEATURE_DIM
        for a, b in zip(source.captions, item.captions):
            if "left" in a.lower() and "right" not in a.lower():
                assert "right" in b.lower() and "left" not in b.lower()
    assert all(np.isfinite(i.features).all() for i in train.items)
    again = load_build(small_build, "train")
    assert np.array_equal(again.items[0].features, train.items[0].features)


def test_positions_survive_the_compact_cache():
    rng = np.random.default_rng(0)
    takes = [np.cumsum(rng.normal(scale=0.01, size=(n, 22, 3)), axis=0) for n in (5, 40)]
    decoded = cache.decode_positions(cache.encode_positions(takes))
    for a, b in zip(takes, decoded):
        # bone vectors are quantised, so errors add up along a chain (<= 7 bones)
        assert a.shape == b.shape and np.abs(a - b).max() <= 7 * cache.QUANTUM / 2 + 1e-6


def test_bad_takes_are_reported_not_dropped_silently(tmp_path, bandai_folders):
    good = next((bandai_folders["bandai-2"] / "data").glob("dataset-2_walk_normal_*.bvh"))
    truncated = tmp_path / "truncated.bvh"
    truncated.write_text(good.read_text()[: len(good.read_text()) // 2])
    nan = tmp_path / "nan.bvh"
    head, motion = good.read_text().split("MOTION")
    lines = motion.strip().split("\n")
    short = tmp_path / "short.bvh"
    short.write_text(head + "MOTION\nFrames: 10\n" + "\n".join(lines[1:12]) + "\n")
    lines[5] = " ".join(["nan"] * len(lines[5].split()))
    nan.write_text(head + "MOTION\n" + "\n".join(lines) + "\n")
    config = PRESETS["default"]
    text = {"content": "walk", "style": "normal"}
    for path, reason in ((truncated, "truncated"), (nan, "NaN"), (short, "shorter than 24 frames"), (tmp_path / "gone.bvh", "cannot read")):
        result = process_take(TakeSpec("bandai", path.stem, str(path), "train", text), config)
        assert result.positions is None and result.skipped, path
        assert reason in result.skipped[0].reason
        if path.exists():
            assert path.name in result.skipped[0].reason or "frames" in result.skipped[0].reason


def test_cli_stats_json(small_build, capsys):
    assert main(["data", "stats", "--build", str(small_build), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed["splits"]) == {"train", "val", "test"}
    assert main(["data", "stats", "--build", str(small_build / "nope")]) == 2


def test_cmu_only_build_allows_commercial_use(tmp_path, cmu_folder):
    config = PRESETS["cmu"].with_(limit_per_source=3)
    folder = build(config, out_dir=tmp_path / "cmu", workers=1)
    manifest = cache.read_manifest(folder)
    assert manifest["commercial_use"] is True and manifest["config"]["sources"] == ["cmu"]
    assert set(build_stats(folder)["sources"]) == {"cmu"}
    shutil.rmtree(folder)


def test_round_trip_over_built_clips(small_build):
    from backend.data.checks import feature_round_trip

    report = feature_round_trip(small_build, clips=50)
    assert report["cmu"]["max_mm"] < 1.0 and report["bandai"]["max_mm"] < 1.0


def test_caption_embeddings_are_cached_per_build(small_build):
    from backend.data.embed import build_captions, embed_build

    path, count = embed_build(small_build)
    captions = build_captions(small_build)
    assert count == len(captions) and path.is_file()
    with np.load(path, allow_pickle=False) as data:
        vectors = [data[k] for k in data.files if data[k].ndim == 2 and data[k].shape[1] == 384]
    assert vectors and vectors[0].shape[0] == count
    mtime = path.stat().st_mtime_ns
    embed_build(small_build)
    assert path.stat().st_mtime_ns == mtime  # nothing recomputed, nothing rewritten
