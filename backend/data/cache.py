"""The compact, carryable form of a build (<= 40 MiB).

Motion is stored as canonical bone vectors quantised to 1 mm, delta-coded
along time (int16) and LZMA-compressed (see ``encode_positions``); the clip table and captions as
gzipped JSON; normalisation statistics as HumanML3D-style ``Mean.npy`` and
``Std.npy``. No pickles anywhere: everything loads with
``allow_pickle=False`` or ``json``.
"""

from __future__ import annotations

import gzip
import json
import lzma
from pathlib import Path

import numpy as np

from ..motion.skeleton import BONE_LENGTHS, NUM_JOINTS, PARENTS

QUANTUM = 0.001  # metres
MOTIONS = "motions.npz"
TABLE = "clips.json.gz"
MANIFEST = "manifest.json"
_PARENTS = np.array(PARENTS[1:])


def encode_positions(takes: list[np.ndarray]) -> dict[str, np.ndarray]:
    """Takes of (T, 22, 3) metres -> arrays for ``np.savez``.

    Each take is stored as its root position and bone vectors (joint minus
    parent) quantised to 1 mm, delta-coded along time (int16), laid out joint
    by joint (smooth runs compress best) and LZMA-compressed as one blob.
    """
    lengths = np.array([len(t) for t in takes], dtype=np.int64)
    firsts, deltas = [], []
    for take in takes:
        take = np.asarray(take, dtype=np.float64)
        relative = take.copy()
        relative[:, 1:] -= take[:, _PARENTS]
        q = np.round(relative / QUANTUM).astype(np.int64)
        firsts.append(q[0])
        step = np.diff(q, axis=0)
        if step.size and np.abs(step).max() > np.iinfo(np.int16).max:
            raise ValueError("a joint moved more than 32 m in one frame; the take is corrupt")
        deltas.append(np.ascontiguousarray(step.astype(np.int16).transpose(1, 2, 0)).reshape(-1))
    blob = lzma.compress(np.concatenate(deltas).tobytes() if deltas else b"", preset=6)
    return {
        "lengths": lengths,
        "first": np.stack(firsts).astype(np.int32) if firsts else np.zeros((0, NUM_JOINTS, 3), np.int32),
        "deltas_xz": np.frombuffer(blob, dtype=np.uint8),
    }


def decode_positions(arrays: dict[str, np.ndarray], bone_lengths: np.ndarray | None = None) -> list[np.ndarray]:
    """Inverse of ``encode_positions`` -> takes of (T, 22, 3) float32 metres.
    With ``bone_lengths`` the bone vectors are rescaled to those exact lengths
    (builds store the canonical skeleton, so quantisation never changes it)."""
    flat = np.frombuffer(lzma.decompress(arrays["deltas_xz"].tobytes()), dtype=np.int16)
    takes, cursor = [], 0
    for length, first in zip(arrays["lengths"], arrays["first"]):
        size = (int(length) - 1) * NUM_JOINTS * 3
        step = flat[cursor:cursor + size].astype(np.int64).reshape(NUM_JOINTS, 3, int(length) - 1).transpose(2, 0, 1)
        cursor += size
        q = np.concatenate([first[None].astype(np.int64), first[None] + np.cumsum(step, axis=0)])
        relative = q * QUANTUM
        if bone_lengths is not None:
            norms = np.linalg.norm(relative[:, 1:], axis=-1, keepdims=True)
            relative[:, 1:] *= np.asarray(bone_lengths)[1:, None] / np.maximum(norms, 1e-9)
        positions = relative.copy()
        for j in range(1, NUM_JOINTS):
            positions[:, j] = positions[:, PARENTS[j]] + relative[:, j]
        takes.append(positions.astype(np.float32))
    return takes


def write_compact(folder: Path, *, takes: list[np.ndarray], table: dict, manifest: dict, mean: np.ndarray, std: np.ndarray) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / MOTIONS, **encode_positions(takes))
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
        return decode_positions({k: data[k] for k in data.files}, BONE_LENGTHS)


def read_stats(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    folder = Path(folder)
    return np.load(folder / "Mean.npy", allow_pickle=False), np.load(folder / "Std.npy", allow_pickle=False)
