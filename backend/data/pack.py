"""A carry pack: a build's compact cache plus its caption embeddings, small
enough to travel to a GPU machine that has no text-encoder weights.

Embeddings are stored per distinct caption (originals and their left/right
mirrors) as int8 with one scale per vector (max abs error 0.4% of the
largest component), with the encoder's id and weight hash.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from ..text import get_text_encoder
from ..text.cache import CaptionEmbeddingCache
from . import cache
from .embed import build_captions

EMBEDDINGS = "caption_embeddings.npz"


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.maximum(np.abs(vectors).max(axis=1, keepdims=True), 1e-12) / 127.0
    return np.round(vectors / scale).astype(np.int8), scale.astype(np.float32)


def _copy_subset(build: Path, out: Path, splits: tuple[str, ...] | None, variants: int | None) -> None:
    """A build restricted to some splits (e.g. test only, for benchmarking)
    and / or to the first ``variants`` augmented captions of each training
    clip (the same captions a build with ``caption_variants=variants`` holds:
    rewrites are made in a fixed order, so fewer is a prefix)."""
    table = cache.read_table(build)
    takes = cache.read_positions(build)
    manifest = cache.read_manifest(build)
    keep = [i for i, t in enumerate(table["takes"]) if splits is None or t["split"] in splits]
    renumber = {old: new for new, old in enumerate(keep)}
    written = manifest["config"]["captions_per_clip"]

    def captions(clip: dict) -> list[str]:
        if variants is None or table["takes"][clip["take"]]["split"] != "train":
            return clip["captions"]
        return clip["captions"][: written + variants]

    subset = {
        "takes": [table["takes"][i] for i in keep],
        "clips": [dict(c, take=renumber[c["take"]], captions=captions(c)) for c in table["clips"] if c["take"] in renumber],
    }
    mean, std = cache.read_stats(build)
    manifest = dict(manifest, splits_included=list(splits or ("train", "val", "test")))
    if variants is not None:
        manifest["config"] = dict(manifest["config"], caption_variants=min(variants, manifest["config"].get("caption_variants", 0)))
    cache.write_compact(out, takes=[takes[i] for i in keep], table=subset, manifest=manifest, mean=mean, std=std)


def make_pack(build: Path, out: Path, *, encoder: str = "minilm", splits: tuple[str, ...] | None = None,
              variants: int | None = None) -> Path:
    """``variants``: at most that many augmented captions per training clip
    (a smaller pack for a GPU call's carry budget)."""
    build, out = Path(build), Path(out)
    if out.exists():
        shutil.rmtree(out)
    if splits or variants is not None:
        _copy_subset(build, out, splits, variants)
    else:
        shutil.copytree(build, out, ignore=shutil.ignore_patterns("*.features-*"))
    text_encoder = get_text_encoder(encoder)
    captions = build_captions(out)
    store = CaptionEmbeddingCache(encoder=text_encoder, path=build.parent / f"{build.name}.embeddings", batch_size=256)
    vectors = store.embed(captions)
    codes, scales = quantise(vectors)
    np.savez_compressed(
        out / EMBEDDINGS,
        codes=codes,
        scales=scales,
        captions=np.frombuffer(json.dumps(captions).encode("utf-8"), dtype=np.uint8),
        encoder=np.frombuffer(json.dumps(text_encoder.describe()).encode("utf-8"), dtype=np.uint8),
    )
    return out


def read_pack_embeddings(folder: Path) -> tuple[dict[str, int], np.ndarray, dict]:
    """-> caption -> row, (N, D) float32 vectors, encoder description."""
    with np.load(Path(folder) / EMBEDDINGS, allow_pickle=False) as data:
        captions = json.loads(data["captions"].tobytes().decode("utf-8"))
        vectors = data["codes"].astype(np.float32) * data["scales"]
        encoder = json.loads(data["encoder"].tobytes().decode("utf-8"))
    return {c: i for i, c in enumerate(captions)}, vectors, encoder


def is_pack(folder: Path) -> bool:
    return (Path(folder) / EMBEDDINGS).is_file() and (Path(folder) / cache.MANIFEST).is_file()
