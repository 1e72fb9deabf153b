"""Editing by frame range, shared by every generator.

The one mask convention: ``keep[t] = True`` means frame t is given and must
not change; the generator fills the frames where ``keep`` is False.
``range_mask`` builds it from a half-open frame range [start, end). After a
generator has produced a whole clip, ``finish_edit`` aligns it with the
source at the seams (heading and root position at the frame before the
range, the residual error at the frame after it spread linearly over the
range), adds back each joint's offset at both seams faded over the first
and last frames of the range (``seam_weights``), and copies every kept
frame back bit for bit.
"""

from __future__ import annotations

import numpy as np

from ..motion import quaternion as Q
from ..motion.features import canonicalize, positions_to_features
from ..motion.kinematics import facing_yaw, forward_direction, rotate_about_vertical


def range_mask(frames: int, start: int, end: int) -> np.ndarray:
    """(frames,) bool, False inside [start, end)."""
    if not 0 <= start < end <= frames:
        raise ValueError(f"edit range {start}:{end} must satisfy 0 <= start < end <= {frames}")
    keep = np.ones(frames, dtype=bool)
    keep[start:end] = False
    return keep


def edited_spans(keep: np.ndarray) -> list[tuple[int, int]]:
    """Maximal [start, end) runs of ``keep == False``."""
    spans, start = [], None
    for t, k in enumerate(np.append(keep, True)):
        if not k and start is None:
            start = t
        elif k and start is not None:
            spans.append((start, t))
            start = None
    return spans


def source_features(positions: np.ndarray) -> np.ndarray:
    """(T, 22, 3) world positions -> (T, 263) features of the canonicalised clip
    (the last frame repeated once so the feature clip keeps T frames)."""
    padded = np.concatenate([positions, positions[-1:]], 0)
    return positions_to_features(padded)


