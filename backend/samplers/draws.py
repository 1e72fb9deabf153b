"""Categorical draws that do not depend on padding.

``top_k_draw`` samples one id per position from the top ``keep_fraction`` of
the logits with the Gumbel-max trick: argmax(logits / temperature + g), g
Gumbel noise. The noise is drawn for a fixed width of ``noise_length``
positions and sliced, so a clip's draws are the same whether it is run alone
at its own length or padded to a longer one (the GPU fast path pads every
clip to one length).
"""

from __future__ import annotations

import math

import torch


def uniform_noise(shape: tuple[int, int, int], generator: torch.Generator, device: torch.device, *, noise_length: int) -> torch.Tensor:
    """(B, L, V) uniform noise in (0, 1): drawn as (B, noise_length, V) and sliced."""
    batch, length, classes = shape
    full = (batch, max(length, noise_length), classes)
    if device.type == "cuda":
        # Drawn on the GPU (no copy, no sync) from a generator seeded by the
        # CPU one: still deterministic per seed on a given device.
        device_generator = torch.Generator(device=device)
        device_generator.manual_seed(int(torch.randint(2**62, (1,), generator=generator)))
        noise = torch.rand(full, generator=device_generator, device=device)
    else:
        noise = torch.rand(full, generator=generator)
    return noise[:, :length].clamp_(1e-10, 1 - 1e-7)


def top_k_draw(logits: torch.Tensor, generator: torch.Generator | None, *, keep_fraction: float, temperature: float,
               noise_length: int, noise: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """logits (B, L, V) -> (ids (B, L), probability of each drawn id (B, L)).
    ``noise``: uniform noise of the logits' shape drawn beforehand (a loop
    that draws every step's noise at once); else drawn here from ``generator``."""
    k = max(1, int(math.ceil(keep_fraction * logits.shape[-1])))
    threshold = logits.topk(k, dim=-1).values[..., -1:]
    scaled = logits.float().masked_fill(logits < threshold, -math.inf) / max(temperature, 1e-6)
    if noise is None:
        noise = uniform_noise(tuple(scaled.shape), generator, scaled.device, noise_length=noise_length)
    gumbel = -torch.log(-torch.log(noise))
    ids = (scaled + gumbel).argmax(-1)
    probs = scaled.softmax(-1)
    return ids, probs.gather(-1, ids[..., None])[..., 0]
