"""The compact, carryable form of a build (<= 40 MiB).

Motion is stored as canonical joint positions quantised to 1 mm, delta-coded
along time (int16) and zlib-compressed; the clip table and captions as
gzipped JSON; normalisation statistics as HumanML3D-style ``Mean.npy`` and
``Std.npy``. No pickles anywhere: everything loads with
``allow_pickle=False`` or ``json``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np

QUANTUM = 0.001  # metres
MOTIONS = "motions.npz"
TABLE = "clips.json.gz"
MANIFEST = "manifest.json"


def encode_positions(takes: list[np.ndarray]) -> dict[str, np.ndarray]:
    """Takes of (T, 22, 3) metres -> arrays for ``np.savez_compressed``."""
    lengths = np.array([len(t) for t in takes], dtype=np.int64)
    firsts, deltas = [], []
    for take in takes:
        q = np.round(np.asarray(take, dtype=np.float64) / QUANTUM).astype(np.int64)
        firsts.append(q[0])
        step = np.diff(q, axis=0)
        if step.size and np.abs(step).max() > np.iinfo(np.int16).max:
            raise ValueError("a joint moved more than 32 m in one frame; the take is corrupt")
        deltas.append(step.astype(np.int16))
    return {
        "lengths": lengths,
        "first": np.stack(firsts).astype(np.int32) if firsts else np.zeros((0, 22, 3), np.int32),
        "deltas": np.concatenate(deltas) if deltas else np.zeros((0, 22, 3), np.int16),
    }


def decode_positions(arrays: dict[str, np.ndarray]) -> list[np.ndarray]:
    """Inverse of ``encode_positions`` -> takes of (T, 22, 3) float32 metres."""
    takes, cursor = [], 0
    for length, first in zip(arrays["lengths"], arrays["first"]):
        step = arrays["deltas"][cursor:cursor + length - 1].astype(np.int64)
        cursor += length - 1
        q = np.concatenate([first[None].astype(np.int64), first[None] + np.cumsum(step, axis=0)])
        takes.append((q * QUANTUM).astype(np.float32))
    return takes


def write_compact(folder: Path, *, takes: list[np.ndarray], table: dict, manifest: dict, mean: np.ndarray, std: np.ndarray) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / MOTIONS, **encode_positions(takes))
    with gzip.open(folder / TABLE, "wt", encoding="utf-8") as handle:
        json.dump(table, handle, ensure_ascii=False)
    np.save(folder / "Mean.npy", mean.astype(np.float32))
    np.save(folder / "Std.npy", std.astype(np.float32))
    sizes = {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.name != MANIFEST}
    manifest = dict(manifest, files=sizes, compact_bytes=sum(sizes.values()))
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(f"{folder} is not a dataset build (no {MANIFEST}); run `python -m backend data build`")
    return json.loads(path.read_text(encoding="utf-8"))


def read_table(folder: Path) -> dict:
    with gzip.open(Path(folder) / TABLE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def read_positions(folder: Path) -> list[np.ndarray]:
    with np.load(Path(folder) / MOTIONS, allow_pickle=False) as data:
        return decode_positions({k: data[k] for k in data.files})


def read_stats(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    folder = Path(folder)
    return np.load(folder / "Mean.npy", allow_pickle=False), np.load(folder / "Std.npy", allow_pickle=False)
