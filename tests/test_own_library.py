"""Own motion library (``data build --from DIR``): a small fixture folder
(tests/fixtures/library: three CMU takes re-saved as plain BVH, a sidecar
caption file, a captions.json index, a truncated file, a non-humanoid
chain, an FBX) builds, with every bad file skipped for a stated reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from backend.data import cache
from backend.data.build import build
from backend.data.config import BuildConfig
from backend.data.sources import folder as own

LIBRARY = Path(__file__).parent / "fixtures" / "library"


def _config(**changes) -> BuildConfig:
    fields = dict(name="mylib", sources=("folder",), folder=str(LIBRARY), folder_licence="Studio X internal use", min_clip_frames=24)
    fields.update(changes)
    return BuildConfig(**fields)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("mylib")
    build(_config(), out_dir=out, workers=1)
    return out


def test_the_library_builds_with_bad_files_skipped_for_a_reason(built):
    manifest = cache.read_manifest(built)
    reasons = {s["item"]: s["reason"] for s in manifest["skipped"]}
    assert "could not be mapped onto a human" in reasons["misc/crane"]
    assert "broken.bvh" in reasons["misc/broken"]
    assert "FBX is not read" in reasons[str(Path("misc/take.fbx"))]
    table = cache.read_table(built)
    takes = {t["take"] for t in table["takes"]}
    assert takes == {"walks/walk_a", "walks/turn_b", "misc/box_c"}
    assert manifest["licence"].startswith("Studio X internal use") and manifest["commercial_use"] is False
    positions = cache.read_positions(built)
    assert all(p.shape[1:] == (22, 3) and np.isfinite(p).all() for p in positions)
    walk = positions[[t["take"] for t in table["takes"]].index("walks/walk_a")]
    assert np.linalg.norm(walk[-1, 0, [0, 2]] - walk[0, 0, [0, 2]]) > 1.0, "the walk travels (metres, Y up)"
    assert walk[:, :, 1].min() > -0.05 and walk[:, 15, 1].mean() > 1.3, "standing on the floor, head up"


def test_captions_come_from_sidecars_the_index_or_the_describer(built):
    table = cache.read_table(built)
    by_take = {}
    for clip in table["clips"]:
        by_take.setdefault(table["takes"][clip["take"]]["take"], []).extend(clip["captions"])
    assert any("walks forward" in c for c in by_take["walks/walk_a"])
    assert any("turn" in c for c in by_take["walks/turn_b"])
    assert by_take["misc/box_c"], "the describer captions a take without captions"


def test_a_library_needs_a_declared_licence_and_a_folder(tmp_path):
    with pytest.raises(ValueError, match="declare the licence"):
        _config(folder_licence="")
    with pytest.raises(ValueError, match="needs its folder"):
        BuildConfig(sources=("folder",), folder_licence="x")
    with pytest.raises(ValueError, match="no .bvh files"):
        own.specs(tmp_path, _config())
    assert _config(folder_commercial=True).commercial_use and not _config(sources=("folder", "bandai")).commercial_use


def test_units_and_a_skeleton_as_an_armature():
    from backend.bvh.reader import read_bvh

    bvh = read_bvh(LIBRARY / "walks" / "walk_a.bvh")
    rig = own.bvh_rig(bvh)
    assert rig.names == bvh.names and np.allclose(rig.heads[0], bvh.joints[0].offset)
    pose = own.bvh_pose(bvh, rig)
    assert pose.shape == (bvh.frames, len(bvh.joints), 4, 4)
    assert np.allclose(np.linalg.det(pose[..., :3, :3]), 1.0, atol=1e-6)


def test_an_interrupted_build_resumes_without_reading_finished_takes_again(tmp_path, monkeypatch):
    from backend.data import build as build_module

    real = build_module.POSITIONS["folder"]
    reads, done = [], []

    def interrupted(spec, fps):
        if len(done) == 2:
            raise KeyboardInterrupt  # the user stops the build
        reads.append(spec.take)
        positions = real(spec, fps)
        done.append(spec.take)
        return positions

    monkeypatch.setitem(build_module.POSITIONS, "folder", interrupted)
    out = tmp_path / "mylib"
    with pytest.raises(KeyboardInterrupt):
        build(_config(), out_dir=out, workers=1)
    first = list(done)
    assert len(list((out / ".partial").glob("*.npy"))) == 2

    reads.clear()
    monkeypatch.setitem(build_module.POSITIONS, "folder", lambda spec, fps: (reads.append(spec.take), real(spec, fps))[1])
    build(_config(), out_dir=out, workers=1)
    assert not set(first) & set(reads), "takes read before the interruption come from the partial cache"
    assert not (out / ".partial").exists()
    assert {t["take"] for t in cache.read_table(out)["takes"]} == {"walks/walk_a", "walks/turn_b", "misc/box_c"}


def test_an_evaluator_trains_on_a_build_without_content_labels(built, tmp_path):
    from backend.data.pack import make_pack
    from backend.eval.train import train_all

    pack = make_pack(built, tmp_path / "pack")
    result = train_all(pack, tmp_path / "eval", steps=3, recogniser_steps=3, batch=4, device="cpu", max_minutes=None)
    weights = tmp_path / "eval" / "weights"
    assert (weights / "evaluator.json").is_file() and not (weights / "recogniser.json").exists()
    assert "recogniser" not in result


@pytest.mark.parametrize("splits, wanted", [
    (["train", "test"], ["train", "val"]),
    (["val", "test"], ["train", "val"]),
    (["test", "test"], ["train", "val"]),
    (["train", "train", "train"], ["val", "test", "train"]),
    (["test"], ["train"]),
    (["train"] * 8 + ["val"], ["test"] + ["train"] * 7 + ["val"]),
])
def test_small_libraries_keep_a_training_take_and_get_the_others(splits, wanted):
    from backend.data.sources.common import TakeSpec

    specs = [TakeSpec("folder", f"t{k}", "", split, {}) for k, split in enumerate(splits)]
    assert sorted(s.split for s in own.ensure_splits(specs)) == sorted(wanted)
