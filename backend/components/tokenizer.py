"""The residual VQ-VAE: 1D-conv ResNet encoder/decoder around ``ResidualVQ``."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from .tokenizer_config import TokenizerConfig
from .rvq import ResidualVQ


class ResBlock(nn.Module):
    def __init__(self, width: int, dilation: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv1d(width, width, 3, padding=dilation, dilation=dilation)
        self.conv2 = nn.Conv1d(width, width, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv2(F.relu(self.conv1(F.relu(x))))


def _stack(width: int, depth: int, growth: int, reverse: bool) -> nn.Sequential:
    dilations = [growth**i for i in range(depth)]
    return nn.Sequential(*(ResBlock(width, d) for d in (dilations[::-1] if reverse else dilations)))


class MotionTokenizer(nn.Module):
    """(B, T, 263) normalised features, T a multiple of 4 <-> (B, T/4, layers) codes."""

    def __init__(self, config: TokenizerConfig) -> None:
        super().__init__()
        self.config = config
        w = config.width
        enc = [nn.Conv1d(config.feature_dim, w, 3, padding=1), nn.ReLU()]
        for _ in range(config.downsample):
            enc += [nn.Conv1d(w, w, 4, stride=2, padding=1), _stack(w, config.depth, config.dilation_growth, False)]
        enc += [nn.Conv1d(w, config.code_dim, 3, padding=1)]
        self.encoder = nn.Sequential(*enc)
        dec = [nn.Conv1d(config.code_dim, w, 3, padding=1), nn.ReLU()]
        for _ in range(config.downsample):
            dec += [_stack(w, config.depth, config.dilation_growth, True), nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv1d(w, w, 3, padding=1)]
        dec += [nn.Conv1d(w, w, 3, padding=1), nn.ReLU(), nn.Conv1d(w, config.feature_dim, 3, padding=1)]
        self.decoder = nn.Sequential(*dec)
        self.quantizer = ResidualVQ(
            layers=config.quantizers, size=config.codebook_size, dim=config.code_dim, decay=config.ema_decay, dropout=config.quantizer_dropout
        )

    def encode_latent(self, features: torch.Tensor) -> torch.Tensor:
        return self.encoder(features.transpose(1, 2)).transpose(1, 2)

    def forward(self, features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """-> reconstruction (B, T, 263), codes (B, T/4, layers), commitment loss."""
        quantised, codes, commitment = self.quantizer(self.encode_latent(features))
        return self.decode_latent(quantised), codes, commitment

    @torch.no_grad()
    def encode(self, features: torch.Tensor) -> torch.Tensor:
        z = self.encode_latent(features).float()
        codes = []
        residual = z.reshape(-1, z.shape[-1])
        for book in self.quantizer.codebooks:
            index = book.nearest(residual)
            residual = residual - book.lookup(index)
            codes.append(index)
        return torch.stack(codes, -1).reshape(z.shape[0], z.shape[1], -1)

    def decode_latent(self, latent: torch.Tensor) -> torch.Tensor:
        return self.decoder(latent.transpose(1, 2)).transpose(1, 2)

    def decode(self, codes: torch.Tensor) -> torch.Tensor:
        """(B, L, k) codes -> (B, 4L, 263) normalised features."""
        return self.decode_latent(self.quantizer.decode_codes(codes))
