"""On-disk cache of the pooled sentence vectors of dataset captions.

One ``.npz`` file per encoder and weights, named
``captions_<encoder id>_<first 16 hex of the weight hash>.npz``, holding:

* ``encoder_id``, ``weight_hash``: 0-d unicode arrays, checked on load;
* ``text_utf8`` (total bytes,) uint8 and ``text_offsets`` (N + 1,) int64: the
  exact caption strings, UTF-8 encoded back to back;
* ``vectors`` (N, D) float32: the encoder's ``pooled`` row of each caption.

Files are read with ``allow_pickle=False`` and replaced atomically when new
captions are added.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import numpy as np

from .base import TextEncoder


class CaptionEmbeddingCache:
    """Pooled vectors of captions for one encoder, computed once and kept in ``directory``."""

    def __init__(self, *, encoder: TextEncoder, path: str | Path, batch_size: int = 128):
        self.encoder = encoder
        self.directory = Path(path)
        self.batch_size = int(batch_size)
        safe_id = re.sub(r"[^A-Za-z0-9._-]+", "_", encoder.id)
        self.file = self.directory / f"captions_{safe_id}_{encoder.weight_hash()[:16]}.npz"
        self._index: dict[str, int] | None = None
        self._captions: list[str] = []
        self._vectors = np.zeros((0, encoder.dim), dtype=np.float32)

    def __len__(self) -> int:
        self._load()
        return len(self._captions)

    def _load(self) -> None:
        if self._index is not None:
            return
        self._index = {}
        if not self.file.is_file():
            return
        with np.load(self.file, allow_pickle=False) as data:
            recorded = (str(data["encoder_id"]), str(data["weight_hash"]))
            if recorded != (self.encoder.id, self.encoder.weight_hash()):
                raise ValueError(
                    f"{self.file} holds vectors of encoder {recorded[0]!r} with weights {recorded[1][:16]}, "
                    f"not of {self.encoder.id!r} with weights {self.encoder.weight_hash()[:16]}; delete it"
                )
            blob = data["text_utf8"].tobytes()
            offsets = data["text_offsets"]
            vectors = np.asarray(data["vectors"], dtype=np.float32)
        captions = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(len(offsets) - 1)]
        if vectors.shape != (len(captions), self.encoder.dim):
            raise ValueError(f"{self.file} is inconsistent: {len(captions)} captions, vectors {vectors.shape}")
        self._captions = captions
        self._vectors = vectors
        self._index = {caption: i for i, caption in enumerate(captions)}

    def _save(self) -> None:
        encoded = [caption.encode("utf-8") for caption in self._captions]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(e) for e in encoded])
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=self.file.name, suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(handle, "wb") as stream:
                np.savez(
                    stream,
                    encoder_id=np.array(self.encoder.id),
                    weight_hash=np.array(self.encoder.weight_hash()),
                    text_utf8=np.frombuffer(b"".join(encoded), dtype=np.uint8),
                    text_offsets=offsets,
                    vectors=self._vectors,
                )
            os.replace(temporary, self.file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def embed(self, captions: list[str]) -> np.ndarray:
        """(N, D) float32 pooled vectors of ``captions``, encoding only those not cached yet."""
        if isinstance(captions, str):
            raise TypeError("embed takes a list of strings, not a string")
        self._load()
        missing = list(dict.fromkeys(c for c in captions if c not in self._index))
        if missing:
            rows = []
            for start in range(0, len(missing), self.batch_size):
                pooled = self.encoder.encode(missing[start : start + self.batch_size]).pooled
                rows.append(pooled.detach().cpu().numpy().astype(np.float32))
            for caption in missing:
                self._index[caption] = len(self._captions)
                self._captions.append(caption)
            self._vectors = np.concatenate([self._vectors, *rows])
            self._save()
        return self._vectors[[self._index[c] for c in captions]].reshape(len(captions), self.encoder.dim)
