"""Dataset build configuration (frozen; saved into every build's manifest)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..motion.timebase import FPS

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("cmu", "bandai")
# A user's own folder of BVH takes (``data build --from DIR``; sources/folder.py).
FOLDER = "folder"
# "labels": captions from the source labels only; "describer": label captions
# combined with what backend.describe measures in each clip (docs/describer.md).
CAPTION_MODES = ("labels", "describer")

LICENCES = {
    "cmu": (
        "CMU Graphics Lab Motion Capture Database (mocap.cs.cmu.edu): free for all uses including "
        "commercial products; the data itself may not be resold, even converted. The database was "
        "created with funding from NSF EIA-0196217."
    ),
    "bandai": (
        "Bandai-Namco-Research-Motiondataset 1 and 2: CC BY-NC 4.0 (non-commercial), credit Bandai "
        "Namco Research Inc., Kobayashi et al., arXiv 2306.08861."
    ),
}


def _local_origin() -> Path | None:
    """The folder this checkout was cloned from, when that is a local path."""
    config = REPO_ROOT / ".git" / "config"
    if not config.is_file():
        return None
    section = None
    for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == '[remote "origin"]' and line.startswith("url"):
            url = line.split("=", 1)[1].strip().removeprefix("file://")
            path = Path(url)
            return path if path.is_absolute() and path.is_dir() else None
    return None


def default_data_root() -> Path:
    """``$T2M_DATA_ROOT``; else ``../shared/data`` beside the repository, or
    beside the local repository this one was cloned from."""
    if "T2M_DATA_ROOT" in os.environ:
        return Path(os.environ["T2M_DATA_ROOT"])
    beside = REPO_ROOT.parent / "shared" / "data"
    origin = _local_origin()
    if not beside.is_dir() and origin is not None and (origin.parent / "shared" / "data").is_dir():
        return origin.parent / "shared" / "data"
    return beside


def default_cache_root() -> Path:
    """``$T2M_CACHE`` or ``.cache/`` inside the repository (git-ignored)."""
    return Path(os.environ.get("T2M_CACHE", REPO_ROOT / ".cache"))


@dataclass(frozen=True)
class BuildConfig:
    name: str = "default"
    sources: tuple[str, ...] = SOURCES
    fps: int = FPS
    # 1.2 s: the Bandai "raise up a hand" takes are 1.3-2 s long; HumanML3D uses
    # 40 frames, which would drop 430 of them.
    min_clip_frames: int = 24
    max_clip_frames: int = 200
    captions_per_clip: int = 8
    # Extra rewrites per training clip (backend/data/captions/augment.py):
    # other subjects, imperative and -ing forms, synonyms. Validation and
    # test clips keep the writers' captions.
    caption_variants: int = 6
    captions: str = "describer"
    drop_hip_spike_glitches: bool = True
    limit_per_source: int | None = None
    seed: int = 0
    split_fractions: tuple[float, float, float] = (0.8, 0.1, 0.1)
    # Own library (source "folder"): where it is, the licence its owner
    # declares (models trained on the build inherit it), whether that allows
    # commercial use, and the units of its BVH files ("auto": guessed from the legs).
    folder: str = ""
    folder_licence: str = ""
    folder_commercial: bool = False
    folder_units: str = "auto"
    notes: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        unknown = [s for s in self.sources if s not in SOURCES + (FOLDER,)]
        if unknown or not self.sources:
            raise ValueError(f"unknown data source(s) {unknown}; choose from {SOURCES} or --from DIR")
        if (FOLDER in self.sources) != bool(self.folder):
            raise ValueError("the folder source needs its folder (data build --from DIR)")
        if FOLDER in self.sources and not self.folder_licence.strip():
            raise ValueError("declare the licence of your library (data build --from DIR --licence \"...\"); packs trained on it carry it")
        if self.folder_units not in ("auto", "m", "cm", "in", "mm"):
            raise ValueError(f"units must be auto, m, cm, in or mm, got {self.folder_units!r}")
        if self.captions not in CAPTION_MODES:
            raise ValueError(f"unknown caption mode {self.captions!r}; choose from {CAPTION_MODES}")

    @property
    def licence(self) -> str:
        """The licence that models trained on this build inherit."""
        if FOLDER in self.sources:
            others = [s for s in self.sources if s != FOLDER]
            return f"{self.folder_licence.strip()} (declared by the library's owner)" + (
                f"; also contains {', '.join(others)}: {BuildConfig(sources=tuple(others)).licence}" if others else "")
        if "bandai" in self.sources:
            return "CC BY-NC 4.0 (non-commercial): the build contains Bandai-Namco data"
        return "Commercial use allowed (CMU terms: the data itself may not be resold)"

    @property
    def commercial_use(self) -> bool:
        return "bandai" not in self.sources and (FOLDER not in self.sources or self.folder_commercial)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["licence"] = self.licence
        data["commercial_use"] = self.commercial_use
        data["source_licences"] = {s: LICENCES[s] if s in LICENCES else self.folder_licence for s in self.sources}
        return data

    def with_(self, **changes) -> "BuildConfig":
        return replace(self, **changes)


PRESETS = {
    "default": BuildConfig(),
    "cmu": BuildConfig(name="cmu", sources=("cmu",)),
    # The shipped MoMask, BAMM and MLD packs of 2026-12 were trained on this
    # build before augmentation existed; 0 keeps it reproducible.
    "labels": BuildConfig(name="labels", captions="labels", caption_variants=0),
}
