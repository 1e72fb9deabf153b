"""Checks on what users ask for, shared by the CLI, the Blender operators and
every generator: a clear ``ValueError`` instead of a crash or a silent wrong
result.

* Prompts: Unicode-normalised (NFKC: full-width "ＪＵＭＰ" is "JUMP") and
  whitespace collapsed; empty or whitespace-only -> error; longer than ``MAX_PROMPT_WORDS``
  words -> error (the text encoders read at most 128 word pieces, and the
  captions they were trained on have 3-30 words); mostly non-Latin script
  -> error (the encoder and captions are English).
* Frame counts: outside the generator's ``[min_frames, max_frames]`` -> error
  naming the range, never a silent clamp.
* Seeds: whole numbers in [0, ``MAX_SEED``] (Python or NumPy integers; not
  bools, floats or strings).
* Sources for editing: (T, 22, 3), finite.
* Keep masks (``editing``: True = given): an edit that changes nothing or
  everything is refused.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from ..motion.timebase import FPS

MAX_PROMPT_WORDS = 100
MAX_SEED = 2**63 - 1 - 10_000  # seed + variation/range index stays a signed 64-bit value


def check_prompt(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError("the prompt is empty: describe the motion, e.g. 'a person walks forward and waves'")
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    if not text:
        raise ValueError("the prompt is empty: describe the motion, e.g. 'a person walks forward and waves'")
    words = len(text.split())
    if words > MAX_PROMPT_WORDS:
        raise ValueError(f"the prompt has {words} words; keep it under {MAX_PROMPT_WORDS} (one or two sentences)")
    letters = [c for c in text if c.isalpha()]
    if not letters:
        raise ValueError("the prompt has no words: describe the motion in English")
    latin = sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters)
    if latin / len(letters) < 0.5:
        raise ValueError("the prompt is not in English: the text encoder and the training captions are English only")
    return text


def check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"the seed must be a whole number from 0 to {MAX_SEED}, got {seed!r}")
    if not 0 <= int(seed) <= MAX_SEED:
        raise ValueError(f"the seed must be a whole number from 0 to {MAX_SEED}, got {int(seed)}")
    return int(seed)


def check_frames(frames: int, *, min_frames: int, max_frames: int, fps: float = FPS) -> int:
    if not isinstance(frames, (int, np.integer)) or isinstance(frames, bool):
        raise ValueError(f"frames must be a whole number, got {frames!r}")
    if not min_frames <= frames <= max_frames:
        raise ValueError(
            f"{frames} frames is outside what this generator makes: {min_frames}-{max_frames} frames at 20 fps "
            f"({min_frames / fps:.1f}-{max_frames / fps:.1f} s)"
        )
    return int(frames)


def check_source(source: np.ndarray) -> np.ndarray:
    source = np.asarray(source)
    if source.ndim != 3 or source.shape[1:] != (22, 3) or len(source) < 2:
        raise ValueError(f"the source clip must be joint positions of shape (frames >= 2, 22, 3), got {source.shape}")
    if not np.isfinite(source).all():
        raise ValueError("the source clip contains NaN or infinite positions")
    return source


def check_keep(keep: np.ndarray, frames: int) -> np.ndarray:
    keep = np.asarray(keep, dtype=bool)
    if keep.shape != (frames,):
        raise ValueError(f"the edit mask must have one entry per frame ({frames}), got {keep.shape}")
    if keep.all():
        raise ValueError("the edit range is empty: choose at least one frame to regenerate")
    if not keep.any():
        raise ValueError("the edit range covers the whole clip: nothing is left to keep, generate a new clip instead")
    return keep
