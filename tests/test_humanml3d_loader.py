"""Tests of the HumanML3D layout loader (``backend.data.humanml3d``).

Run from the repository root: ``python -m pytest tests/test_humanml3d_loader.py -q``.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_HERE)
for _p in (_ROOT, _HERE):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from backend.data.humanml3d import (  # noqa: E402
    HumanML3DSplit,
    SkippedItem,
    humanml3d_stats,
    is_humanml3d_root,
    load_humanml3d,
    parse_caption_line,
)
from backend.data.items import TextMotionItem, TextMotionSplit  # noqa: E402
from fixtures_humanml3d import make_humanml3d_fixture  # noqa: E402


@pytest.fixture(scope="module")
def h3d(tmp_path_factory):
    root = tmp_path_factory.mktemp("humanml3d")
    return make_humanml3d_fixture(root)


def _by_name(split):
    return {item.name: item for item in split.items}


def _skips(split):
    return {s.name: s.reason for s in split.skipped}


# --------------------------------------------------------------------------
# parse_caption_line


def test_parse_standard_line():
    cap, toks, a, b = parse_caption_line(
        "a man walks forward.#a/DET man/NOUN walk/VERB forward/ADV#1.5#3.25\n"
    )
    assert cap == "a man walks forward."
    assert toks == ("a/DET", "man/NOUN", "walk/VERB", "forward/ADV")
    assert (a, b) == (1.5, 3.25)


def test_parse_nan_and_whitespace():
    assert parse_caption_line("  a jump. #a/DET jump/NOUN#nan#nan \r\n") == (
        "a jump.",
        ("a/DET", "jump/NOUN"),
        0.0,
        0.0,
    )
    assert parse_caption_line("x#x/X#NaN#2.0") == ("x", ("x/X",), 0.0, 2.0)


def test_parse_extra_hash_in_caption():
    cap, toks, a, b = parse_caption_line("a man does a #1 pose#a/DET man/NOUN#0.0#0.0")
    assert cap == "a man does a #1 pose"
    assert toks == ("a/DET", "man/NOUN")
    assert (a, b) == (0.0, 0.0)
    # '#' in the text and no other fields: the whole line is the caption
    assert parse_caption_line("press #2 then #3") == ("press #2 then #3", (), 0.0, 0.0)


def test_parse_missing_fields():
    assert parse_caption_line("a person waves") == ("a person waves", (), 0.0, 0.0)
    assert parse_caption_line("a person waves#a/DET person/NOUN wave/VERB") == (
        "a person waves",
        ("a/DET", "person/NOUN", "wave/VERB"),
        0.0,
        0.0,
    )
    assert parse_caption_line("waves#wave/VERB#1.0") == ("waves", ("wave/VERB",), 1.0, 0.0)
    assert parse_caption_line("waves##0.0#0.0") == ("waves", (), 0.0, 0.0)
    assert parse_caption_line("waves#wave/VERB#1.0#") == ("waves", ("wave/VERB",), 1.0, 0.0)
    assert parse_caption_line("waves#wave/VERB#1.0#2.0#") == ("waves", ("wave/VERB",), 1.0, 2.0)
    assert parse_caption_line("   \n") == ("", (), 0.0, 0.0)
    assert parse_caption_line("\ufeffhi#hi/INTJ#0#0") == ("hi", ("hi/INTJ",), 0.0, 0.0)


# --------------------------------------------------------------------------
# load_humanml3d


def test_train_items(h3d):
    split = load_humanml3d(h3d["root"], "train")
    assert isinstance(split, HumanML3DSplit)
    assert isinstance(split, TextMotionSplit)
    assert split.name == "train"
    names = [item.name for item in split.items]
    assert names == [
        "000001",
        "000001#10#50",
        "000002",
        "000002#20#80",
        "000002#40#150",
        "M000002",
        "M000002#20#80",
    ]
    for item in split.items:
        assert isinstance(item, TextMotionItem)
        assert item.source == "humanml3d"
        assert item.split == "train"
        assert item.features.dtype == np.float32
        assert item.features.shape[1] == 263
        assert 40 <= item.frames < 200


def test_whole_motion_captions(h3d):
    items = _by_name(load_humanml3d(h3d["root"], "train"))
    one = items["000001"]
    assert one.frames == 60
    assert one.captions == ("a person walks forward.", "someone takes a few steps.")
    np.testing.assert_array_equal(one.features, h3d["features"]["000001"])
    assert one.take == "000001" and not one.mirrored
    assert one.labels["tokens"][0] == ("a/DET", "person/NOUN", "walk/VERB", "forward/ADV")
    two = items["000002"]
    assert two.captions == (
        "a man jumps up and down.",  # nan#nan = whole motion
        "a person hops in place.",
        "a man does a #1 pose.",
    )
    assert (two.labels["start_frame"], two.labels["end_frame"]) == (0, 150)


def test_sub_range_items(h3d):
    items = _by_name(load_humanml3d(h3d["root"], "train"))
    feats = h3d["features"]
    sub = items["000001#10#50"]
    assert sub.frames == 40
    assert sub.captions == ("the person raises both arms.",)
    np.testing.assert_array_equal(sub.features, feats["000001"][10:50])
    assert sub.take == "000001"
    assert sub.labels["humanml3d_id"] == "000001"
    assert (sub.labels["start_frame"], sub.labels["end_frame"]) == (10, 50)

    grouped = items["000002#20#80"]
    assert grouped.frames == 60
    assert grouped.captions == ("the man jumps.", "a person leaps upward.")
    np.testing.assert_array_equal(grouped.features, feats["000002"][20:80])

    clipped = items["000002#40#150"]  # 2.0-12.0 s clipped to the 150 frames
    assert clipped.frames == 110
    assert clipped.captions == ("the man lands and turns left.",)
    np.testing.assert_array_equal(clipped.features, feats["000002"][40:150])


def test_mirrored_flag(h3d):
    items = _by_name(load_humanml3d(h3d["root"], "train"))
    for name in ("M000002", "M000002#20#80"):
        assert items[name].mirrored
        assert items[name].take == "000002"
    for name in ("000001", "000002", "000002#20#80"):
        assert not items[name].mirrored

    plain = load_humanml3d(h3d["root"], "train", include_mirrored=False)
    assert [i.name for i in plain.items] == [
        "000001",
        "000001#10#50",
        "000002",
        "000002#20#80",
        "000002#40#150",
    ]
    assert not any(i.mirrored for i in plain.items)


def test_skipped_reasons(h3d):
    split = load_humanml3d(h3d["root"], "train")
    assert _skips(split) == {
        "000001#20#40": "too_short",
        "000002#120#140": "too_short",
        "000003": "too_short",
        "000004": "too_long",
        "000005": "non_finite",
        "000006": "missing_text",
        "000011": "missing_features",
    }
    assert all(isinstance(s, SkippedItem) and s.detail and s.path for s in split.skipped)
    by_name = {s.name: s for s in split.skipped}
    assert by_name["000006"].path.endswith(os.path.join("texts", "000006.txt"))
    assert by_name["000011"].path.endswith(os.path.join("new_joint_vecs", "000011.npy"))
    assert "35" in by_name["000003"].detail
    assert split.skipped_reasons() == {
        "too_short": 3,
        "too_long": 1,
        "non_finite": 1,
        "missing_text": 1,
        "missing_features": 1,
    }


def test_val_and_test_splits(h3d):
    val = load_humanml3d(h3d["root"], "val")
    items = _by_name(val)
    assert list(items) == ["000007", "M000007"]
    assert items["000007"].captions == (
        "a person waves with the right hand.",
        "someone greets.",
        "a person says hello",
    )
    assert items["000007"].frames == 45
    assert items["M000007"].mirrored
    assert _skips(val) == {"000010": "wrong_shape"}
    assert "251" in val.skipped[0].detail

    test = load_humanml3d(h3d["root"], "test")
    items = _by_name(test)
    # only sub-range captions: no whole-motion item
    assert list(items) == ["000008#0#60", "000008#60#120"]
    assert items["000008#0#60"].captions == ("a person sits down.",)
    assert items["000008#60#120"].captions == ("a person stands up.",)
    assert items["000008#60#120"].frames == 60
    assert _skips(test) == {"000009": "no_captions"}


def test_length_limits_are_parameters(h3d):
    split = load_humanml3d(h3d["root"], "train", min_frames=20, max_frames=201)
    names = {i.name for i in split.items}
    assert {"000001#20#40", "000002#120#140", "000003", "000004"} <= names
    assert _by_name(split)["000004"].frames == 200
    assert _skips(split) == {
        "000005": "non_finite",
        "000006": "missing_text",
        "000011": "missing_features",
    }
    with pytest.raises(ValueError):
        load_humanml3d(h3d["root"], "train", min_frames=50, max_frames=50)


def test_mean_std(h3d):
    split = load_humanml3d(h3d["root"], "train")
    assert split.mean.shape == (263,) and split.std.shape == (263,)
    assert split.mean.dtype == np.float32 and split.std.dtype == np.float32
    np.testing.assert_array_equal(split.mean, h3d["mean"])
    np.testing.assert_array_equal(split.std, h3d["std"])
    x = split.items[0].features
    np.testing.assert_allclose(split.denormalise(split.normalise(x)), x, rtol=1e-5, atol=1e-5)


def test_other_split_files(h3d):
    split = load_humanml3d(h3d["root"], "all")
    assert len(split.items) == 7 + 2 + 2
    assert {i.split for i in split.items} == {"all"}


# --------------------------------------------------------------------------
# stats


def test_stats_exact(h3d):
    stats = humanml3d_stats(h3d["root"])
    json.dumps(stats)  # JSON-serialisable
    assert stats["source"] == "humanml3d"
    assert list(stats["splits"]) == ["train", "val", "test"]
    train = stats["splits"]["train"]
    assert {k: train[k] for k in ("takes", "clips", "captions")} == {
        "takes": 2,
        "clips": 7,
        "captions": 11,
    }
    # 60 + 40 + 150 + 60 + 110 + 150 + 60 = 630 frames at 20 fps
    assert math.isclose(train["hours"], 630 / 20 / 3600, rel_tol=1e-12)
    assert stats["splits"]["val"] == {
        "takes": 1,
        "clips": 2,
        "captions": 4,
        "hours": 90 / 20 / 3600,
    }
    assert stats["splits"]["test"] == {
        "takes": 1,
        "clips": 2,
        "captions": 2,
        "hours": 120 / 20 / 3600,
    }
    assert stats["skipped"]["train"] == {
        "missing_features": 1,
        "missing_text": 1,
        "non_finite": 1,
        "too_long": 1,
        "too_short": 3,
    }
    assert stats["skipped"]["val"] == {"wrong_shape": 1}
    assert stats["skipped"]["test"] == {"no_captions": 1}


def test_stats_without_mirrors(h3d):
    stats = humanml3d_stats(h3d["root"], ["train"], include_mirrored=False)
    assert list(stats["splits"]) == ["train"]
    train = stats["splits"]["train"]
    assert (train["takes"], train["clips"], train["captions"]) == (2, 5, 9)
    assert math.isclose(train["hours"], 420 / 20 / 3600, rel_tol=1e-12)


# --------------------------------------------------------------------------
# bad folders


def test_errors_on_bad_folder(tmp_path, h3d):
    missing = tmp_path / "nope"
    with pytest.raises(FileNotFoundError, match="nope"):
        load_humanml3d(missing, "train")

    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(ValueError, match="file.txt"):
        load_humanml3d(a_file, "train")

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match="new_joint_vecs"):
        load_humanml3d(empty, "train")
    with pytest.raises(FileNotFoundError, match="new_joint_vecs"):
        humanml3d_stats(empty)
    assert not is_humanml3d_root(empty)
    assert is_humanml3d_root(h3d["root"])

    # the real layout one level down is suggested
    outer = tmp_path / "outer"
    make_humanml3d_fixture(outer / "HumanML3D")
    with pytest.raises(FileNotFoundError, match="did you mean"):
        load_humanml3d(outer, "train")

    root = tmp_path / "copy"
    shutil.copytree(h3d["root"], root)
    with pytest.raises(FileNotFoundError, match=r"train_x\.txt"):
        load_humanml3d(root, "train_x")

    (root / "val.txt").write_text("\n\n")
    with pytest.raises(ValueError, match=r"val\.txt"):
        load_humanml3d(root, "val")

    np.save(root / "Std.npy", np.ones(10, dtype=np.float32))
    with pytest.raises(ValueError, match=r"Std\.npy"):
        load_humanml3d(root, "train")
    os.remove(root / "Std.npy")
    with pytest.raises(FileNotFoundError, match=r"Std\.npy"):
        load_humanml3d(root, "train")
    # stats do not need Mean/Std
    assert humanml3d_stats(root, ["train"])["splits"]["train"]["clips"] == 7

    shutil.rmtree(root / "texts")
    with pytest.raises(FileNotFoundError, match="texts"):
        load_humanml3d(root, "train")

    no_splits = tmp_path / "nosplits"
    make_humanml3d_fixture(no_splits)
    for name in ("train", "val", "test"):
        os.remove(no_splits / f"{name}.txt")
    with pytest.raises(FileNotFoundError, match="train.txt"):
        humanml3d_stats(no_splits)
