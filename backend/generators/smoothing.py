"""Temporal smoothing of generated features: a Gaussian over frames, the
clip's ends extended by their edge frames (so a clip does not drift toward
zero at its ends). For generators whose samples carry frame-to-frame jitter
(ReMoDiffuse's per-call option ``smooth``)."""

from __future__ import annotations

import math

import numpy as np


def gaussian_kernel(sigma: float) -> np.ndarray:
    """Normalised weights over frames -r..r, r = ceil(3 sigma)."""
    if sigma <= 0:
        return np.ones(1)
    radius = int(math.ceil(3 * sigma))
    weights = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    return weights / weights.sum()


def smooth_frames(features: np.ndarray, sigma: float) -> np.ndarray:
    """(T, F) -> (T, F) smoothed over T with a Gaussian of ``sigma`` frames
    (0: unchanged); dtype kept."""
    if sigma <= 0 or len(features) < 2:
        return features
    kernel = gaussian_kernel(sigma)
    radius = len(kernel) // 2
    padded = np.pad(np.asarray(features, dtype=np.float64), ((radius, radius), (0, 0)), mode="edge")
    out = np.zeros(features.shape, dtype=np.float64)
    for offset, weight in enumerate(kernel):
        out += weight * padded[offset: offset + len(features)]
    return out.astype(features.dtype)
