"""The metrics module on cases with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from backend.eval import metrics


def _unit(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_r_precision_is_perfect_for_matching_embeddings_and_chance_for_noise():
    rng = np.random.default_rng(0)
    text = _unit(rng.normal(size=(320, 64)))
    (t1, t2, t3), matched = metrics.r_precision(text, text, rng)
    assert t1 == t2 == t3 == 1.0 and matched == pytest.approx(0.0, abs=1e-6)
    noise = _unit(rng.normal(size=(3200, 64)))
    (t1, _, t3), _ = metrics.r_precision(_unit(rng.normal(size=(3200, 64))), noise, rng)
    assert abs(t1 - 1 / 32) < 0.015 and abs(t3 - 3 / 32) < 0.02
    with pytest.raises(ValueError):
        metrics.r_precision(text[:10], text[:10], rng)


def test_fid_zero_for_identical_sets_and_grows_with_shift():
    rng = np.random.default_rng(1)
    real = rng.normal(size=(500, 16))
    assert metrics.fid(real, real) == pytest.approx(0.0, abs=1e-8)
    assert metrics.fid(real, real + 1.0) == pytest.approx(16.0, rel=1e-6)  # |mean shift|^2
    assert metrics.fid(real, rng.normal(size=(500, 16)) * 2) > 5


def test_diversity_and_multimodality():
    rng = np.random.default_rng(2)
    same = np.ones((50, 8))
    assert metrics.diversity(same, rng) == 0.0
    points = np.eye(8)
    assert metrics.diversity(points, rng) == pytest.approx(np.sqrt(2))
    per_text = np.stack([np.eye(5) for _ in range(4)])  # 4 texts x 5 generations
    assert metrics.multimodality(per_text, rng) == pytest.approx(np.sqrt(2))


def test_physical_metrics():
    frames = 40
    positions = np.zeros((frames, 22, 3))
    positions[..., 1] = 0.5
    positions[:, [7, 8, 10, 11], 1] = 0.01  # feet on the floor
    assert metrics.foot_skating(positions) == 0.0
    sliding = positions.copy()
    sliding[:, [7, 8, 10, 11], 0] = np.arange(frames)[:, None] * 0.01  # 0.2 m/s at 20 fps
    assert metrics.foot_skating(sliding) == pytest.approx(0.2)
    sunk = positions.copy()
    sunk[:, 0, 1] = -0.1
    assert metrics.floor_penetration(sunk) == pytest.approx(0.1)
    assert metrics.jerk(positions) == 0.0
    mean, interval = metrics.mean_interval([1.0, 2.0, 3.0])
    assert mean == 2.0 and interval == pytest.approx(1.96 / np.sqrt(3))
