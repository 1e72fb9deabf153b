"""Samplers apart from models: diffusion schedules against the closed-form
forward process, DDIM, padding-invariant categorical draws."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.samplers.ddim import ddim_sample, ddim_step, timesteps
from backend.samplers.draws import top_k_draw
from backend.samplers.schedules import NoiseSchedule

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


def test_a_ddim_step_follows_the_closed_form():
    """With eta = 0 and the true x0 and eps, one DDIM step from x_t lands on
    q(x_{t_prev} | x0) with the same eps (DDIM eq. 12), for any pair of steps."""
    schedule = NoiseSchedule.linear(1000)
    generator = torch.Generator().manual_seed(1)
    x0 = torch.randn(4, 10, generator=generator, dtype=torch.float64)
    eps = torch.randn(4, 10, generator=generator, dtype=torch.float64)
    for t, t_prev in ((999, 979), (500, 250), (40, 0), (7, 6)):
        xt = schedule.add_noise(x0, eps, torch.full((4,), t))
        step = ddim_step(schedule, xt, x0, eps, t, t_prev)
        assert torch.allclose(step, schedule.add_noise(x0, eps, torch.full((4,), t_prev)), atol=1e-10), (t, t_prev)
    # A step that does not move (or moves to the wrong level) is caught.
    xt = schedule.add_noise(x0, eps, torch.full((4,), 500))
    assert not torch.allclose(ddim_step(schedule, xt, x0, eps, 500, 250), xt)


def test_ddim_sampling_visits_the_closed_form_at_every_step():
    schedule = NoiseSchedule.cosine(1000)
    generator = torch.Generator().manual_seed(2)
    x0 = torch.randn(3, 8, generator=generator, dtype=torch.float64)
    eps = torch.randn(3, 8, generator=generator, dtype=torch.float64)
    steps = timesteps(schedule, 20)
    assert steps[0] == 999 and steps[-1] == 0 and steps == sorted(steps, reverse=True) and len(set(steps)) == 20
    visited = []

    def check(x, t_prev):
        if t_prev >= 0:
            visited.append(float((x - schedule.add_noise(x0, eps, torch.full((3,), t_prev))).abs().max()))
        return x

    xt = schedule.add_noise(x0, eps, torch.full((3,), steps[0]))
    out = ddim_sample(lambda x, t: schedule.predict_eps(x, x0, t), schedule, xt, steps=20, after_step=check)
    assert len(visited) == 19 and max(visited) < 1e-9 and torch.allclose(out, x0, atol=1e-9)
    assert torch.allclose(ddim_sample(lambda x, t: x0, schedule, xt, steps=20, prediction="x0", after_step=check), x0, atol=1e-9)
    assert timesteps(schedule, 4) == [999, 666, 333, 0] and timesteps(schedule, 1) == [999]
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
