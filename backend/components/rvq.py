"""Residual vector quantisation with EMA codebooks, dead-code reset and
quantiser dropout (MoMask section 3.1)."""

from __future__ import annotations

import torch
from torch import nn


class EMACodebook(nn.Module):
    """One codebook of ``size`` codes x ``dim``, updated by exponential moving
    averages of assigned vectors; codes unused for a batch are reset to random
    inputs of that batch (dead-code reset)."""

    def __init__(self, *, size: int, dim: int, decay: float) -> None:
        super().__init__()
        self.size, self.dim, self.decay = size, dim, decay
        self.register_buffer("codes", torch.randn(size, dim) * 0.01)
        self.register_buffer("ema_sum", self.codes.clone())
        self.register_buffer("ema_count", torch.ones(size))
        self.register_buffer("initialised", torch.tensor(False))

    def nearest(self, x: torch.Tensor) -> torch.Tensor:
        """(N, dim) -> (N,) code indices."""
        distance = (x.pow(2).sum(1, keepdim=True) - 2 * x @ self.codes.T + self.codes.pow(2).sum(1)[None])
        return distance.argmin(1)

    def lookup(self, index: torch.Tensor) -> torch.Tensor:
        return self.codes[index]

    @torch.no_grad()
    def update(self, x: torch.Tensor, index: torch.Tensor) -> None:
        if not bool(self.initialised):
            pick = torch.randint(len(x), (self.size,), device=x.device)
            self.codes.copy_(x[pick])
            self.ema_sum.copy_(x[pick])
            self.initialised.fill_(True)
            return
        onehot = torch.zeros(len(x), self.size, device=x.device, dtype=x.dtype)
        onehot.scatter_(1, index[:, None], 1.0)
        count = onehot.sum(0)
        total = onehot.T @ x
        if torch.distributed.is_available() and torch.distributed.is_initialized():
            torch.distributed.all_reduce(count)
            torch.distributed.all_reduce(total)
        self.ema_count.mul_(self.decay).add_(count, alpha=1 - self.decay)
        self.ema_sum.mul_(self.decay).add_(total, alpha=1 - self.decay)
        n = self.ema_count.sum()
        smoothed = (self.ema_count + 1e-5) / (n + self.size * 1e-5) * n
        self.codes.copy_(self.ema_sum / smoothed[:, None])
        # Dead-code reset: codes whose running usage fell below one vector per
        # batch restart at random inputs of this batch.
        dead = self.ema_count < 1.0
        if dead.any():
            replacement = x[torch.randint(len(x), (int(dead.sum()),), device=x.device)]
            self.codes[dead] = replacement
            self.ema_sum[dead] = replacement
            self.ema_count[dead] = 1.0


class ResidualVQ(nn.Module):
    def __init__(self, *, layers: int, size: int, dim: int, decay: float, dropout: float) -> None:
        super().__init__()
        self.codebooks = nn.ModuleList(EMACodebook(size=size, dim=dim, decay=decay) for _ in range(layers))
        self.dropout = dropout

    @property
    def layers(self) -> int:
        return len(self.codebooks)

    def forward(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(B, T, dim) -> quantised (B, T, dim) (straight-through), codes
        (B, T, layers), commitment loss. In training, with probability
        ``dropout`` the last 0..layers-1 layers are switched off for the batch."""
        with torch.autocast(device_type=z.device.type, enabled=False):
            return self._quantise(z.float())

    def _quantise(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        batch, steps, dim = z.shape
        flat = z.reshape(-1, dim)
        active = self.layers
        if self.training and torch.rand(()) < self.dropout:
            active = int(torch.randint(1, self.layers + 1, ()))
        residual = flat.detach()
        quantised = torch.zeros_like(flat)
        codes = []
        for layer, book in enumerate(self.codebooks):
            index = book.nearest(residual)
            if self.training:
                book.update(residual, index)
            chosen = book.lookup(index)
            if layer < active:
                quantised = quantised + chosen
            residual = residual - chosen
            codes.append(index)
        commitment = (flat - quantised.detach()).pow(2).mean()
        quantised = flat + (quantised - flat).detach()
        return quantised.reshape(batch, steps, dim), torch.stack(codes, -1).reshape(batch, steps, self.layers), commitment

    def decode_codes(self, codes: torch.Tensor) -> torch.Tensor:
        """(B, T, k) codes of the first k layers -> (B, T, dim) summed vectors."""
        return sum(self.codebooks[i].lookup(codes[..., i]) for i in range(codes.shape[-1]))
