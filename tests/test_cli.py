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
