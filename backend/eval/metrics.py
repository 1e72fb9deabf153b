"""The field's text-to-motion metrics plus physical sanity, in one module.

Embedding metrics (Guo et al. 2022 protocol) take evaluator embeddings:
R-precision over shuffled batches of 32, MM-Dist, FID, Diversity (300 random
pairs), MultiModality (pairs among generations of one text), and the
scale-free FID / (real Diversity)^2. Physical metrics take joint positions
(T, 22, 3) in metres, Y up, floor at y = 0, 20 fps.
"""

from __future__ import annotations

import numpy as np

from ..motion.skeleton import LEFT_FOOT_JOINTS, RIGHT_FOOT_JOINTS
from ..motion.timebase import FPS

BATCH = 32
DIVERSITY_PAIRS = 300
FOOT_JOINTS = LEFT_FOOT_JOINTS + RIGHT_FOOT_JOINTS
CONTACT_HEIGHT = 0.05  # metres: a foot joint this close to the floor is in contact


def _distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sqrt(np.maximum((a**2).sum(1)[:, None] + (b**2).sum(1)[None, :] - 2 * a @ b.T, 0.0))


def r_precision(text: np.ndarray, motion: np.ndarray, rng: np.random.Generator, *, top_k: int = 3) -> tuple[np.ndarray, float]:
    """Top-1..k retrieval accuracy of each motion's own text among 32 (shuffled
    batches, the last incomplete batch dropped) and the mean matched distance."""
    order = rng.permutation(len(text))
    hits = np.zeros(top_k)
    count = 0
    matched = []
    for start in range(0, len(order) - BATCH + 1, BATCH):
        idx = order[start:start + BATCH]
        dist = _distances(text[idx], motion[idx])
        diagonal = np.diag(dist)
        rank = (dist < diagonal[:, None]).sum(axis=1)
        for k in range(top_k):
            hits[k] += (rank <= k).sum()
        count += len(idx)
        matched.append(diagonal)
    if count == 0:
        raise ValueError(f"R-precision needs at least {BATCH} samples, got {len(text)}")
    return hits / count, float(np.concatenate(matched).mean())


def mm_dist(text: np.ndarray, motion: np.ndarray) -> float:
    return float(np.linalg.norm(text - motion, axis=1).mean())


def _sqrtm_trace(a: np.ndarray, b: np.ndarray) -> float:
    """trace(sqrt(a @ b)) for symmetric PSD a, b."""
    values, vectors = np.linalg.eigh(a)
    root = (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T
    return float(np.sqrt(np.clip(np.linalg.eigvalsh(root @ b @ root), 0, None)).sum())


def fid(real: np.ndarray, generated: np.ndarray) -> float:
    """Frechet distance between Gaussians fitted to two embedding sets."""
    mu1, mu2 = real.mean(0), generated.mean(0)
    c1, c2 = np.cov(real, rowvar=False), np.cov(generated, rowvar=False)
    value = ((mu1 - mu2) ** 2).sum() + np.trace(c1) + np.trace(c2) - 2 * _sqrtm_trace(c1, c2)
    return float(max(value, 0.0))  # rounding can make identical sets slightly negative


def diversity(embeddings: np.ndarray, rng: np.random.Generator, pairs: int = DIVERSITY_PAIRS) -> float:
    if len(embeddings) < 2:
        raise ValueError("diversity needs at least two samples")
    first = rng.integers(0, len(embeddings), pairs)
    second = (first + rng.integers(1, len(embeddings), pairs)) % len(embeddings)
    return float(np.linalg.norm(embeddings[first] - embeddings[second], axis=1).mean())


def multimodality(per_text: np.ndarray, rng: np.random.Generator, pairs: int = 10) -> float:
    """(texts, generations, D) -> mean distance between generations of one text."""
    texts, generations, _ = per_text.shape
    first = rng.integers(0, generations, (texts, pairs))
    second = (first + rng.integers(1, generations, (texts, pairs))) % generations
    rows = np.arange(texts)[:, None]
    return float(np.linalg.norm(per_text[rows, first] - per_text[rows, second], axis=-1).mean())


def mean_interval(values: list[float]) -> tuple[float, float]:
    """Mean and 95% confidence half-width (normal approximation, as the field reports)."""
    arr = np.asarray(values, dtype=np.float64)
    if len(arr) < 2:
        return float(arr.mean()), 0.0
    return float(arr.mean()), float(1.96 * arr.std(ddof=1) / np.sqrt(len(arr)))


def foot_skating(positions: np.ndarray, fps: float = FPS) -> float:
    """Mean horizontal speed (m/s) of the ankle and toe joints over the frames
    where they are in contact (lower than 5 cm at both ends of the step)."""
    feet = positions[:, list(FOOT_JOINTS)]
    speed = np.linalg.norm(np.diff(feet[..., [0, 2]], axis=0), axis=-1) * fps
    contact = (feet[1:, :, 1] < CONTACT_HEIGHT) & (feet[:-1, :, 1] < CONTACT_HEIGHT)
    return float(speed[contact].mean()) if contact.any() else 0.0


def floor_penetration(positions: np.ndarray) -> float:
    """Mean depth (m) of the lowest joint below the floor, over frames."""
    return float(np.clip(-positions[..., 1].min(axis=1), 0, None).mean())


def jerk(positions: np.ndarray, fps: float = FPS) -> float:
    """Mean magnitude of the third time derivative of joint positions (m/s^3)."""
    if len(positions) < 4:
        return 0.0
    return float(np.linalg.norm(np.diff(positions, n=3, axis=0), axis=-1).mean() * fps**3)
