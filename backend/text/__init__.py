"""Text encoders: prompt -> sentence vector + per-token features.

``get_text_encoder("minilm")`` is the default (all-MiniLM-L6-v2, 384-d);
``"clip"`` needs a local CLIP checkpoint (``checkpoint=...``) and clip-anytorch.
"""

from __future__ import annotations

from .base import TextEncoder, TextFeatures, check_compatible
from .clip import ClipTextEncoder
from .minilm import MiniLMEncoder

TEXT_ENCODERS: dict[str, type[TextEncoder]] = {"minilm": MiniLMEncoder, "clip": ClipTextEncoder}


def get_text_encoder(name: str = "minilm", **kwargs) -> TextEncoder:
    """Build the encoder registered as ``name``; ``kwargs`` go to its constructor."""
    try:
        cls = TEXT_ENCODERS[name]
    except KeyError:
        raise ValueError(f"unknown text encoder {name!r}; choose one of {sorted(TEXT_ENCODERS)}") from None
    return cls(**kwargs)


__all__ = [
    "TEXT_ENCODERS",
    "ClipTextEncoder",
    "MiniLMEncoder",
    "TextEncoder",
    "TextFeatures",
    "check_compatible",
    "get_text_encoder",
]
