"""Loader for the standard HumanML3D dataset layout.

Users who own HumanML3D can train our generators on it instead of (or beside)
our own CMU + Bandai build.  The loader reads the folder that the HumanML3D
preparation scripts produce::

    <root>/new_joint_vecs/<id>.npy   (T, 263) float32 features, 20 fps
    <root>/new_joints/<id>.npy       (T, 22, 3) joint positions (optional, unused)
    <root>/texts/<id>.txt            "caption#word/POS word/POS ...#from#to" per line
    <root>/train.txt, val.txt, test.txt (train_val.txt, all.txt)  one id per line
    <root>/Mean.npy, <root>/Std.npy  (263,) normalisation statistics

and returns the shared in-memory types of ``backend.data.items`` so the models
never know where a sample came from.

Public API
----------
``load_humanml3d(root, split, *, min_frames=40, max_frames=200,
include_mirrored=True) -> HumanML3DSplit``
    ``HumanML3DSplit`` *is a* ``TextMotionSplit`` (a frozen dataclass
    subclass), so it can be passed anywhere a ``TextMotionSplit`` is expected.
    It adds ``skipped: tuple[SkippedItem, ...]`` (what was dropped and why) and
    ``root: str``.

``parse_caption_line(line) -> (caption, tokens, start_s, end_s)``
    ``caption`` str (stripped), ``tokens`` tuple of ``word/POS`` strings,
    ``start_s``/``end_s`` floats in seconds, ``0.0`` where missing or NaN.

``humanml3d_stats(root, splits=None, *, min_frames=40, max_frames=200,
include_mirrored=True) -> dict``
    ``{"source": "humanml3d", "root": str, "splits": {"train": {"takes",
    "clips", "captions", "hours"}, ...}, "skipped": {"train": {reason: n}}}``;
    the ``"splits"`` part has the shape ``data stats --json`` prints.

Filtering rules (chosen to match the t2m ``Text2MotionDatasetV2`` loader that
published HumanML3D numbers are computed with)
----------------------------------------------------------------------------
* A motion is kept only if ``min_frames <= T < max_frames`` (40 and 200 for
  t2m: a 200-frame motion is dropped).  A motion that fails this test is
  dropped *with all its sub-range captions*, exactly as the standard loader
  does (it ``continue``s before reading the text file).
* A caption line whose from/to are both 0 (or NaN/missing) describes the whole
  motion.  All such captions go into one item named ``<id>``.  If a motion
  has only sub-range captions, no whole-motion item is created (again as the
  standard loader does); this is not reported as a skip.
* A caption with a nonzero from/to describes frames
  ``[int(from*20), int(to*20))`` (clipped to the motion).  Captions whose
  ranges map to the same frame range are grouped into one item named
  ``<id>#<start_frame>#<end_frame>`` (frames, not seconds, so two spellings of
  the same range never collide).  A sub-range is kept under the *same* rule as
  whole motions, ``min_frames <= frames < max_frames`` (t2m uses
  ``min_motion_len=40`` for sub-samples too; the KIT code uses 24 and some
  forks 20 -- pass ``min_frames`` to change it).  A range that covers the
  whole motion is treated as a whole-motion caption.
* ``take`` is the HumanML3D id without the mirror prefix ``M`` so a motion
  and its mirror share a take; ``mirrored`` is ``id.startswith("M")``.  With
  ``include_mirrored=False`` mirrored ids are left out silently (not reported
  as skipped).
* ``labels`` holds ``humanml3d_id``, ``start_frame``, ``end_frame`` and
  ``tokens`` (one tuple of ``word/POS`` strings per caption, aligned with
  ``captions``) for evaluators that need POS tokens.

Dropped motions and sub-ranges are returned in ``skipped`` with one of these
reason codes: ``missing_features``, ``missing_text``, ``unreadable``,
``wrong_shape``, ``non_finite``, ``no_captions``, ``too_short``,
``too_long``.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, Union

import numpy as np

from .items import FEATURE_DIM, FPS, TextMotionItem, TextMotionSplit

__all__ = [
    "HumanML3DSplit",
    "SkippedItem",
    "SOURCE",
    "STANDARD_SPLITS",
    "humanml3d_stats",
    "is_humanml3d_root",
    "load_humanml3d",
    "parse_caption_line",
]

SOURCE = "humanml3d"
STANDARD_SPLITS = ("train", "val", "test")
FEATURES_DIR = "new_joint_vecs"
JOINTS_DIR = "new_joints"
TEXTS_DIR = "texts"
MEAN_FILE = "Mean.npy"
STD_FILE = "Std.npy"

PathLike = Union[str, "os.PathLike[str]"]


# --------------------------------------------------------------------------
# result types


@dataclass(frozen=True)
class SkippedItem:
    """A motion (or sub-range) the loader dropped.

    ``reason`` is a stable code (see the module docstring), ``detail`` a
    human-readable explanation, ``path`` the file concerned.
    """

    name: str
    reason: str
    detail: str
    path: str = ""


@dataclass(frozen=True)
class HumanML3DSplit(TextMotionSplit):
    """A ``TextMotionSplit`` that also reports what the loader dropped."""

    skipped: tuple[SkippedItem, ...] = ()
    root: str = ""

    def skipped_reasons(self) -> dict[str, int]:
        """Number of skipped entries per reason code."""
        return dict(Counter(s.reason for s in self.skipped))


# --------------------------------------------------------------------------
# caption lines


def _parse_float(text: str) -> float | None:
    """``float(text)`` or None when it is not a number (NaN is a number)."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _is_time(text: str) -> bool:
    """A from/to field: a number (NaN included) or empty (missing)."""
    return not text.strip() or _parse_float(text) is not None


