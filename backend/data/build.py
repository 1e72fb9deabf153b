"""``python -m backend data build``: shared BVH data -> a compact dataset build.

Steps: list the takes of each source with their splits and texts
(``sources.*.specs``); in worker processes turn each take into canonical
joint positions at 20 fps on the canonical skeleton, cut it into clips and
accumulate feature moments over the training clips and their mirrors; write
captions; save the compact cache, normalisation statistics and a manifest
recording sources, licence, counts and every skipped item with its reason.
"""

from __future__ import annotations

import datetime as _dt
import json
import multiprocessing
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..bvh.model import BvhError
from ..motion.features import positions_to_features
from ..motion.kinematics import uniform_skeleton
from ..motion.mirror import mirror_features
from ..describe import Description, bandai_facts, cmu_facts, combined_captions, describe
from ..describe.captions import describer_sentences
from . import cache
from .archives import dataset_folder
from .captions import bandai_captions, cmu_captions
from .captions.augment import variants
from .clips import cut_take
from .config import FOLDER, REPO_ROOT, BuildConfig, default_cache_root, default_data_root
from .normalisation import FeatureMoments
from .sources import bandai, cmu, folder
from .sources.common import Skipped, TakeSpec
from .splits import SPLITS, stable_unit

POSITIONS = {"cmu": cmu.canonical_positions, "bandai": bandai.canonical_positions, FOLDER: folder.canonical_positions}


