"""``blender_manifest.toml``: our requirements, then Blender's own validator and build."""

import re
import shutil
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

try:
    from . import blender_env
except ImportError:  # tests/ is not a package: put it on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import blender_env

REPO_ROOT = blender_env.REPO_ROOT
MANIFEST_PATH = REPO_ROOT / "blender_manifest.toml"
TAGLINE_MAX_LENGTH = 64
# The repository's top-level layout is fixed; anything else at the top of the
# zip is a development file that needs a `paths_exclude_pattern` entry.
ZIP_TOP_LEVEL = {"blender_manifest.toml", "__init__.py", "LICENSE", "README.md",
                 "backend", "operators", "panels", "wheels"}


@pytest.fixture(scope="module")
def manifest():
    with open(MANIFEST_PATH, "rb") as file:
        return tomllib.load(file)


@pytest.fixture(scope="module")
def build_tool():
    tool = blender_env.build_tool()
    if tool.blender_ext_cli() is None:
        pytest.skip("bpy is not installed (pip install bpy==5.0.1): Blender's extension tool ships inside it")
    return tool


def test_identity(manifest):
    assert manifest["schema_version"] == "1.0.0"
    assert manifest["id"] == "text2motion"
    assert manifest["name"] == "Text2Motion"
    assert manifest["version"] == "0.1.0"
    assert manifest["type"] == "add-on"
    assert manifest["maintainer"] == "Text2Motion developers"
    assert manifest["blender_version_min"] == "4.2.0"
    assert manifest["website"].startswith("https://")


def test_version_matches_the_backend(manifest):
    source = (REPO_ROOT / "backend" / "__init__.py").read_text(encoding="utf-8")

    assert re.search(r'^__version__ = "([^"]+)"', source, re.MULTILINE).group(1) == manifest["version"]


def test_tagline_is_short_and_unpunctuated(manifest):
    tagline = manifest["tagline"]

    assert 0 < len(tagline) <= TAGLINE_MAX_LENGTH
    assert tagline[-1].isalnum()


def test_licence_is_gpl3_or_later_and_shipped_verbatim(manifest):
    assert manifest["license"] == ["SPDX:GPL-3.0-or-later"]
    lines = [line.strip() for line in (REPO_ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()[:2]]
    assert lines == ["GNU GENERAL PUBLIC LICENSE", "Version 3, 29 June 2007"]


def test_tags_include_animation(manifest):
    assert "Animation" in manifest["tags"]


def test_permissions_are_files_only(manifest):
    assert set(manifest["permissions"]) == {"files"}
    assert "network" not in manifest["permissions"]


def test_listed_wheels_exist_and_torch_is_not_bundled(manifest):
    wheels = manifest["wheels"]

    for wheel in wheels:
        assert (REPO_ROOT / wheel).is_file(), f"{wheel} is listed in the manifest but missing"
    assert not [w for w in wheels if Path(w).name.lower().startswith("torch-")]


def test_build_excludes_development_files(manifest):
    patterns = set(manifest["build"]["paths_exclude_pattern"])

    assert {"/tests/", "/tools/", "/.ci/", "/.venv/", "__pycache__/", "*.npz", "/build/", "/dist/"} <= patterns


def test_blender_validates_the_manifest(build_tool):
    assert "Success" in build_tool.validate()


def test_blender_validation_checks_tags(build_tool, manifest, tmp_path):
    text = MANIFEST_PATH.read_text(encoding="utf-8")
    shutil.copy(REPO_ROOT / "__init__.py", tmp_path / "__init__.py")
    (tmp_path / "blender_manifest.toml").write_text(
        text.replace('"Animation"', '"Not A Blender Tag"'), encoding="utf-8"
    )

    with pytest.raises(build_tool.BlenderExtensionToolError, match="Not A Blender Tag"):
        build_tool.validate(tmp_path)


def test_blender_builds_a_zip_of_the_extension_only(build_tool, manifest, tmp_path):
    zip_path = build_tool.build(tmp_path / "out")

    assert zip_path.name == f"{manifest['id']}-{manifest['version']}.zip"
    names = set(zipfile.ZipFile(zip_path).namelist())
    required = {"blender_manifest.toml", "__init__.py", "LICENSE", "backend/__init__.py",
                "operators/__init__.py", "panels/__init__.py"}
    assert required <= names
    tooling = {"bench", "eval", "data", "describe", "bvh"}  # never run by the add-on
    backend_sources = {
        p.relative_to(REPO_ROOT).as_posix()
        for p in (REPO_ROOT / "backend").rglob("*.py") if "__pycache__" not in p.parts
    }
    runtime = {s for s in backend_sources if s.split("/")[1] not in tooling}
    assert runtime <= names
    assert not {n for n in names if n.startswith("backend/") and n.split("/")[1] in tooling}, "tooling left the zip"
    bundled_packs = {"/".join(n.split("/")[2:4]) for n in names if n.startswith("backend/assets/") and n.endswith(".safetensors")}
    held_back = {p.split("/")[3] for p in manifest["build"]["paths_exclude_pattern"] if p.count("/") == 4 and p.startswith("/backend/assets/")}
    defaults = {f"{p.parent.name}/default" for p in (REPO_ROOT / "backend" / "assets").glob("*/default") if p.parent.name not in held_back}
    assert bundled_packs == defaults and "momask/default" in defaults, "each generator's default pack, and no other, is bundled"
    assert "mld" in held_back and not any(n.startswith("backend/assets/mld/") for n in names), "MLD's pack waits for its targets (issue 15)"
    assert "remodiffuse" in held_back and not any(n.startswith("backend/assets/remodiffuse/") for n in names), \
        "ReMoDiffuse's packs wait for their targets (issue 16)"
    leaked = sorted(
        n for n in names
        if n.split("/", 1)[0] not in ZIP_TOP_LEVEL or "__pycache__/" in n or n.endswith((".pyc", ".npz"))
    )
    assert not leaked, f"development files in the zip (add them to paths_exclude_pattern): {leaked}"


def test_every_bundled_wheel_has_its_licence_in_the_notices():
    import importlib.util

    spec = importlib.util.spec_from_file_location("t2m_package_for_notices", REPO_ROOT / "tools" / "package.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    notices = (REPO_ROOT / "backend" / "assets" / "NOTICES.md").read_text()
    for requirement in tool.BINARY_WHEELS + tool.PURE_WHEELS:
        name, version = requirement.split("==")
        assert f"| {name} {version}" in notices, f"{requirement} is bundled but backend/assets/NOTICES.md does not list it"
