"""Access to the shared datasets: an extracted folder when there is one, else
the .tar.xz archive unpacked once into the (git-ignored) cache."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

ARCHIVES = {
    "cmu": "cmu-mocap.tar.xz",
    "bandai-1": "bandai-namco-1.tar.xz",
    "bandai-2": "bandai-namco-2.tar.xz",
}
FOLDERS = {
    "cmu": "cmu-mocap",
    "bandai-1": "Bandai-Namco-Research-Motiondataset-1",
    "bandai-2": "Bandai-Namco-Research-Motiondataset-2",
}
_DONE = ".extracted"


def dataset_folder(data_root: Path, key: str, cache_root: Path) -> Path:
    """The folder holding dataset ``key`` (see ``FOLDERS``), extracting its
    archive into ``cache_root/extracted`` on first use."""
    data_root, cache_root = Path(data_root), Path(cache_root)
    folder = data_root / FOLDERS[key]
    if folder.is_dir():
        return folder
    archive = data_root / ARCHIVES[key]
    if not archive.is_file():
        raise FileNotFoundError(
            f"dataset {key!r} not found: expected {archive} or the extracted folder {folder} "
            f"(set T2M_DATA_ROOT to the folder holding the shared data)"
        )
    target = cache_root / "extracted"
    extracted = target / FOLDERS[key]
    if (extracted / _DONE).is_file():
        return extracted
    if extracted.exists():
        shutil.rmtree(extracted)
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, mode="r:xz") as tar:
        members = [m for m in tar.getmembers() if m.name.split("/", 1)[0] == FOLDERS[key]]
        outside = [m.name for m in tar.getmembers() if m.name.split("/", 1)[0] != FOLDERS[key]]
        if outside:
            raise ValueError(f"{archive}: unexpected entries outside {FOLDERS[key]}/: {outside[:3]}")
        tar.extractall(target, members=members, filter="data")
    (extracted / _DONE).write_text(str(archive))
    return extracted
