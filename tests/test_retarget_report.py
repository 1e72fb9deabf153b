"""``python -m backend retarget report``: figures on a build's test clips."""

import argparse
import json

import numpy as np
import pytest

from backend.data import cache
from backend.retarget import cli
from backend.retarget.presets import PRESETS
from backend.retarget.report import detection_report, retarget_report

from .retarget_fixtures import planted_sway, synthetic_motion


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("build")
    takes = [synthetic_motion(40, seed=1).astype(np.float32), planted_sway(40).astype(np.float32)]
    table = {
        "takes": [{"source": "synthetic", "take": f"t{i}", "split": "test", "frames": 40} for i in range(2)]
        + [{"source": "synthetic", "take": "train", "split": "train", "frames": 40}],
        "clips": [{"take": i, "start": 0, "end": 40, "name": f"t{i}", "captions": []} for i in range(3)],
    }
    takes.append(takes[0])
    cache.write_compact(folder, takes=takes, table=table, manifest={"name": "tiny"}, mean=np.zeros(263), std=np.ones(263))
    return folder


def test_report_has_every_figure(tiny_build):
    presets = {name: PRESETS[name] for name in ("canonical", "mixamo", "unreal_ue5")}
    report = retarget_report(tiny_build, clips=5, fps=30.0, presets=presets)
    assert report["clips"] == 2 and set(report["clip_names"]) == {"t0", "t1"}
    for name in presets:
        row = report["per_preset"][name]
        assert row["mapped_limbs_direction_deg"]["mean"] < 0.01
        assert row["mapped_limbs_direction_deg_at_fps"]["mean"] < 1.0
        assert row["skating_cm_per_s"]["after"]["mean"] < row["skating_cm_per_s"]["before"]["mean"]
        assert set(row["direction_deg"]) >= {"upper_arms", "forearms", "thighs", "shins", "feet", "spine"}
        for key in ("mapped_limbs_direction_deg_at_fps", "mapped_limbs_direction_deg_at_fps_foot_locked"):
            summary = row[key]
            assert summary["mean"] <= summary["p99"] <= summary["max_frame"] and summary["max"] <= summary["max_frame"]
        floor = row["floor_contact_cm"]
        assert min(floor["min_toe_cm"], floor["min_heel_cm"]) >= -0.5 and floor["planted_foot_frames"] > 0
        assert abs(floor["planted_median_cm"]) <= 1.0
    assert set(report["floor_contact_cm_awkward_rigs"]) == {
        "twisted", "rolled", "y_up_rotated", "turned_offset", "toe_less", "collar_less", "centimetre_1pct"}
    assert set(report["per_family_mapped_limbs_direction_deg"]) == {"canonical", "mixamo", "unreal"}
    assert report["detection"]["correct"] == report["detection"]["total"]
    json.dumps(report)


def test_detection_report_covers_all_presets_and_renamings():
    report = detection_report()
    assert report["total"] == len(PRESETS) * 5
    assert report["correct"] == report["total"], report["failures"]


def test_cli_writes_the_report(tiny_build, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    out = tmp_path / "bench" / "retarget.json"
    table, earlier = tmp_path / "bench" / "RETARGET.md", tmp_path / "earlier.json"
    earlier.write_text(json.dumps({"per_preset": {}, "measured": {"label": "nothing"}}))
    args = parser.parse_args(["retarget", "report", "--build", str(tiny_build), "--clips", "1", "--out", str(out),
                              "--table", str(table), "--compare", str(earlier), "--label", "again"])
    assert args.handler(args) == 0
    written = json.loads(out.read_text())
    assert set(written["per_preset"]) == set(PRESETS)
    assert written["measured"]["command"].startswith("python -m backend retarget report --build ")
    assert written["measured"]["label"] == "again" and written["measured"]["commit"] and written["measured"]["date"]
    markdown = table.read_text()
    assert "compares with nothing" in markdown and all(f"| {name} |" in markdown for name in PRESETS)
    assert json.loads(capsys.readouterr().out)["clips"] == 1
    args = parser.parse_args(["retarget", "presets"])
    assert args.handler(args) == 0
    assert "mixamo" in capsys.readouterr().out
    args = parser.parse_args(["retarget", "report", "--build", str(tmp_path / "missing")])
    with pytest.raises(FileNotFoundError):
        args.handler(args)
