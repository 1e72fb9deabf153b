"""The retrieval database: every training clip's text feature, motion and
length, and the paper's hybrid retrieval.

Score of entry i for a prompt vector q and a requested length L:
cos(f_i, q) * exp(-lambda |l_i - L| / max(l_i, L)); the top k entries are
retrieved (``scores`` / ``top``). Built from a split (the training split
only: ``build_database`` refuses any other) and the caption vectors of the
text encoder the model was trained with:

* text: the normalised mean of the clip's caption vectors, int8 with one
  scale per vector;
* motion: normalised features read every ``stride`` frames (the first
  ``max_frames`` of the clip), projected on the model's principal
  components (``components``), int8 with one scale per component, stored
  ragged (entry i owns rows offsets[i]:offsets[i + 1]);
* lengths in frames (capped at ``max_frames``) and the take of each entry
  (training excludes the sample's own take, so it never retrieves itself).

Saved as ``database.safetensors`` beside the weights with its metadata
(encoder id and hash, build, basis hash) in the header; the pack JSON
records its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

FILE = "database.safetensors"


def basis_hash(basis: np.ndarray) -> str:
    """What ties a database to the principal components it was projected on."""
    return hashlib.sha256(np.ascontiguousarray(basis, dtype=np.float16).tobytes()).hexdigest()[:16]


@dataclass
class RetrievalDatabase:
    text_codes: np.ndarray  # (N, D) int8
    text_scales: np.ndarray  # (N,) float32
    motion_codes: np.ndarray  # (R, C) int8, ragged rows
    motion_scales: np.ndarray  # (C,) float32
    offsets: np.ndarray  # (N + 1,) int64
    lengths: np.ndarray  # (N,) int64 frames (capped)
    takes: np.ndarray  # (N,) int64 take group
    meta: dict

    def __len__(self) -> int:
        return len(self.lengths)

    @property
    def text(self) -> np.ndarray:
        return self.text_codes.astype(np.float32) * self.text_scales[:, None]

    def motion(self, i: int) -> np.ndarray:
        return self.motion_codes[self.offsets[i]: self.offsets[i + 1]].astype(np.float32) * self.motion_scales

    def padded_motion(self, frames: int) -> tuple[np.ndarray, np.ndarray]:
        """(N, frames, C) float32 and (N,) rows read, zero-padded."""
        out = np.zeros((len(self), frames, self.motion_codes.shape[1]), dtype=np.float32)
        read = np.diff(self.offsets)
        for i in range(len(self)):
            out[i, : read[i]] = self.motion(i)[:frames]
        return out, np.minimum(read, frames)

    def check(self, *, encoder: dict, basis: np.ndarray, where: str) -> None:
        """Refuse a database made with another text encoder or other principal components."""
        mine = self.meta.get("text_encoder", {})
        if (mine.get("id"), mine.get("weights_sha256")) != (encoder.get("id"), encoder.get("weights_sha256")):
            raise ValueError(f"{where}: the retrieval database was embedded with text encoder {mine.get('id')!r} "
                             f"but the model was trained with {encoder.get('id')!r}; rebuild it (python -m backend remodiffuse database)")
        if self.meta.get("basis") != basis_hash(basis):
            raise ValueError(f"{where}: the retrieval database was projected on other principal components than this model's; "
                             "rebuild it (python -m backend remodiffuse database)")

    def save(self, folder: Path) -> Path:
        from safetensors.numpy import save_file

        path = Path(folder) / FILE
        save_file({"text_codes": self.text_codes, "text_scales": self.text_scales.astype(np.float32),
                   "motion_codes": self.motion_codes, "motion_scales": self.motion_scales.astype(np.float32),
                   "offsets": self.offsets.astype(np.int64), "lengths": self.lengths.astype(np.int64),
                   "takes": self.takes.astype(np.int64)}, str(path), metadata={"meta": json.dumps(self.meta)})
        return path

    @classmethod
    def load(cls, folder: Path) -> "RetrievalDatabase":
        from safetensors import safe_open

        path = Path(folder) / FILE
        if not path.is_file():
            raise FileNotFoundError(f"{path}: the retrieval database is missing; rebuild it (python -m backend remodiffuse database)")
        try:
            with safe_open(str(path), framework="numpy") as handle:
                meta = json.loads((handle.metadata() or {}).get("meta", "{}"))
                arrays = {k: handle.get_tensor(k) for k in handle.keys()}
            db = cls(meta=meta, **arrays)
        except Exception as error:  # safetensors raises its own SafetensorError on a damaged file
            raise ValueError(f"{path}: the retrieval database is unreadable ({error}); rebuild it or reinstall the pack") from None
        n = len(db.lengths)
        if (db.text_codes.shape[0] != n or len(db.offsets) != n + 1 or db.offsets[-1] != len(db.motion_codes) or n == 0
                or np.any(np.diff(db.offsets) < 1) or not np.isfinite(db.text_scales).all() or not np.isfinite(db.motion_scales).all()):
            raise ValueError(f"{path}: the retrieval database is inconsistent; rebuild it or reinstall the pack")
        return db


def _int8(values: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    scale = np.maximum(np.abs(values).max(axis=axis, keepdims=True), 1e-8) / 127.0
    return np.round(values / scale).astype(np.int8), np.squeeze(scale, axis).astype(np.float32)


def principal_components(features: list[np.ndarray], mean: np.ndarray, std: np.ndarray, *, stride: int, components: int
                         ) -> tuple[np.ndarray, np.ndarray]:
    """(components, F) orthonormal rows (fp16-exact) and the (F,) centre of
    the normalised training features read every ``stride`` frames."""
    x = np.concatenate([(f[::stride] - mean) / std for f in features]).astype(np.float64)
    centre = x.mean(0)
    x -= centre
    values, vectors = np.linalg.eigh(x.T @ x / len(x))
    basis = vectors[:, ::-1][:, :components].T
    return basis.astype(np.float16).astype(np.float32), centre.astype(np.float16).astype(np.float32)


def build_database(split, caption_vectors, *, mean: np.ndarray, std: np.ndarray, basis: np.ndarray, centre: np.ndarray,
                   stride: int, max_frames: int, meta: dict) -> RetrievalDatabase:
    """``split``: a ``TextMotionSplit`` of training items; ``caption_vectors(captions) -> (n, D)``."""
    if split.name != "train":
        raise ValueError(f"the retrieval database is built from the training split only, got {split.name!r}")
    if not split.items:
        raise ValueError("the training split is empty: nothing to retrieve from")
    texts, motions, lengths, takes, names = [], [], [], [], []
    take_ids: dict[str, int] = {}
    for item in split.items:
        vectors = np.asarray(caption_vectors(list(item.captions)), dtype=np.float64)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        centre_text = vectors.mean(0)
        texts.append(centre_text / max(np.linalg.norm(centre_text), 1e-12))
        clip = (np.asarray(item.features[:max_frames], dtype=np.float64) - mean) / std
        motions.append((clip[::stride] - centre) @ basis.T)
        lengths.append(min(len(item.features), max_frames))
        takes.append(take_ids.setdefault(f"{item.source}:{item.take}", len(take_ids)))
        names.append(item.name)
    text_codes, text_scales = _int8(np.stack(texts), 1)
    motion_codes, motion_scales = _int8(np.concatenate(motions), 0)
    offsets = np.concatenate([[0], np.cumsum([len(m) for m in motions])]).astype(np.int64)
    meta = dict(meta, entries=len(names), basis=basis_hash(basis), stride=stride, names=names)
    return RetrievalDatabase(text_codes, text_scales, motion_codes, motion_scales, offsets,
                             np.asarray(lengths, dtype=np.int64), np.asarray(takes, dtype=np.int64), meta)


def scores(text: torch.Tensor, lengths: torch.Tensor, query: torch.Tensor, requested: torch.Tensor, length_weight: float) -> torch.Tensor:
    """text (N, D) unit vectors, lengths (N,), query (B, D), requested (B,) -> (B, N) hybrid scores."""
    q = query / query.norm(dim=-1, keepdim=True).clamp(min=1e-12)
    similarity = q @ text.T
    l_i, l = lengths[None].float(), requested[:, None].float()
    return similarity * torch.exp(-length_weight * (l_i - l).abs() / torch.maximum(l_i, l).clamp(min=1))


def top(text: torch.Tensor, lengths: torch.Tensor, query: torch.Tensor, requested: torch.Tensor, *, k: int, length_weight: float,
        exclude: torch.Tensor | None = None) -> torch.Tensor:
    """(B, k) entry indices, best first; ``exclude`` (B, N) True drops an entry
    (it can only come back when fewer than k entries are left, last)."""
    s = scores(text, lengths, query, requested, length_weight)
    if exclude is not None:
        s = s.masked_fill(exclude, float("-inf"))
    return s.topk(k, dim=1).indices
