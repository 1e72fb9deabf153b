"""Validate and build the extension zip with Blender's own extension tool.

Blender's ``blender --command extension build`` is a plain Python script that
ships inside the ``bpy`` package from PyPI
(``bpy/<major.minor>/scripts/addons_core/bl_pkg/cli/blender_ext.py``), so the
zip can be built without a Blender binary. This module only locates that
script; it never imports bpy, so it is safe to use before a test has isolated
Blender's user directories.

Usage (from the repository root)::

    python tools/build_extension.py            # writes dist/text2motion-<version>.zip
    python tools/build_extension.py --output-dir /tmp/out
    python tools/build_extension.py --validate-only
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
MANIFEST_NAME = "blender_manifest.toml"
CLI_RELATIVE_PATH = Path("scripts", "addons_core", "bl_pkg", "cli", "blender_ext.py")
TAGS_RELATIVE_PATH = Path("scripts", "modules", "_bpy_internal", "extensions", "tags.py")


class BlenderExtensionToolError(RuntimeError):
    """Blender's extension tool rejected the manifest or failed to build."""


def bpy_version_dir() -> Path | None:
    """The ``bpy/<major.minor>`` folder of the installed bpy module, or None without bpy."""
    spec = importlib.util.find_spec("bpy")
    if spec is None or not spec.submodule_search_locations:
        return None
    package_dir = Path(next(iter(spec.submodule_search_locations)))
    candidates = sorted(
        path for path in package_dir.iterdir()
        if path.is_dir() and (path / CLI_RELATIVE_PATH).is_file()
    )
    return candidates[-1] if candidates else None


def blender_ext_cli() -> Path | None:
    """Path of ``blender_ext.py`` inside the installed bpy module, or None without bpy."""
    version_dir = bpy_version_dir()
    return None if version_dir is None else version_dir / CLI_RELATIVE_PATH


def valid_tags_file() -> Path | None:
    """Blender's list of valid extension tags; without it the tool does not check tags."""
    version_dir = bpy_version_dir()
    if version_dir is None or not (version_dir / TAGS_RELATIVE_PATH).is_file():
        return None
    return version_dir / TAGS_RELATIVE_PATH


def read_manifest(source_dir: Path = REPO_ROOT) -> dict:
    with open(source_dir / MANIFEST_NAME, "rb") as file:
        return tomllib.load(file)


def run_blender_ext(*arguments: str) -> subprocess.CompletedProcess:
    """Run ``blender_ext.py`` with the current interpreter; raise if bpy is missing."""
    cli = blender_ext_cli()
    if cli is None:
        raise BlenderExtensionToolError("bpy is not installed: Blender's extension tool ships inside it")
    return subprocess.run(
        [sys.executable, str(cli), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )


def _tags_arguments() -> list[str]:
    tags = valid_tags_file()
    if tags is None:
        raise BlenderExtensionToolError("the installed bpy has no tags file; tags would go unchecked")
    return ["--valid-tags", str(tags)]


def _check(result: subprocess.CompletedProcess, action: str) -> str:
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise BlenderExtensionToolError(f"blender_ext {action} failed ({result.returncode}):\n{output}")
    return output


def validate(source_dir: Path = REPO_ROOT) -> str:
    """Validate the manifest (tags included); return the tool's output."""
    result = run_blender_ext("validate", *_tags_arguments(), str(source_dir))
    return _check(result, "validate")


def build(output_dir: Path = REPO_ROOT / "dist", source_dir: Path = REPO_ROOT) -> Path:
    """Build ``<id>-<version>.zip`` into ``output_dir`` (created if missing); return its path."""
    manifest = read_manifest(source_dir)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    zip_path = output_dir / f"{manifest['id']}-{manifest['version']}.zip"
    result = run_blender_ext(
        "build",
        "--source-dir", str(source_dir),
        "--output-filepath", str(zip_path),
        *_tags_arguments(),
    )
    _check(result, "build")
    if not zip_path.is_file():
        raise BlenderExtensionToolError(f"blender_ext build reported success but wrote no {zip_path}")
    return zip_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=REPO_ROOT / "dist")
    parser.add_argument("--validate-only", action="store_true")
    options = parser.parse_args(argv)
    try:
        print(validate())
        if not options.validate_only:
            print(build(options.output_dir))
    except BlenderExtensionToolError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
