"""Transformers over residual VQ codes (MoMask's design, reused by BAMM):
the masked transformer (base layer) and the residual transformer (layers
1..V). Forward passes only; sampling lives with each generator. Text enters
as one prefix token from the sentence vector (zeros = unconditional, used
for classifier-free guidance)."""

from __future__ import annotations

import torch
from torch import nn

from .transformer_config import TransformerConfig


class _Trunk(nn.Module):
    def __init__(self, config: TransformerConfig) -> None:
        super().__init__()
        self.text = nn.Linear(config.text_dim, config.width)
        self.position = nn.Parameter(torch.randn(1, config.max_tokens + 1, config.width) * 0.02)
        layer = nn.TransformerEncoderLayer(config.width, config.heads, config.ff, config.dropout, activation="gelu", batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, config.layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(config.width)

    def forward(self, tokens: torch.Tensor, text: torch.Tensor, padding: torch.Tensor) -> torch.Tensor:
        """tokens (B, L, W) embedded, text (B, text_dim), padding (B, L) True
        where padded -> (B, L, W) hidden states of the token positions."""
        x = torch.cat([self.text(text)[:, None], tokens], 1)
        x = x + self.position[:, : x.shape[1]]
        mask = torch.cat([torch.zeros_like(padding[:, :1]), padding], 1)
        return self.norm(self.encoder(x, src_key_padding_mask=mask))[:, 1:]


class MaskedTransformer(nn.Module):
    """Predicts base-layer codes at every position from partly masked input."""

    def __init__(self, config: TransformerConfig, *, codebook_size: int) -> None:
        super().__init__()
        self.config = config
        self.codebook_size = codebook_size
        self.mask_id, self.pad_id = codebook_size, codebook_size + 1
        self.embed = nn.Embedding(codebook_size + 2, config.width)
        self.trunk = _Trunk(config)
        self.head = nn.Linear(config.width, codebook_size)

    def forward(self, codes: torch.Tensor, text: torch.Tensor, padding: torch.Tensor) -> torch.Tensor:
        """codes (B, L) with mask/pad ids -> logits (B, L, codebook_size)."""
        return self.head(self.trunk(self.embed(codes), text, padding))


class ResidualTransformer(nn.Module):
    """Predicts layer j from the summed embeddings of layers 0..j-1. The output
    projection of layer j is the input embedding of layer j (shared), so the
    embedding that reads layer j codes also scores them."""

    def __init__(self, config: TransformerConfig, *, codebook_size: int, quantizers: int) -> None:
        super().__init__()
        self.config = config
        self.quantizers = quantizers
        self.pad_id = codebook_size
        self.embeds = nn.Parameter(torch.randn(quantizers, codebook_size + 1, config.width) * 0.02)
        self.layer_token = nn.Embedding(quantizers, config.width)
        self.trunk = _Trunk(config)
        self.project = nn.Linear(config.width, config.width)

    def forward(self, codes: torch.Tensor, layer: torch.Tensor, text: torch.Tensor, padding: torch.Tensor) -> torch.Tensor:
        """codes (B, L, V) of all layers (only layers < ``layer`` are read),
        layer (B,) in 1..V-1 -> logits (B, L, codebook_size) for that layer."""
        batch, length, layers = codes.shape
        below = torch.arange(layers, device=codes.device)[None, :] < layer[:, None]  # (B, V)
        gathered = torch.stack([self.embeds[i][codes[..., i]] for i in range(layers)], 2)  # (B, L, V, W)
        x = (gathered * below[:, None, :, None]).sum(2) + self.layer_token(layer)[:, None]
        h = self.project(self.trunk(x, text, padding))
        table = self.embeds[layer][:, : self.pad_id]  # (B, K, W)
        return torch.einsum("blw,bkw->blk", h, table)
