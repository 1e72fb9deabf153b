"""ReMoDiffuse's sampling: the condition mixture and DDIM in motion space
with x0-prediction, with frame-range inpainting. Pure tensor code (the
generator hands in every random draw), so a loop replays as one CUDA graph.

Condition mixture (the paper's): each step runs the branches (text +
retrieval), (text), (retrieval), (none) as one batch and combines their x0
as w1 S(text, retr) + w2 S(text) + w3 S(retr) + w4 S(), sum w = 1.
Branches whose weight is 0 are not run.

Inpainting (``known``, ``keep``): before every step the kept frames of x_t
are replaced by the source noised to t with the start noise, and the
clean estimate's kept frames by the source itself; the platform's
``finish_edit`` restores them exactly afterwards.
"""

from __future__ import annotations

import torch

from ...samplers.ddim import ddim_step, timesteps
from ...samplers.schedules import NoiseSchedule
from .config import RemoConfig
from .networks import Denoiser

# (text, retrieval) switches of the four branches, in mixture order.
BRANCHES = ((True, True), (True, False), (False, True), (False, False))


def schedule_of(config: RemoConfig) -> NoiseSchedule:
    d = config.diffusion
    return NoiseSchedule.linear(d.steps, d.beta_start, d.beta_end)


def mixture_weights(guidance: float, shares: tuple[float, float, float]) -> tuple[float, float, float, float]:
    """(w1, w2, w3, w4): ``guidance`` split over the conditioned branches by
    ``shares`` (sum 1); the unconditioned branch takes 1 - guidance."""
    w = tuple(guidance * s for s in shares)
    return w + (1.0 - sum(w),)


def branch_batch(conditions, frame_mask: torch.Tensor, weights) -> tuple:
    """The conditions repeated once per active branch and the branches'
    switches -> (conditions, frame_mask, text_on, retrieval_on, weights)."""
    active = [(b, w) for b, w in zip(BRANCHES, weights) if w != 0.0]
    n, batch = len(active), len(frame_mask)
    repeated = tuple(c.repeat(n, *([1] * (c.dim() - 1))) for c in conditions)
    # Switches filled on the device (no host-to-device copy: this runs inside CUDA-graph capture).
    text_on = torch.zeros(n * batch, dtype=torch.bool, device=frame_mask.device)
    retrieval_on = torch.zeros_like(text_on)
    for i, ((text, retrieval), _) in enumerate(active):
        text_on[i * batch:(i + 1) * batch] = text
        retrieval_on[i * batch:(i + 1) * batch] = retrieval
    return repeated, frame_mask.repeat(n, 1), text_on, retrieval_on, [w for _, w in active]


def step_modulations(net: Denoiser, points: list[int], branches: tuple, dtype: torch.dtype) -> torch.Tensor:
    """Every step's stylization scales and shifts at once -> (steps, branches * B, blocks, 2W)."""
    conditions, _, text_on, _, _ = branches
    tokens, rows = conditions[0], len(text_on)
    # Filled on the device (no host-to-device copy: this runs inside CUDA-graph capture).
    t = torch.empty(len(points) * rows, dtype=torch.long, device=tokens.device)
    for i, point in enumerate(points):
        t[i * rows:(i + 1) * rows] = point
    steps = len(points)
    out = net.modulations(t, tokens.repeat(steps, 1, 1), text_on.repeat(steps), dtype)
    return out.view(steps, rows, *out.shape[1:])


def mixed_x0(net: Denoiser, x: torch.Tensor, t: int, branches: tuple, modulations: torch.Tensor | None = None) -> torch.Tensor:
    conditions, frame_mask, text_on, retrieval_on, weights = branches
    n = len(weights)
    tt = torch.full((n * len(x),), t, device=x.device, dtype=torch.long)
    out = net(x.repeat(n, 1, 1), tt, frame_mask, conditions, text_on, retrieval_on, modulations).float()
    parts = out.chunk(n)
    total = parts[0] * weights[0]
    for part, w in zip(parts[1:], weights[1:]):
        total = total + part * w
    return total


def ddim_motion(net: Denoiser, schedule: NoiseSchedule, noise: torch.Tensor, branches: tuple, *, steps: int,
                known: torch.Tensor | None = None, keep: torch.Tensor | None = None) -> torch.Tensor:
    """DDIM (eta 0) from ``noise`` (B, T, F) -> clean normalised motion;
    ``known`` (B, T, F) and ``keep`` (B, T) True: frames given (inpainting)."""
    bars = schedule.alpha_bars
    points = timesteps(schedule, steps)
    inpaint = known is not None and keep is not None
    kept = keep[..., None] if inpaint else None
    x = noise
    modulations = step_modulations(net, points, branches, noise.dtype)
    for i, t in enumerate(points):
        a = float(bars[t])
        if inpaint:
            x = torch.where(kept, a**0.5 * known + (1 - a) ** 0.5 * noise, x)
        x0 = mixed_x0(net, x, t, branches, modulations[i])
        if inpaint:
            x0 = torch.where(kept, known, x0)
        eps = (x - a**0.5 * x0) / (1 - a) ** 0.5
        x = ddim_step(schedule, x, x0, eps, t, points[i + 1] if i + 1 < len(points) else -1)
    return x
