"""Editing by frame range, shared by every generator.

The one mask convention: ``keep[t] = True`` means frame t is given and must
not change; the generator fills the frames where ``keep`` is False.
``range_mask`` builds it from a half-open frame range [start, end). After a
generator has produced a whole clip, ``finish_edit`` aligns it with the
source at the seams (heading and root position at the frame before the
range, the residual error at the frame after it spread linearly over the
range), crossfades a few frames inside the range, and copies every kept
frame back bit for bit.
"""

from __future__ import annotations

import numpy as np

from ..motion import quaternion as Q
from ..motion.features import canonicalize, positions_to_features
from ..motion.kinematics import forward_direction


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


def _yaw(positions: np.ndarray) -> np.ndarray:
    forward = forward_direction(positions)
    return np.arctan2(forward[:, 0], forward[:, 2])


def _rotate_about(frames: np.ndarray, pivot: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """Rotate (N, 22, 3) frames about the vertical axis through ``pivot``
    ((3,) or (N, 1, 3)) by per-frame angles (N,)."""
    q = np.broadcast_to(Q.about_y(angle)[:, None], frames.shape[:-1] + (4,))
    return Q.qrot(q, frames - pivot) + pivot


def finish_edit(generated: np.ndarray, source: np.ndarray, keep: np.ndarray, *, blend: int = 4) -> np.ndarray:
    """generated, source (T, 22, 3) in the same world frame -> the edited clip:
    source frames where ``keep``, seamless generated frames elsewhere."""
    out = np.array(generated, dtype=np.float64, copy=True)
    source_f = np.asarray(source, dtype=np.float64)
    frames = len(source_f)
    for start, end in edited_spans(keep):
        work = out.copy()
        if start > 0:
            # Match heading and root at the frame before the range.
            turn = _yaw(source_f[start - 1:start])[0] - _yaw(work[start - 1:start])[0]
            pivot = work[start - 1, 0].copy()
            tail = work[start - 1:]
            work[start - 1:] = _rotate_about(tail, pivot, np.full(len(tail), turn)) + (source_f[start - 1, 0] - pivot)
        if end < frames:
            # Spread the heading and root error at the frame after the range
            # linearly over the range.
            yaw_error = (_yaw(source_f[end:end + 1])[0] - _yaw(work[end:end + 1])[0] + np.pi) % (2 * np.pi) - np.pi
            weights = np.arange(1, end - start + 1) / (end - start + 1)
            segment = work[start:end]
            segment = _rotate_about(segment, segment[:, :1], weights * yaw_error)
            work[start:end] = segment + weights[:, None, None] * (source_f[end, 0] - work[end, 0])
        # Crossfade from the source into the generated motion at both seams.
        n = min(blend, (end - start) // 4)
        for k in range(n):
            w = (k + 1) / (n + 1)
            if start > 0:
                work[start + k] = (1 - w) * source_f[start + k] + w * work[start + k]
            if end < frames:
                work[end - 1 - k] = (1 - w) * source_f[end - 1 - k] + w * work[end - 1 - k]
        out[start:end] = work[start:end]
    result = out.astype(np.float32)
    result[keep] = np.asarray(source, dtype=np.float32)[keep]
    return result
