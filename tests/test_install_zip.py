"""The linux-x64 platform zip installs offline through Blender's extension
API and generates with its bundled wheels alone, in an interpreter that sees
bpy and numpy only (what a stock Blender has); a zip that lacks a needed wheel
fails with a message that names the package and the fix, and writes nothing.

Builds the zip with ``tools/package.py`` (wheels downloaded once into the
ignored ``wheels/`` folder, from PyPI or the local wheel cache)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from . import blender_env

pytestmark = pytest.mark.skipif(not blender_env.bpy_available(), reason="bpy is not installed")

ROOT = Path(__file__).resolve().parents[1]


def _package_tool():
    spec = importlib.util.spec_from_file_location("t2m_package", ROOT / "tools" / "package.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def stock_site(tool, tmp_path_factory) -> Path:
    return tool.stock_site(tmp_path_factory.mktemp("stock-site"))


@pytest.fixture(scope="module")
def tool():
    return _package_tool()


@pytest.fixture(scope="module")
def wheels(tool):
    return tool.download_wheels(["linux-x64"], ROOT / "wheels")


def test_the_linux_zip_installs_offline_and_generates_with_its_own_wheels(tool, wheels, stock_site, tmp_path):
    stage = tool.stage(tmp_path / "stage" / "text2motion", wheels, ["linux-x64"])
    (zip_path,) = tool.build_platform_zips(stage, tmp_path / "dist")
    report = tool.install_report(zip_path, stock_site, tmp_path / "user")
    assert report["torch_before_install"] is False, "the test interpreter must not see the dev environment's torch"
    assert report["installed"] and report["missing"] == [] and report["message"] is None
    assert report["torch_after_enable"] is False, "enabling the add-on imported torch"
    assert report["generate_cold"] == ["FINISHED"] and report["generate_warm"] == ["FINISHED"] and report["keyed"]
    assert str(tmp_path / "user") in report["torch_file"], f"torch came from {report['torch_file']}, not the zip's wheels"
    assert report["dev_paths_on_sys_path"] == []
    print(f"\ninstall {report['install_s']:.1f} s, enable {report['enable_s']:.2f} s (register() {report['register_s']:.3f} s), click to keys cold "
          f"{report['click_to_keys_cold_s']:.2f} s / warm {report['click_to_keys_warm_s']:.2f} s, {zip_path.stat().st_size / 1e6:.1f} MB")


def test_a_zip_without_a_needed_wheel_says_what_is_missing_and_writes_nothing(tool, wheels, stock_site, tmp_path):
    without = [w for w in wheels if not w.name.startswith("sympy-")]
    assert len(without) == len(wheels) - 1
    stage = tool.stage(tmp_path / "stage" / "text2motion", without, ["linux-x64"])
    (zip_path,) = tool.build_platform_zips(stage, tmp_path / "dist")
    report = tool.install_report(zip_path, stock_site, tmp_path / "user")
    assert report["installed"] and report["missing"] == ["sympy"]
    assert "'sympy'" in report["message"] and "zip built for your platform" in report["message"]
    for attempt in ("cold", "warm"):
        assert "'sympy'" in report[f"generate_{attempt}"], report[f"generate_{attempt}"]
    assert not report["keyed"], "nothing is written when a package is missing"
