"""Pre-computing the caption embeddings of a build with a text encoder
(``python -m backend data embed``); the files are the encoder's own
``CaptionEmbeddingCache``, keyed by encoder id and weight hash."""

from __future__ import annotations

from pathlib import Path

from ..text import get_text_encoder
from ..text.cache import CaptionEmbeddingCache
from . import cache
from .captions import swap_left_right


def build_captions(folder: Path, *, mirrored: bool = True) -> list[str]:
    """Every distinct caption of a build (and of its mirrored samples)."""
    captions: dict[str, None] = {}
    for clip in cache.read_table(folder)["clips"]:
        for caption in clip["captions"]:
            captions[caption] = None
            if mirrored:
                captions[swap_left_right(caption)] = None
    return list(captions)


def embed_build(folder: Path, *, encoder: str = "minilm", batch_size: int = 256) -> tuple[Path, int]:
    """Embed every caption of the build; returns the cache file and the count."""
    folder = Path(folder)
    text_encoder = get_text_encoder(encoder)
    store = CaptionEmbeddingCache(encoder=text_encoder, path=folder.parent / f"{folder.name}.embeddings", batch_size=batch_size)
    captions = build_captions(folder)
    store.embed(captions)
    return store.file, len(captions)