def _looks_like_tokens(text: str) -> bool:
    """True for an (possibly empty) ``word/POS word/POS`` string."""
    return all("/" in tok for tok in text.split())


def _seconds(value: float | None) -> float:
    if value is None or not math.isfinite(value):
        return 0.0
    return float(value)


def parse_caption_line(line: str) -> tuple[str, tuple[str, ...], float, float]:
    """Parse one line of a HumanML3D ``texts/<id>.txt`` file.

    The standard form is ``caption#tokens#from#to``.  Robust to:

    * surrounding whitespace, ``\\r\\n`` endings, a UTF-8 BOM;
    * NaN or missing from/to (both become ``0.0``, "whole motion");
    * extra ``#`` inside the caption text (the *last* three fields are taken
      as tokens/from/to; everything before them is the caption);
    * missing fields (``caption``, ``caption#tokens``, ``caption#tokens#from``).

    Returns ``(caption, tokens, start_s, end_s)``; ``caption`` is ``""`` for a
    blank line.  ``tokens`` is a tuple of ``word/POS`` strings.
    """
    line = line.replace("\ufeff", "").strip()
    if not line:
        return "", (), 0.0, 0.0
    parts = line.split("#")
    # a stray trailing '#' ("caption#tokens#0.0#0.0#") adds empty fields
    while len(parts) > 4 and not parts[-1].strip():
        parts.pop()
    tokens_text = ""
    start: float | None = None
    end: float | None = None
    if (
        len(parts) >= 4
        and _is_time(parts[-2])
        and _is_time(parts[-1])
        and (
            _parse_float(parts[-2]) is not None
            or _parse_float(parts[-1]) is not None
            or _looks_like_tokens(parts[-3])
        )
    ):
        # caption#tokens#from#to (caption may contain '#')
        caption = "#".join(parts[:-3])
        tokens_text = parts[-3]
        start, end = _parse_float(parts[-2]), _parse_float(parts[-1])
    elif (
        len(parts) >= 3
        and _parse_float(parts[-1]) is not None
        and _looks_like_tokens(parts[-2])
    ):
        # caption#tokens#from   (to missing)
        caption = "#".join(parts[:-2])
        tokens_text = parts[-2]
        start = _parse_float(parts[-1])
    elif len(parts) >= 2 and _looks_like_tokens(parts[-1]):
        # caption#tokens
        caption = "#".join(parts[:-1])
        tokens_text = parts[-1]
    else:
        # caption only (possibly with '#' in it)
        caption = line
    return caption.strip(), tuple(tokens_text.split()), _seconds(start), _seconds(end)


# --------------------------------------------------------------------------
# layout checks


