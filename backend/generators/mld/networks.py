"""MLD's networks: a transformer with U-Net-like long skips, the motion VAE
(distribution tokens in, one latent token out; zero queries of the clip's
length in, frames out) and the latent denoiser over [latent, timestep, text].
Forward passes only; sampling lives in ``sampling.py``."""

from __future__ import annotations

import math

import torch
from torch import nn

from .config import DenoiserConfig, VAEConfig


def sinusoid(values: torch.Tensor, dim: int) -> torch.Tensor:
    """(B,) -> (B, dim) sinusoidal embedding (timesteps, guidance scales)."""
    half = dim // 2
    frequencies = torch.exp(-math.log(10000.0) * torch.arange(half, device=values.device, dtype=torch.float32) / half)
    angles = values.float()[:, None] * frequencies[None]
    return torch.cat([angles.sin(), angles.cos()], -1)


class SkipTransformer(nn.Module):
    """``layers`` = 2k + 1 pre-norm encoder layers: k input blocks, a middle
    block, k output blocks; output block i first merges (linear over the
    concatenation) the state with the output of input block k - 1 - i."""

    def __init__(self, *, width: int, layers: int, heads: int, ff: int, dropout: float) -> None:
        super().__init__()
        if layers % 2 == 0:
            raise ValueError("a skip transformer needs an odd number of layers")

        def block():
            return nn.TransformerEncoderLayer(width, heads, ff, dropout, activation="gelu", batch_first=True, norm_first=True)

        half = layers // 2
        self.down = nn.ModuleList(block() for _ in range(half))
        self.middle = block()
        self.up = nn.ModuleList(block() for _ in range(half))
        self.merge = nn.ModuleList(nn.Linear(2 * width, width) for _ in range(half))
        self.norm = nn.LayerNorm(width)

    def forward(self, x: torch.Tensor, padding: torch.Tensor | None = None) -> torch.Tensor:
        skips = []
        for layer in self.down:
            x = layer(x, src_key_padding_mask=padding)
            skips.append(x)
        x = self.middle(x, src_key_padding_mask=padding)
        for layer, merge in zip(self.up, self.merge):
            x = layer(merge(torch.cat([x, skips.pop()], -1)), src_key_padding_mask=padding)
        return self.norm(x)


class MotionVAE(nn.Module):
    """Normalised features (B, T, F) <-> latent (B, Z, D)."""

    def __init__(self, config: VAEConfig) -> None:
        super().__init__()
        self.config = config
        c, z = config, config.latent_tokens
        self.embed = nn.Linear(c.feature_dim, c.width)
        self.distribution = nn.Parameter(torch.randn(2 * z, c.width) * 0.02)  # mu and log-variance tokens
        self.encoder_position = nn.Parameter(torch.randn(1, 2 * z + c.max_frames, c.width) * 0.02)
        self.encoder = SkipTransformer(width=c.width, layers=c.encoder_layers, heads=c.heads, ff=c.ff, dropout=c.dropout)
        self.to_latent = nn.Linear(c.width, c.latent_dim)
        self.from_latent = nn.Linear(c.latent_dim, c.width)
        self.decoder_position = nn.Parameter(torch.randn(1, z + c.max_frames, c.width) * 0.02)
        self.decoder = SkipTransformer(width=c.width, layers=c.decoder_layers, heads=c.heads, ff=c.ff, dropout=c.dropout)
        self.out = nn.Linear(c.width, c.feature_dim)

    def encode(self, features: torch.Tensor, padding: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """features (B, T, F), padding (B, T) True where padded -> mu, log-variance (B, Z, D)."""
        batch, frames, _ = features.shape
        z = self.config.latent_tokens
        x = torch.cat([self.distribution.expand(batch, -1, -1), self.embed(features)], 1)
        x = x + self.encoder_position[:, : 2 * z + frames]
        mask = torch.cat([torch.zeros(batch, 2 * z, dtype=torch.bool, device=padding.device), padding], 1)
        stats = self.to_latent(self.encoder(x, mask)[:, : 2 * z])
        return stats[:, :z], stats[:, z:].clamp(-12.0, 8.0)

    def decode(self, latent: torch.Tensor, padding: torch.Tensor) -> torch.Tensor:
        """latent (B, Z, D), padding (B, T) -> features (B, T, F); the length
        enters only through the positions of the (zero) frame queries."""
        batch, frames = padding.shape
        z = self.config.latent_tokens
        queries = torch.zeros(batch, frames, self.config.width, device=latent.device, dtype=latent.dtype)
        x = torch.cat([self.from_latent(latent), queries], 1) + self.decoder_position[:, : z + frames]
        mask = torch.cat([torch.zeros(batch, z, dtype=torch.bool, device=padding.device), padding], 1)
        return self.out(self.decoder(x, mask)[:, z:])


class Denoiser(nn.Module):
    """eps(z_t, t, text) over the token sequence [latent tokens, timestep,
    text] (text joined by concatenation, the paper's better variant). With
    ``guided`` it also reads a guidance scale, added to the timestep token
    (the consistency student, which replaces the two guided passes)."""

    def __init__(self, config: DenoiserConfig, *, latent_tokens: int, latent_dim: int, guided: bool = False) -> None:
        super().__init__()
        self.config = config
        w = config.width
        self.latent_tokens = latent_tokens
        self.embed = nn.Linear(latent_dim, w)
        self.time = nn.Sequential(nn.Linear(w, w), nn.SiLU(), nn.Linear(w, w))
        self.text = nn.Linear(config.text_dim, w)
        self.guidance = nn.Sequential(nn.Linear(w, w), nn.SiLU(), nn.Linear(w, w)) if guided else None
        if self.guidance is not None:
            nn.init.zeros_(self.guidance[2].weight)
            nn.init.zeros_(self.guidance[2].bias)
        self.position = nn.Parameter(torch.randn(1, latent_tokens + 2, w) * 0.02)
        self.trunk = SkipTransformer(width=w, layers=config.layers, heads=config.heads, ff=config.ff, dropout=config.dropout)
        self.out = nn.Linear(w, latent_dim)

    def forward(self, latent: torch.Tensor, t: torch.Tensor, text: torch.Tensor, guidance: torch.Tensor | None = None) -> torch.Tensor:
        """latent (B, Z, D), t (B,), text (B, text_dim) (zeros: no text),
        guidance (B,) scales (guided student only) -> eps (B, Z, D)."""
        width = self.config.width
        time = self.time(sinusoid(t, width))
        if self.guidance is not None:
            if guidance is None:
                raise ValueError("the consistency student needs a guidance scale")
            time = time + self.guidance(sinusoid(guidance * 100.0, width))
        x = torch.cat([self.embed(latent), time[:, None].to(latent.dtype), self.text(text)[:, None]], 1) + self.position
        return self.out(self.trunk(x)[:, : self.latent_tokens])
