"""ReMoDiffuse's networks (forward passes only; sampling lives in ``sampling.py``).

* ``efficient_attention``: linear attention (Shen et al.): queries softmaxed
  over each head's channels, keys over the sequence, out = q (k^T v); cost
  linear in the sequence length. Masked keys get no weight; a query
  whose keys are all masked gets zeros.
* ``Stylization``: MotionDiffuse's block: the timestep embedding gives a
  scale and a shift for the normalised block output, then SiLU and a
  zero-initialised projection (each residual branch starts as identity).
* ``SMALayer``: semantics-modulated attention, a depthwise temporal
  convolution over the layer's frames (not in the paper: see
  ``DenoiserConfig.temporal_kernel``), then the FFN. Queries: the noisy
  motion. Keys: [motion; prompt tokens; linear(concat(R_m, R_t))]. Values:
  [motion; prompt tokens; R_m]. The prompt's and the retrieval's keys and
  values do not depend on the step: ``Denoiser.conditions`` computes them
  once per sampling call (``SMALayer.condition_keys``).
* ``Denoiser``: x_t (B, T, F), t, conditions -> x0 (B, T, F).
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from .config import DenoiserConfig, RetrievalConfig


def sinusoid(values: torch.Tensor, dim: int) -> torch.Tensor:
    """(B,) -> (B, dim) sinusoidal embedding of timesteps."""
    half = dim // 2
    frequencies = torch.exp(-math.log(10000.0) * torch.arange(half, device=values.device, dtype=torch.float32) / half)
    angles = values.float()[:, None] * frequencies[None]
    return torch.cat([angles.sin(), angles.cos()], -1)


def efficient_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, key_mask: torch.Tensor | None, heads: int) -> torch.Tensor:
    """q (B, Tq, D), k and v (B, Tk, D), key_mask (B, Tk) True where a key
    counts -> (B, Tq, D)."""
    batch, tq, width = q.shape
    tk = k.shape[1]
    q = F.softmax(q.view(batch, tq, heads, -1), dim=-1)
    # Keys softmaxed over the sequence with the sequence as the last,
    # contiguous axis (B, H, d, Tk): a softmax over a middle axis runs a
    # kernel several times slower on CUDA (7.5 of 20 ms of GPU time at 10
    # steps, H100 profile 2026-12-07).
    k = k.view(batch, tk, heads, -1).permute(0, 2, 3, 1).contiguous()
    v = v.view(batch, tk, heads, -1)
    if key_mask is None:
        k = F.softmax(k, dim=-1)
    else:
        # A finite fill, then zeros where masked: a row whose keys are all
        # masked (an empty retrieval slot) attends to nothing instead of
        # softmaxing -inf to NaN.
        keep = key_mask[:, None, None, :]
        k = torch.where(keep, F.softmax(k.masked_fill(~keep, torch.finfo(k.dtype).min), dim=-1), 0.0)
        v = v * key_mask[:, :, None, None].to(v.dtype)
    context = torch.einsum("bhdn,bnhe->bhde", k, v)
    return torch.einsum("bnhd,bhde->bnhe", q, context).reshape(batch, tq, width)


class Stylization(nn.Module):
    def __init__(self, width: int, time_width: int, dropout: float) -> None:
        super().__init__()
        self.emb = nn.Sequential(nn.SiLU(), nn.Linear(time_width, 2 * width))
        self.norm = nn.LayerNorm(width)
        self.out = nn.Sequential(nn.SiLU(), nn.Dropout(dropout), nn.Linear(width, width))
        nn.init.zeros_(self.out[2].weight)
        nn.init.zeros_(self.out[2].bias)

    def forward(self, h: torch.Tensor, emb: torch.Tensor | None, modulation: torch.Tensor | None = None) -> torch.Tensor:
        """``modulation``: ``self.emb(emb)`` computed beforehand (a sampling
        call computes every step's at once: ``Denoiser.modulations``)."""
        scale, shift = (self.emb(emb) if modulation is None else modulation)[:, None].chunk(2, dim=-1)
        return self.out(self.norm(h) * (1 + scale) + shift)


class SelfAttentionBlock(nn.Module):
    """Pre-norm efficient self-attention + FFN (the retrieved-motion encoder)."""

    def __init__(self, width: int, heads: int, ff: int, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.norm = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.ffn = nn.Sequential(nn.LayerNorm(width), nn.Linear(width, ff), nn.GELU(), nn.Dropout(dropout), nn.Linear(ff, width))
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        q, k, v = self.qkv(self.norm(x)).chunk(3, dim=-1)
        x = x + self.drop(self.proj(efficient_attention(q, k, v, mask, self.heads)))
        return x + self.drop(self.ffn(x))


class SMALayer(nn.Module):
    def __init__(self, width: int, heads: int, ff: int, dropout: float, temporal_kernel: int = 0) -> None:
        super().__init__()
        self.heads = heads
        if temporal_kernel:
            self.temporal_norm = nn.LayerNorm(width)
            self.temporal = nn.Conv1d(width, width, temporal_kernel, padding=temporal_kernel // 2, groups=width)
            self.temporal_style = Stylization(width, width, dropout)
        else:
            self.temporal = None
        self.norm = nn.LayerNorm(width)
        self.text_norm = nn.LayerNorm(width)
        self.retrieval_norm = nn.LayerNorm(width)
        self.query = nn.Linear(width, width)
        self.key_motion = nn.Linear(width, width)
        self.value_motion = nn.Linear(width, width)
        self.key_text = nn.Linear(width, width)
        self.value_text = nn.Linear(width, width)
        self.key_retrieval = nn.Linear(2 * width, width)
        self.value_retrieval = nn.Linear(width, width)
        self.attention_style = Stylization(width, width, dropout)
        self.ffn = nn.Sequential(nn.Linear(width, ff), nn.GELU(), nn.Dropout(dropout), nn.Linear(ff, width))
        nn.init.zeros_(self.ffn[3].weight)
        nn.init.zeros_(self.ffn[3].bias)
        self.ffn_style = Stylization(width, width, dropout)

    def condition_keys(self, text: torch.Tensor, r_motion: torch.Tensor, r_text: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The prompt tokens' and the retrieved features' keys and values
        (B, K + k*F, W) each: they do not depend on the diffusion step, so a
        sampling call computes them once (``Denoiser.conditions``)."""
        t = self.text_norm(text)
        rm, rt = self.retrieval_norm(r_motion), self.retrieval_norm(r_text)
        keys = torch.cat([self.key_text(t), self.key_retrieval(torch.cat([rm, rt], -1))], 1)
        return keys, torch.cat([self.value_text(t), self.value_retrieval(rm)], 1)

    @property
    def styles(self) -> tuple[Stylization, ...]:
        return (self.attention_style,) + ((self.temporal_style,) if self.temporal is not None else ()) + (self.ffn_style,)

    def forward(self, x, emb, frame_mask, condition_keys, condition_values, mask, modulations=None):
        """``mask`` (B, T + K + k*F): frames, then the condition keys that
        count; ``modulations`` (B, len(styles), 2W): the styles' projections
        of ``emb`` computed beforehand (then ``emb`` is not used)."""
        m = [None] * len(self.styles) if modulations is None else modulations.unbind(1)
        h = self.norm(x)
        keys = torch.cat([self.key_motion(h), condition_keys], 1)
        values = torch.cat([self.value_motion(h), condition_values], 1)
        y = efficient_attention(self.query(h), keys, values, mask, self.heads)
        x = x + self.attention_style(y, emb, m[0])
        if self.temporal is not None:
            # Padding frames are zeroed first so they never leak into real ones.
            h = self.temporal_norm(x) * frame_mask[..., None].to(x.dtype)
            x = x + self.temporal_style(self.temporal(h.transpose(1, 2)).transpose(1, 2), emb, m[1])
        return x + self.ffn_style(self.ffn(x), emb, m[-1])


class TextEncoder(nn.Module):
    """Sentence vector (B, text_dim) -> prompt token features (B, K, W)
    (``text_tokens`` pseudo-tokens through a ``text_layers`` transformer)."""

    def __init__(self, c: DenoiserConfig) -> None:
        super().__init__()
        self.tokens = c.text_tokens
        self.expand = nn.Linear(c.text_dim, c.text_tokens * c.width)
        self.position = nn.Parameter(torch.randn(1, c.text_tokens, c.width) * 0.02)
        layer = nn.TransformerEncoderLayer(c.width, c.heads, 2 * c.width, c.dropout, activation="gelu", batch_first=True, norm_first=True)
        self.trunk = nn.TransformerEncoder(layer, c.text_layers, enable_nested_tensor=False) if c.text_layers else nn.Identity()

    def forward(self, text: torch.Tensor) -> torch.Tensor:
        x = self.expand(text).view(len(text), self.tokens, -1) + self.position
        return self.trunk(x)


class RetrievalEncoder(nn.Module):
    """Retrieved entries -> R_m (B, k*F, W) motion features (every frame of
    every entry) and R_t (B, k*F, W) their texts' features, repeated over
    the entry's frames (what the keys concatenate)."""

    def __init__(self, c: DenoiserConfig, r: RetrievalConfig, frames: int) -> None:
        super().__init__()
        self.frames = frames
        self.motion_in = nn.Linear(r.components, c.width)
        self.position = nn.Parameter(torch.randn(1, 1, frames, c.width) * 0.02)
        self.slot = nn.Parameter(torch.randn(1, r.top_k, 1, c.width) * 0.02)
        self.motion = nn.ModuleList(SelfAttentionBlock(c.width, c.heads, c.ff, c.dropout) for _ in range(r.motion_layers))
        self.text = nn.Sequential(nn.Linear(c.text_dim, c.width), nn.GELU(), nn.Linear(c.width, c.width))

    def forward(self, motion: torch.Tensor, lengths: torch.Tensor, text: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """motion (B, k, F, C) principal components, lengths (B, k) frames
        read, text (B, k, text_dim) -> R_m, R_t, mask (B, k*F)."""
        batch, k, frames, _ = motion.shape
        mask = torch.arange(frames, device=motion.device)[None, None] < lengths[..., None]
        x = self.motion_in(motion) + self.position[:, :, :frames] + self.slot[:, :k]
        x = x.reshape(batch * k, frames, -1)
        flat_mask = mask.reshape(batch * k, frames)
        for block in self.motion:
            x = block(x, flat_mask)
        r_motion = x.reshape(batch, k * frames, -1)
        r_text = self.text(text)[:, :, None].expand(-1, -1, frames, -1).reshape(batch, k * frames, -1)
        return r_motion, r_text, mask.reshape(batch, k * frames)


class Denoiser(nn.Module):
    def __init__(self, c: DenoiserConfig, r: RetrievalConfig, retrieved_frames: int) -> None:
        super().__init__()
        self.config = c
        w = c.width
        self.embed = nn.Linear(c.feature_dim, w)
        self.position = nn.Parameter(torch.randn(1, c.max_frames, w) * 0.02)
        self.time = nn.Sequential(nn.Linear(w, w), nn.SiLU(), nn.Linear(w, w))
        self.text = TextEncoder(c)
        self.text_to_time = nn.Linear(w, w)
        self.retrieval = RetrievalEncoder(c, r, retrieved_frames)
        self.layers = nn.ModuleList(SMALayer(w, c.heads, c.ff, c.dropout, c.temporal_kernel) for _ in range(c.layers))
        self.out = nn.Sequential(nn.LayerNorm(w), nn.Linear(w, c.feature_dim))
        nn.init.zeros_(self.out[1].weight)
        nn.init.zeros_(self.out[1].bias)

    def conditions(self, text: torch.Tensor, retrieved: tuple[torch.Tensor, torch.Tensor, torch.Tensor]):
        """What a sampling loop computes once per call (none of it depends on
        the step): the prompt tokens, the retrieval mask and every layer's
        keys and values of [prompt tokens; retrieved features] ->
        (tokens, retrieval mask, keys 1, values 1, keys 2, ...)."""
        tokens = self.text(text)
        r_motion, r_text, r_mask = self.retrieval(*retrieved)
        per_layer = [tensor for layer in self.layers for tensor in layer.condition_keys(tokens, r_motion, r_text)]
        return (tokens, r_mask, *per_layer)

    def step_embedding(self, t: torch.Tensor, tokens: torch.Tensor, text_on: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        """(B,) timesteps, prompt tokens, text switches -> (B, W) what drives the stylization blocks."""
        on = text_on.to(tokens.dtype)[:, None]
        return self.time(sinusoid(t, self.config.width)).to(dtype) + self.text_to_time(tokens.mean(1)) * on

    def modulations(self, t: torch.Tensor, tokens: torch.Tensor, text_on: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        """Every stylization block's scale and shift -> (B, blocks, 2W), in
        layer order: what a sampling call computes for all its steps at once
        (they depend on the step and the prompt only, not on the motion)."""
        emb = self.step_embedding(t, tokens, text_on, dtype)
        return torch.stack([style.emb(emb) for layer in self.layers for style in layer.styles], 1)

    def forward(self, x: torch.Tensor, t: torch.Tensor, frame_mask: torch.Tensor, conditions, text_on: torch.Tensor,
                retrieval_on: torch.Tensor, modulations: torch.Tensor | None = None) -> torch.Tensor:
        """x (B, T, F) noisy normalised motion, t (B,), frame_mask (B, T) True
        on real frames, ``conditions`` from ``conditions``, text_on and
        retrieval_on (B,) bool (the mixture's branches) -> x0 (B, T, F);
        ``modulations``: ``modulations(t, ...)`` computed beforehand."""
        tokens, r_mask, *per_layer = conditions
        frames = x.shape[1]
        emb = self.step_embedding(t, tokens, text_on, x.dtype) if modulations is None else None
        text_mask = text_on[:, None].expand(-1, tokens.shape[1])
        mask = torch.cat([frame_mask, text_mask, r_mask & retrieval_on[:, None]], 1)
        h = self.embed(x) + self.position[:, :frames]
        first = 0
        for i, layer in enumerate(self.layers):
            count = len(layer.styles)
            m = None if modulations is None else modulations[:, first: first + count]
            h = layer(h, emb, frame_mask, per_layer[2 * i], per_layer[2 * i + 1], mask, m)
            first += count
        return self.out(h)