def _layout_hint(root: str) -> str:
    return (
        f"{root!s} is not a HumanML3D folder: expected {FEATURES_DIR}/, "
        f"{TEXTS_DIR}/, {MEAN_FILE}, {STD_FILE} and split files such as train.txt"
    )


def _nested_hint(root: str) -> str:
    """Suggest ``root/<sub>`` when the real layout is one level down."""
    try:
        subs = sorted(e.name for e in os.scandir(root) if e.is_dir())
    except OSError:
        return ""
    for sub in subs:
        if os.path.isdir(os.path.join(root, sub, FEATURES_DIR)):
            return f" (did you mean {os.path.join(root, sub)}?)"
    return ""


def _check_root(root: PathLike) -> str:
    root = os.fspath(root)
    if not os.path.exists(root):
        raise FileNotFoundError(f"HumanML3D folder not found: {root}")
    if not os.path.isdir(root):
        raise ValueError(f"{root} is a file, not a HumanML3D folder")
    for sub in (FEATURES_DIR, TEXTS_DIR):
        path = os.path.join(root, sub)
        if not os.path.isdir(path):
            raise FileNotFoundError(
                f"missing {path}: {_layout_hint(root)}{_nested_hint(root)}"
            )
    return root


def is_humanml3d_root(root: PathLike) -> bool:
    """Cheap test: does ``root`` hold ``new_joint_vecs/`` and ``texts/``?"""
    root = os.fspath(root)
    return os.path.isdir(os.path.join(root, FEATURES_DIR)) and os.path.isdir(
        os.path.join(root, TEXTS_DIR)
    )


def available_splits(root: PathLike) -> list[str]:
    """Names of the split files in ``root`` (``train``, ``val``, ...)."""
    root = os.fspath(root)
    names = []
    for entry in sorted(os.listdir(root)):
        if entry.endswith(".txt") and os.path.isfile(os.path.join(root, entry)):
            names.append(entry[: -len(".txt")])
    return names


def _read_split_ids(root: str, split: str) -> list[str]:
    if not split or os.sep in split or "/" in split:
        raise ValueError(f"invalid HumanML3D split name {split!r}")
    path = os.path.join(root, f"{split}.txt")
    if not os.path.isfile(path):
        found = ", ".join(available_splits(root)) or "none"
        raise FileNotFoundError(
            f"missing split file {path} (split files found in {root}: {found})"
        )
    ids: list[str] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for raw in fh:
            mid = raw.strip()
            if mid.endswith(".npy"):
                mid = mid[: -len(".npy")]
            if not mid or mid in seen:
                continue
            seen.add(mid)
            ids.append(mid)
    if not ids:
        raise ValueError(f"split file {path} lists no motion ids")
    return ids


def _load_stat(root: str, filename: str) -> np.ndarray:
    path = os.path.join(root, filename)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"missing {path}: {_layout_hint(root)}")
    try:
        arr = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    if arr.size != FEATURE_DIM or arr.ndim > 2 or not np.issubdtype(arr.dtype, np.number):
        raise ValueError(
            f"{path} has shape {tuple(arr.shape)} and dtype {arr.dtype}, "
            f"expected ({FEATURE_DIM},) floats"
        )
    # (1, 263) as some scripts save it is accepted and flattened
    arr = np.ascontiguousarray(arr, dtype=np.float32).reshape(FEATURE_DIM)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{path} contains NaN or infinite values")
    return arr


def _load_mean_std(root: str) -> tuple[np.ndarray, np.ndarray]:
    mean = _load_stat(root, MEAN_FILE)
    std = _load_stat(root, STD_FILE)
    if np.any(std <= 0):
        bad = np.flatnonzero(std <= 0)[:8].tolist()
        raise ValueError(
            f"{os.path.join(root, STD_FILE)} has zero or negative entries "
            f"(dims {bad}); normalisation would divide by zero"
        )
    return mean, std


# --------------------------------------------------------------------------
# scanning


def _read_captions(path: str) -> list[tuple[str, tuple[str, ...], float, float]]:
    out = []
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for raw in fh:
            parsed = parse_caption_line(raw)
            if parsed[0]:
                out.append(parsed)
    return out


