"""The command line answers --help and rejects unknown input clearly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_help_lists_the_command_groups():
    out = subprocess.run([sys.executable, "-m", "backend", "--help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "data" in out and "text" in out


def test_data_help_lists_build_and_stats():
    out = subprocess.run([sys.executable, "-m", "backend", "data", "--help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "build" in out and "stats" in out


def test_unknown_preset_is_refused():
    result = subprocess.run([sys.executable, "-m", "backend", "data", "build", "--preset", "nope"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def _cli(args, capsys):
    from backend.cli import main

    try:
        code = main(args)
    except SystemExit as exit_:
        code = exit_.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_bad_sources_and_outputs_get_one_actionable_line(tmp_path, capsys):
    import numpy as np

    (tmp_path / "empty.npy").write_bytes(b"")
    np.savez(tmp_path / "a.npz", a=np.zeros(3))
    (tmp_path / "text.npy").write_text("hello")
    np.save(tmp_path / "objects.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    np.save(tmp_path / "flat.npy", np.zeros((10, 3)))
    (tmp_path / "afile").write_text("x")
    edit = ["edit", "--regenerate", "3:5", "--prompt", "a person jumps", "--out", str(tmp_path / "o.npy"), "--source"]
    cases = [
        (edit + [str(tmp_path / "empty.npy")], "is not a readable .npy file"),
        (edit + [str(tmp_path / "a.npz")], "is an .npz archive"),
        (edit + [str(tmp_path)], "is a folder"),
        (edit + [str(tmp_path / "text.npy")], "is not a readable .npy file"),
        (edit + [str(tmp_path / "objects.npy")], "is not a readable .npy file"),
        (edit + [str(tmp_path / "flat.npy")], "of shape (10, 3)"),
        (edit + [str(tmp_path / "missing.npy")], "does not exist"),
        (["generate", "walk", "--frames", "40", "--out", str(tmp_path)], "is a folder: give a file name"),
        (["generate", "walk", "--frames", "40", "--out", str(tmp_path / "afile" / "x.npy")], "is a file, not a folder"),
        (["generate", "walk", "--frames", "abc", "--out", str(tmp_path / "o.npy")], "--frames must be a whole number"),
        (["generate", "walk", "--frames", "40.5", "--out", str(tmp_path / "o.npy")], "--frames must be a whole number"),
        (["generate", "walk", "--frames", "40", "--seed", "18446744073709551616", "--out", str(tmp_path / "o.npy")], "seed must be a whole number from 0"),
        (["generate", "walk", "--frames", "40", "--seed", "1.5", "--out", str(tmp_path / "o.npy")], "--seed must be a whole number"),
        (["generate", "walk", "--frames", "40", "--models", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o.npy")], "not a folder"),
    ]
    for args, message in cases:
        code, out, err = _cli(args, capsys)
        assert code == 2, (args, out, err)
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], (args, err)
        assert "Traceback" not in err


def test_out_without_npy_reports_the_file_written_and_negative_ranges_are_answered(tmp_path, capsys):
    code, out, _ = _cli(["generate", "ＡＰＥＲＳＯＮ ＷＡＬＫＳ", "--frames", "40", "--device", "cpu", "--out", str(tmp_path / "walk")], capsys)
    assert code == 0 and (tmp_path / "walk.npy").is_file() and f"{tmp_path / 'walk.npy'}: 40 frames" in out
    code, _, err = _cli(["edit", "--source", str(tmp_path / "walk.npy"), "--regenerate", "-5:10", "--prompt", "a person jumps",
                         "--out", str(tmp_path / "e.npy")], capsys)
    assert code == 2 and err.strip() == "error: edit range -5:10 must satisfy 0 <= start < end <= 40"
