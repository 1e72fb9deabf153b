"""Samplers apart from models: diffusion schedules against the closed-form
forward process, DDIM, padding-invariant categorical draws."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.generators.samplers.ddim import ddim_sample, timesteps
from backend.generators.samplers.draws import top_k_draw
from backend.generators.samplers.schedules import NoiseSchedule

SCHEDULES = [NoiseSchedule.linear(1000), NoiseSchedule.scaled_linear(1000), NoiseSchedule.cosine(1000)]


@pytest.mark.parametrize("schedule", SCHEDULES, ids=["linear", "scaled_linear", "cosine"])
def test_stepwise_forward_process_matches_the_closed_form(schedule):
    """x_t from t one-step noisings q(x_s | x_{s-1}) has mean sqrt(a_t) x0 and
    variance 1 - a_t (DDPM eq. 4)."""
    generator = torch.Generator().manual_seed(0)
    x0 = torch.full((20000,), 1.5, dtype=torch.float64)
    x = x0.clone()
    bars = schedule.alpha_bars
    for t in range(300):
        beta = schedule.betas[t]
        x = (1 - beta).sqrt() * x + beta.sqrt() * torch.randn(x.shape, generator=generator, dtype=torch.float64)
    a = bars[299]
    assert float(x.mean()) == pytest.approx(float(a.sqrt() * 1.5), abs=0.03)
    assert float(x.var()) == pytest.approx(float(1 - a), abs=0.03)
    noise = torch.randn(x0.shape, generator=generator, dtype=torch.float64)
    t = torch.full((1,), 299)
    closed = schedule.add_noise(x0[None], noise[None], t)[0]
    assert float(closed.mean()) == pytest.approx(float(x.mean()), abs=0.04)
    assert torch.allclose(schedule.predict_x0(closed[None], noise[None], t)[0], x0)
    assert torch.all(bars[1:] < bars[:-1]) and 0 < float(bars[-1]) < 0.05


def test_ddim_with_the_true_noise_recovers_x0_exactly():
    schedule = NoiseSchedule.linear(1000)
    generator = torch.Generator().manual_seed(1)
    x0 = torch.randn(4, 10, generator=generator, dtype=torch.float64)
    eps = torch.randn(4, 10, generator=generator, dtype=torch.float64)
    start = timesteps(schedule, 50)[0]
    xt = schedule.add_noise(x0, eps, torch.full((4,), start))
    # An oracle: the eps that explains x_t given the true x0, at any t.
    out = ddim_sample(lambda x, t: schedule.predict_eps(x, x0, t), schedule, xt, steps=50)
    assert torch.allclose(out, x0, atol=1e-8)
    x0_out = ddim_sample(lambda x, t: x0, schedule, xt, steps=10, prediction="x0")
    assert torch.allclose(x0_out, x0, atol=1e-8)
    assert timesteps(schedule, 4) == [750, 500, 250, 0]
    with pytest.raises(ValueError, match="steps"):
        timesteps(schedule, 0)


def test_draws_do_not_depend_on_padding():
    logits = torch.randn(2, 7, 16, generator=torch.Generator().manual_seed(0))
    padded = torch.cat([logits, torch.randn(2, 5, 16)], 1)
    a, pa = top_k_draw(logits, torch.Generator().manual_seed(3), keep_fraction=0.5, temperature=1.0, noise_length=12)
    b, pb = top_k_draw(padded, torch.Generator().manual_seed(3), keep_fraction=0.5, temperature=1.0, noise_length=12)
    assert torch.equal(a, b[:, :7]) and torch.allclose(pa, pb[:, :7])
    # Only the top half of the codes is ever drawn, at about their probabilities.
    many = torch.zeros(1, 1, 4)
    many[0, 0] = torch.tensor([2.0, 1.0, 0.0, -5.0])
    ids = torch.cat([top_k_draw(many, torch.Generator().manual_seed(s), keep_fraction=0.5, temperature=1.0, noise_length=1)[0] for s in range(2000)])
    share = np.bincount(ids.flatten().numpy(), minlength=4) / 2000
    assert share[2] == share[3] == 0 and share[0] == pytest.approx(np.exp(1) / (1 + np.exp(1)), abs=0.04)