def _length_problem(frames: int, min_frames: int, max_frames: int) -> tuple[str, str] | None:
    if frames < min_frames:
        return "too_short", f"{frames} frames < min_frames={min_frames}"
    if frames >= max_frames:
        return "too_long", f"{frames} frames >= max_frames={max_frames}"
    return None


def _scan_motion(
    root: str, split: str, mid: str, min_frames: int, max_frames: int
) -> Iterator[Union[TextMotionItem, SkippedItem]]:
    """Items and skips of one HumanML3D id, in a stable order."""
    feat_path = os.path.join(root, FEATURES_DIR, f"{mid}.npy")
    text_path = os.path.join(root, TEXTS_DIR, f"{mid}.txt")
    if not os.path.isfile(feat_path):
        yield SkippedItem(mid, "missing_features", "features file not found", feat_path)
        return
    if not os.path.isfile(text_path):
        yield SkippedItem(mid, "missing_text", "caption file not found", text_path)
        return
    try:
        feats = np.load(feat_path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        yield SkippedItem(mid, "unreadable", f"cannot read features: {exc}", feat_path)
        return
    if feats.ndim != 2 or feats.shape[1] != FEATURE_DIM:
        yield SkippedItem(
            mid,
            "wrong_shape",
            f"features have shape {tuple(feats.shape)}, expected (T, {FEATURE_DIM})",
            feat_path,
        )
        return
    if not np.issubdtype(feats.dtype, np.floating):
        yield SkippedItem(
            mid, "wrong_shape", f"features have dtype {feats.dtype}, expected float", feat_path
        )
        return
    feats = np.ascontiguousarray(feats, dtype=np.float32)
    if not np.all(np.isfinite(feats)):
        n_bad = int(np.count_nonzero(~np.isfinite(feats).all(axis=1)))
        yield SkippedItem(
            mid, "non_finite", f"NaN or infinite values in {n_bad} frame(s)", feat_path
        )
        return
    total = int(feats.shape[0])
    problem = _length_problem(total, min_frames, max_frames)
    if problem is not None:
        yield SkippedItem(mid, problem[0], problem[1], feat_path)
        return
    try:
        lines = _read_captions(text_path)
    except OSError as exc:
        yield SkippedItem(mid, "unreadable", f"cannot read captions: {exc}", text_path)
        return
    if not lines:
        yield SkippedItem(mid, "no_captions", "caption file has no captions", text_path)
        return

    mirrored = mid.startswith("M")
    take = mid[1:] if mirrored else mid
    whole_caps: list[str] = []
    whole_toks: list[tuple[str, ...]] = []
    ranges: dict[tuple[int, int], tuple[list[str], list[tuple[str, ...]]]] = {}
    for caption, tokens, start_s, end_s in lines:
        if start_s == 0.0 and end_s == 0.0:
            whole_caps.append(caption)
            whole_toks.append(tokens)
            continue
        a = min(max(int(start_s * FPS), 0), total)
        b = min(max(int(end_s * FPS), 0), total)
        b = max(a, b)
        if (a, b) == (0, total):
            whole_caps.append(caption)
            whole_toks.append(tokens)
            continue
        caps, toks = ranges.setdefault((a, b), ([], []))
        caps.append(caption)
        toks.append(tokens)

    def make(name: str, feats_part: np.ndarray, caps: list[str], toks, a: int, b: int):
        return TextMotionItem(
            name=name,
            features=feats_part,
            captions=tuple(caps),
            source=SOURCE,
            split=split,
            take=take,
            mirrored=mirrored,
            labels={
                "humanml3d_id": mid,
                "start_frame": a,
                "end_frame": b,
                "tokens": tuple(toks),
            },
        )

    if whole_caps:
        yield make(mid, feats, whole_caps, whole_toks, 0, total)
    for (a, b), (caps, toks) in sorted(ranges.items()):
        name = f"{mid}#{a}#{b}"
        problem = _length_problem(b - a, min_frames, max_frames)
        if problem is not None:
            yield SkippedItem(
                name, problem[0], f"sub-range [{a}, {b}): {problem[1]}", text_path
            )
            continue
        yield make(name, feats[a:b].copy(), caps, toks, a, b)


def _scan(
    root: str,
    split: str,
    min_frames: int,
    max_frames: int,
    include_mirrored: bool,
) -> Iterator[Union[TextMotionItem, SkippedItem]]:
    for mid in _read_split_ids(root, split):
        if not include_mirrored and mid.startswith("M"):
            continue
        yield from _scan_motion(root, split, mid, min_frames, max_frames)


def _check_lengths(min_frames: int, max_frames: int) -> None:
    if min_frames < 1 or max_frames <= min_frames:
        raise ValueError(
            f"need 1 <= min_frames < max_frames, got min_frames={min_frames}, "
            f"max_frames={max_frames}"
        )


# --------------------------------------------------------------------------
# public entry points


def load_humanml3d(
    root: PathLike,
    split: str,
    *,
    min_frames: int = 40,
    max_frames: int = 200,
    include_mirrored: bool = True,
) -> HumanML3DSplit:
    """Load one split of a HumanML3D folder.

    Returns a ``HumanML3DSplit`` (a ``TextMotionSplit`` with ``skipped`` and
    ``root``).  Items are kept if ``min_frames <= frames < max_frames``; see
    the module docstring for the full rules.

    Raises ``FileNotFoundError`` (naming the path) when the folder, its
    ``new_joint_vecs/`` or ``texts/``, the split file, ``Mean.npy`` or
    ``Std.npy`` is missing, and ``ValueError`` when the folder is a file, the
    split file is empty, or Mean/Std have the wrong shape or bad values.
    """
    _check_lengths(min_frames, max_frames)
    root_s = _check_root(root)
    mean, std = _load_mean_std(root_s)
    items: list[TextMotionItem] = []
    skipped: list[SkippedItem] = []
    for entry in _scan(root_s, split, min_frames, max_frames, include_mirrored):
        (items if isinstance(entry, TextMotionItem) else skipped).append(entry)
    return HumanML3DSplit(
        name=split,
        items=tuple(items),
        mean=mean,
        std=std,
        skipped=tuple(skipped),
        root=root_s,
    )


def humanml3d_stats(
    root: PathLike,
    splits: list[str] | tuple[str, ...] | None = None,
    *,
    min_frames: int = 40,
    max_frames: int = 200,
    include_mirrored: bool = True,
) -> dict:
    """Counts per split of what ``load_humanml3d`` would return.

    ``splits`` defaults to those of ``train``, ``val``, ``test`` whose split
    files exist.  Per split:

    * ``takes``: distinct HumanML3D base ids (mirror prefix ``M`` removed)
      among the kept items, so a mirrored copy never adds a take;
    * ``clips``: kept items (whole motions and sub-ranges, mirrored included);
    * ``captions``: captions over those clips;
    * ``hours``: total duration of those clips at 20 fps (unrounded float).

    Also returns ``"skipped"``: per split, the number of skipped entries per
    reason code.  Features are read one file at a time and not kept, so this
    works on the full dataset without holding it in memory.  Mean/Std are not
    required here.
    """
    _check_lengths(min_frames, max_frames)
    root_s = _check_root(root)
    if splits is None:
        splits = [s for s in STANDARD_SPLITS if os.path.isfile(os.path.join(root_s, f"{s}.txt"))]
        if not splits:
            found = ", ".join(available_splits(root_s)) or "none"
            raise FileNotFoundError(
                f"no train.txt, val.txt or test.txt in {root_s} (split files found: {found})"
            )
    out_splits: dict[str, dict] = {}
    out_skipped: dict[str, dict[str, int]] = {}
    for split in splits:
        takes: set[str] = set()
        clips = captions = frames = 0
        reasons: Counter[str] = Counter()
        for entry in _scan(root_s, split, min_frames, max_frames, include_mirrored):
            if isinstance(entry, SkippedItem):
                reasons[entry.reason] += 1
                continue
            takes.add(entry.take)
            clips += 1
            captions += len(entry.captions)
            frames += entry.frames
        out_splits[split] = {
            "takes": len(takes),
            "clips": clips,
            "captions": captions,
            "hours": frames / FPS / 3600.0,
        }
        out_skipped[split] = dict(sorted(reasons.items()))
    return {
        "source": SOURCE,
        "root": root_s,
        "splits": out_splits,
        "skipped": out_skipped,
    }