def to_source_frame(canonical: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Place recovered canonical positions in the source's world frame (undo
    ``canonicalize``: floor, origin, facing of frame 0)."""
    reference = canonicalize(source)
    heading_src = forward_direction(source[:1])[0]
    heading_can = forward_direction(reference[:1])[0]
    rotation = Q.qbetween(heading_can, heading_src)
    out = Q.qrot(np.broadcast_to(rotation, canonical.shape[:-1] + (4,)), canonical)
    anchor = Q.qrot(rotation, reference[0, 0])
    return out + (source[0, 0] - anchor)


def seam_weights(start: int, end: int, frames: int, *, blend: int) -> tuple[np.ndarray, np.ndarray]:
    """Fades (end - start,) of the correction made at the first regenerated
    frame (``before``) and at the last one (``after``) for the frames
    [start, end): each is 1 at its own seam frame and falls to 0 over
    ``blend`` frames along a half cosine (0 where there is no seam)."""
    length = end - start
    k = np.arange(length, dtype=np.float64)

    def fall(distance):
        x = np.clip(distance / max(blend, 1), 0.0, 1.0)
        return 0.5 * (1.0 + np.cos(np.pi * x))

    before = fall(k) if start > 0 else np.zeros(length)
    after = fall(length - 1 - k) if end < frames else np.zeros(length)
    return before, after


def seam_corrections(first_error: np.ndarray | None, last_error: np.ndarray | None, before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """(L, ...) corrections ``x * before + y * after`` that move the first
    frame by ``first_error`` and the last by ``last_error`` exactly (None: no
    seam there), however the two fades overlap; a 1-frame range takes the
    mean of the two."""
    if first_error is not None and last_error is not None:
        if len(before) == 1:
            return ((first_error + last_error) / 2)[None]
        alpha, beta = after[0], before[-1]  # each fade's value at the other seam
        det = 1.0 - alpha * beta
        x, y = (first_error - alpha * last_error) / det, (last_error - beta * first_error) / det
    else:
        x = first_error if first_error is not None else 0.0
        y = last_error if last_error is not None else 0.0
    shape = (-1,) + (1,) * (np.ndim(x) if np.ndim(x) else np.ndim(y))
    return before.reshape(shape) * x + after.reshape(shape) * y


# Frames over which each seam's correction fades into the range.
SEAM_BLEND = 8


def finish_edit(generated: np.ndarray, source: np.ndarray, keep: np.ndarray, *, blend: int = SEAM_BLEND) -> np.ndarray:
    """generated, source (T, 22, 3) in the same world frame -> the edited clip:
    source frames where ``keep``, seamless generated frames elsewhere.

    Per range: the generated motion is turned and moved to meet the source's
    heading and root at the frame before the range, the heading and root
    error at the frame after it is spread linearly over the range, and then
    every joint of the first (last) regenerated frame is moved to where the
    kept frames' own motion would carry it (the kept frame plus the kept
    frames' last per-frame step), the move faded out into the range
    (``seam_weights``): position and velocity continue across each seam,
    however the generator's own first frames jump."""
    out = np.array(generated, dtype=np.float64, copy=True)
    source_f = np.asarray(source, dtype=np.float64)
    frames = len(source_f)
    for start, end in edited_spans(keep):
        work = out.copy()
        if start > 0:
            # Match heading and root at the frame before the range.
            turn = facing_yaw(source_f[start - 1:start])[0] - facing_yaw(work[start - 1:start])[0]
            pivot = work[start - 1, 0].copy()
            tail = work[start - 1:]
            work[start - 1:] = rotate_about_vertical(tail, pivot, np.full(len(tail), turn)) + (source_f[start - 1, 0] - pivot)
        if end < frames:
            # Spread the heading and root error at the frame after the range
            # linearly over the range.
            # (frames from ``end`` on take the whole correction, so the
            # joint offsets below are measured against the corrected clip).
            yaw_error = (facing_yaw(source_f[end:end + 1])[0] - facing_yaw(work[end:end + 1])[0] + np.pi) % (2 * np.pi) - np.pi
            root_error = source_f[end, 0] - work[end, 0]
            weights = np.minimum(np.arange(1, frames - start + 1) / (end - start + 1), 1.0)
            segment = rotate_about_vertical(work[start:], work[start:, :1], weights * yaw_error)
            work[start:] = segment + weights[:, None, None] * root_error
        # Each seam frame to where the kept motion carries it, faded into the range.
        before, after = seam_weights(start, end, frames, blend=blend)
        first_error = last_error = None
        if start > 0:
            step = source_f[start - 1] - source_f[start - 2] if start >= 2 else 0.0
            first_error = source_f[start - 1] + step - work[start]
        if end < frames:
            step = source_f[end + 1] - source_f[end] if end + 1 < frames else 0.0
            last_error = source_f[end] - step - work[end - 1]
        if first_error is not None or last_error is not None:
            work[start:end] += seam_corrections(first_error, last_error, before, after)
        out[start:end] = work[start:end]
    result = out.astype(np.float32)
    result[keep] = np.asarray(source, dtype=np.float32)[keep]
    return result


def edit_batches(features: list[np.ndarray], keeps: list[np.ndarray], size: int):
    """Edits grouped for a batched ``_edit_many``: chunks of at most ``size``
    requests of similar length (sorted by length), each as (indices into the
    request lists, frames per clip, features (B, T, F) float32 and keep
    (B, T) bool, zero-padded / False past each clip's end)."""
    order = sorted(range(len(features)), key=lambda i: len(features[i]))
    for start in range(0, len(order), size):
        chunk = order[start:start + size]
        frames = [len(features[i]) for i in chunk]
        padded = np.zeros((len(chunk), max(frames), features[chunk[0]].shape[-1]), dtype=np.float32)
        kept = np.zeros((len(chunk), max(frames)), dtype=bool)
        for b, i in enumerate(chunk):
            padded[b, : frames[b]], kept[b, : frames[b]] = features[i], keeps[i]
        yield chunk, frames, padded, kept