@dataclass
class TakeResult:
    spec: TakeSpec
    positions: np.ndarray | None = None
    clips: list[tuple[int, int]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    moments: FeatureMoments | None = None
    descriptions: list[Description] = field(default_factory=list)  # per clip, with captions="describer"


def _partial_path(partial: Path, spec: TakeSpec, config: BuildConfig) -> Path:
    """Where a read take's positions wait for a resumed build: keyed by the
    file (path, size, modification time) and what reading depends on."""
    import hashlib

    stat = Path(spec.path).stat()
    key = json.dumps([spec.path, stat.st_size, stat.st_mtime_ns, config.fps, config.folder_units, spec.labels], sort_keys=True, default=str)
    return partial / f"{hashlib.sha1(key.encode()).hexdigest()[:20]}.npy"


def _read_positions(spec: TakeSpec, config: BuildConfig, partial: Path | None) -> np.ndarray:
    """The take's canonical positions; an own-library build keeps each read
    take under ``partial`` so an interrupted build resumes where it stopped."""
    if partial is None or spec.source != FOLDER:
        return POSITIONS[spec.source](spec, config.fps)
    path = _partial_path(partial, spec, config)
    if path.is_file():
        try:
            return np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            path.unlink(missing_ok=True)
    positions = POSITIONS[spec.source](spec, config.fps)
    partial.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp.npy")
    np.save(temporary, np.asarray(positions, dtype=np.float32))
    temporary.replace(path)
    return positions


def process_take(spec: TakeSpec, config: BuildConfig, partial: Path | None = None) -> TakeResult:
    """One take -> canonical positions, clips and (train) feature moments.
    Bad input becomes a ``Skipped`` entry naming the file and the reason."""
    result = TakeResult(spec)
    try:
        positions = _read_positions(spec, config, partial)
        if not np.all(np.isfinite(positions)):
            raise ValueError(f"{spec.path}: NaN or infinite joint positions after conversion")
        positions = uniform_skeleton(positions).astype(np.float32)
    except (BvhError, ValueError, OSError) as error:
        result.skipped.append(Skipped(spec.source, spec.take, str(error)))
        return result
    clips, skipped = cut_take(len(positions), spec.crops, min_frames=config.min_clip_frames, max_frames=config.max_clip_frames)
    result.skipped += [Skipped(spec.source, f"{spec.take} {what}", why) for what, why in skipped]
    if not clips:
        if not skipped:
            result.skipped.append(Skipped(spec.source, spec.take, "no clip could be cut"))
        return result
    result.positions = positions
    result.clips = clips
    if config.captions == "describer":
        result.descriptions = [describe(positions[start:end], config.fps) for start, end in clips]
    if spec.split == "train":
        result.moments = _train_moments(positions, clips)
    return result


def _train_moments(positions: np.ndarray, clips) -> FeatureMoments:
    moments = FeatureMoments()
    for start, end in clips:
        features = positions_to_features(positions[start:end])
        moments.add(features)
        moments.add(mirror_features(features))
    return moments


def _rebalance_folder_splits(results: list[TakeResult]) -> None:
    """Own-library takes that were read: at least one per split where the
    library is big enough (``folder.ensure_splits``)."""
    read = [r for r in results if r.spec.source == FOLDER and r.positions is not None]
    for result, spec in zip(read, folder.ensure_splits([r.spec for r in read])):
        if spec.split != result.spec.split:
            result.spec = spec
            result.moments = _train_moments(result.positions, result.clips) if spec.split == "train" else None


def _process(args: tuple) -> TakeResult:
    return process_take(*args)


def captions_for(spec: TakeSpec, clip_name: str, count: int, seed: int, description: Description | None = None) -> list[str]:
    """Sentences for one clip (deterministic per clip name). With the clip's
    ``description`` the label sentences are combined with the describer's
    (``backend.describe.combined_captions``); without, they are the label's alone."""
    clip_seed = int(stable_unit(clip_name, seed) * 2**31)
    if spec.source == FOLDER:
        given = list(spec.text.get("captions", []))
        if description is None:
            return given[:count]
        if not given:
            return describer_sentences(description, n=count, seed=clip_seed)
        return combined_captions(given, description, cmu_facts(given), count=count, seed=clip_seed)
    if spec.source == "bandai":
        labelled = bandai_captions(spec.text["content"], spec.text["style"], n=count, seed=clip_seed)
        facts = bandai_facts(spec.text["content"], spec.text["style"])
    else:
        descriptions = spec.text["descriptions"] or [""]
        per_description = [
            cmu_captions(d, spec.text["subject_description"], n=count, seed=clip_seed + i) for i, d in enumerate(descriptions)
        ]
        labelled: list[str] = []
        for row in zip(*[p + [""] * (count - len(p)) for p in per_description]):
            labelled += [c for c in row if c and c not in labelled]
        labelled = labelled[:count]
        facts = cmu_facts(spec.text["descriptions"])
    if description is None:
        return labelled
    return combined_captions(labelled, description, facts, count=count, seed=clip_seed)


def limit_specs(specs: list[TakeSpec], limit: int | None, seed: int) -> list[TakeSpec]:
    """At most ``limit`` takes per split, chosen by hash (for quick builds)."""
    if limit is None:
        return specs
    keep: list[TakeSpec] = []
    for split in SPLITS:
        members = sorted((s for s in specs if s.split == split), key=lambda s: stable_unit(s.take, seed))
        keep += members[:limit]
    return sorted(keep, key=lambda s: (s.source, s.take))


def gather_specs(config: BuildConfig, data_root: Path, cache_root: Path) -> tuple[list[TakeSpec], list[Skipped]]:
    specs: list[TakeSpec] = []
    skipped: list[Skipped] = []
    if "cmu" in config.sources:
        found, dropped = cmu.specs(dataset_folder(data_root, "cmu", cache_root), config)
        specs += limit_specs(found, config.limit_per_source, config.seed)
        skipped += dropped
    if "bandai" in config.sources:
        folders = {key: dataset_folder(data_root, key, cache_root) for key in ("bandai-1", "bandai-2")}
        found, dropped = bandai.specs(folders, config)
        specs += limit_specs(found, config.limit_per_source, config.seed)
        skipped += dropped
    if FOLDER in config.sources:
        found, dropped = folder.specs(Path(config.folder), config)
        specs += limit_specs(found, config.limit_per_source, config.seed)
        skipped += dropped
    return specs, skipped


def _git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def build(
    config: BuildConfig,
    *,
    data_root: Path | None = None,
    out_dir: Path | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Run a build; returns the folder of its compact cache."""
    started = time.time()
    data_root = Path(data_root or default_data_root())
    cache_root = default_cache_root()
    out_dir = Path(out_dir or cache_root / "datasets" / config.name)
    specs, skipped = gather_specs(config, data_root, cache_root)
    workers = workers or max(1, min(os.cpu_count() or 1, 16))

    results: list[TakeResult] = []
    partial = out_dir / ".partial" if FOLDER in config.sources else None
    jobs = [(spec, config, partial) for spec in specs]
    if workers == 1:
        iterator = map(_process, jobs)
        pool = None
    else:
        pool = multiprocessing.get_context("spawn").Pool(workers)
        iterator = pool.imap(_process, jobs, chunksize=4)
    try:
        for done, result in enumerate(iterator, 1):
            results.append(result)
            if progress:
                progress(done, len(jobs))
    finally:
        if pool is not None:
            pool.close()
            pool.join()

    _rebalance_folder_splits(results)
    moments = FeatureMoments()
    takes: list[np.ndarray] = []
    table: dict = {"takes": [], "clips": []}
    for result in results:
        skipped += result.skipped
        if result.positions is None:
            continue
        spec = result.spec
        if result.moments is not None and (spec.source in ("bandai", FOLDER) or spec.text["descriptions"] or spec.text["subject_description"]):
            moments.merge(result.moments)
        entries = []
        for k, (start, end) in enumerate(result.clips):
            name = f"{spec.take}#{start}-{end}"
            description = result.descriptions[k] if result.descriptions else None
            captions = captions_for(spec, name, config.captions_per_clip, config.seed, description)
            if captions and spec.split == "train":
                captions = captions + variants(captions, config.caption_variants, seed=int(stable_unit(name, config.seed) * 2**31))
            if not captions:
                why = ("no text: no captions were given and the describer saw nothing to say" if spec.source == FOLDER
                       else "no text: the take has neither a description nor a subject description")
                skipped.append(Skipped(spec.source, name, why))
                continue
            entries.append({"take": len(takes), "start": start, "end": end, "name": name, "captions": captions})
        if not entries:
            continue
        table["clips"] += entries
        takes.append(result.positions)
        table["takes"].append(
            {
                "source": spec.source,
                "take": spec.take,
                "split": spec.split,
                "frames": int(len(result.positions)),
                "aliases": list(spec.aliases),
                "labels": spec.labels,
                "text": spec.text,
            }
        )
    mean, std = moments.mean_std()
    manifest = {
        "format": 1,
        "config": config.to_dict(),
        "licence": config.licence,
        "commercial_use": config.commercial_use,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "data_root": str(data_root),
        "fps": config.fps,
        "skeleton": "canonical-22 (backend.motion.skeleton.BONE_LENGTHS)",
        "build_seconds": round(time.time() - started, 1),
        "skipped": [{"source": s.source, "item": s.item, "reason": s.reason} for s in skipped],
    }
    cache.write_compact(out_dir, takes=takes, table=table, manifest=manifest, mean=mean, std=std)
    if partial is not None and partial.is_dir():
        shutil.rmtree(partial, ignore_errors=True)
    return out_dir
