"""Install a weight-pack zip (``tools/package.py`` writes them:
``<generator>/<pack>/<files>``) into a models folder, offline.

Everything is checked before anything lands: a real zip, only
``<generator>/<pack>/<file>`` members of registered generators (no absolute
paths, no ``..``), each pack's JSON present and every weight file matching the
SHA-256 it records. Packs are unpacked into a temporary folder beside the
target and moved into place one by one, replacing a pack of the same name.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from . import registry
from .packs import PackError, read_pack_info, verify_files


def _members(archive: zipfile.ZipFile) -> dict[tuple[str, str], list[zipfile.ZipInfo]]:
    packs: dict[tuple[str, str], list[zipfile.ZipInfo]] = {}
    known = set(registry.names())
    for info in archive.infolist():
        if info.is_dir():
            continue
        parts = PurePosixPath(info.filename).parts
        if len(parts) != 3 or any(p in ("", ".", "..") for p in parts) or info.filename.startswith("/"):
            raise PackError(f"{info.filename!r} is not <generator>/<pack>/<file>: not a Text2Motion weight-pack zip")
        if parts[0] not in known:
            raise PackError(f"the zip holds a pack for {parts[0]!r}, which this version does not know (known: {', '.join(sorted(known))})")
        packs.setdefault(parts[:2], []).append(info)
    if not packs:
        raise PackError("the zip holds no weight pack")
    return packs


def install_pack_zip(zip_path: Path | str, models_root: Path | str) -> list[str]:
    """Unpack and verify; returns the installed ``generator/pack`` names."""
    zip_path, models_root = Path(zip_path), Path(models_root)
    if not zipfile.is_zipfile(zip_path):
        raise PackError(f"{zip_path} is not a zip file")
    models_root.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path) as archive, tempfile.TemporaryDirectory(dir=models_root, prefix=".installing-") as temporary:
        packs = _members(archive)
        staged = Path(temporary)
        for (generator, pack), infos in packs.items():
            folder = staged / generator / pack
            folder.mkdir(parents=True)
            for info in infos:
                with archive.open(info) as source, open(folder / PurePosixPath(info.filename).name, "wb") as target:
                    shutil.copyfileobj(source, target)
            pack_file = folder / f"{generator}.json"
            if not pack_file.is_file():
                raise PackError(f"{generator}/{pack} in {zip_path.name} has no {pack_file.name}")
            verify_files(folder, generator, read_pack_info(pack_file), where=f"{zip_path.name}: {generator}/{pack}/{pack_file.name}")
        installed = []
        for generator, pack in sorted(packs):
            target = models_root / generator / pack
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                shutil.rmtree(target)
            shutil.move(str(staged / generator / pack), str(target))
            installed.append(f"{generator}/{pack}")
    return installed
