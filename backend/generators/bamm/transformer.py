"""BAMM's base-token transformer: one network that is both autoregressive and
bidirectional, through its attention mask.

Vocabulary: ``K`` codes, then END, PAD and MASK. Heads predict a code or END.

The sequence is ``[text, c_0 .. c_{S-1}, s_1 .. s_{S-1}]`` with S =
``max_tokens`` (49 codes + END):

* ``text``: the sentence vector (zeros: unconditional), with position 0.
  Its output predicts token 0.
* condition slots ``c_j``: token j when it is given (visible), MASK where it
  is to be generated, END at the clip's length and PAD after. Visible slots
  are what the paper calls condition positions: every position attends to
  them. In an autoregressive pass no slot is visible.
* stream ``s_j`` (j >= 1): the embedding of token j-1, position j; its output
  predicts token j. The stream is causal: s_j sees s_1..s_j, the text and the
  visible slots; the text and the slots never see the stream.

So a stream position predicts token j from the tokens before it (generated
or given) plus every given token anywhere (the hybrid mask: causal plus
visible conditions), and no position ever sees a token it must predict. The
prefix (text and slots) does not depend on the stream, and the stream only
looks back, so a key/value cache makes decoding linear: the prefix is run
once, then each stream position is one step.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from .config import BaseConfig


class _Block(nn.Module):
    """Pre-norm transformer layer whose attention can extend a key/value cache."""

    def __init__(self, config: BaseConfig) -> None:
        super().__init__()
        self.heads = config.heads
        self.norm1 = nn.LayerNorm(config.width)
        self.qkv = nn.Linear(config.width, 3 * config.width)
        self.out = nn.Linear(config.width, config.width)
        self.norm2 = nn.LayerNorm(config.width)
        self.ff = nn.Sequential(nn.Linear(config.width, config.ff), nn.GELU(), nn.Dropout(config.dropout), nn.Linear(config.ff, config.width))
        self.drop = nn.Dropout(config.dropout)
        self.p = config.dropout

    def forward(self, x: torch.Tensor, allow: torch.Tensor, cache: "_LayerCache | None" = None) -> torch.Tensor:
        """x (B, N, W); allow (B, N, N_keys) True where a query may attend a key;
        with ``cache``, the keys are the cached ones followed by x's."""
        batch, length, width = x.shape
        q, k, v = self.qkv(self.norm1(x)).view(batch, length, 3, self.heads, width // self.heads).permute(2, 0, 3, 1, 4)
        if cache is not None:
            k, v = cache.extend(k, v)
        attended = F.scaled_dot_product_attention(q, k, v, attn_mask=allow[:, None], dropout_p=self.p if self.training else 0.0)
        x = x + self.drop(self.out(attended.transpose(1, 2).reshape(batch, length, width)))
        return x + self.drop(self.ff(self.norm2(x)))


class _LayerCache:
    """Keys and values of one layer, preallocated for the whole sequence."""

    def __init__(self, batch: int, heads: int, size: int, head_dim: int, device, dtype) -> None:
        self.k = torch.zeros(batch, heads, size, head_dim, device=device, dtype=dtype)
        self.v = torch.zeros_like(self.k)
        self.used = 0

    def extend(self, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        n = k.shape[2]
        self.k[:, :, self.used: self.used + n] = k
        self.v[:, :, self.used: self.used + n] = v
        self.used += n
        return self.k[:, :, : self.used], self.v[:, :, : self.used]


@dataclass
class DecodeState:
    """A decoding in progress: caches, which prefix keys are visible, how far the stream went."""

    caches: list[_LayerCache]
    visible: torch.Tensor  # (B, prefix) bool
    fed: int = 0  # stream positions already in the cache (s_1 .. s_fed)


class BAMMTransformer(nn.Module):
    def __init__(self, config: BaseConfig, *, codebook_size: int) -> None:
        super().__init__()
        self.config = config
        self.codebook_size = codebook_size
        self.end_id, self.pad_id, self.mask_id = codebook_size, codebook_size + 1, codebook_size + 2
        self.embed = nn.Embedding(codebook_size + 3, config.width)
        self.text = nn.Linear(config.text_dim, config.width)
        self.position = nn.Parameter(torch.randn(1, config.max_tokens, config.width) * 0.02)
        self.segment = nn.Parameter(torch.randn(3, config.width) * 0.02)  # text, condition slot, stream
        self.blocks = nn.ModuleList(_Block(config) for _ in range(config.layers))
        self.norm = nn.LayerNorm(config.width)
        self.head = nn.Linear(config.width, codebook_size + 1)  # codes and END

    @property
    def slots(self) -> int:
        return self.config.max_tokens

    def _prefix(self, text: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        t = self.text(text)[:, None] + self.position[:, :1] + self.segment[0]
        c = self.embed(context) + self.position[:, : context.shape[1]] + self.segment[1]
        return torch.cat([t, c], 1)

    def _stream(self, inputs: torch.Tensor, start: int) -> torch.Tensor:
        """inputs (B, n): tokens start-1 .. start+n-2, at stream positions start .. start+n-1."""
        return self.embed(inputs) + self.position[:, start: start + inputs.shape[1]] + self.segment[2]

    def forward(self, text: torch.Tensor, context: torch.Tensor, visible: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
        """Training pass. text (B, D); context (B, S) slot ids; visible (B, S)
        bool; inputs (B, S-1): tokens 0..S-2 fed to the stream (teacher
        forcing) -> logits (B, S, K+1) for tokens 0..S-1."""
        batch, slots = context.shape
        x = torch.cat([self._prefix(text, context), self._stream(inputs, 1)], 1)
        prefix = 1 + slots
        keys_visible = torch.cat([torch.ones(batch, 1, dtype=torch.bool, device=visible.device), visible], 1)  # (B, prefix)
        n = x.shape[1]
        allow = torch.zeros(batch, n, n, dtype=torch.bool, device=x.device)
        allow[:, :, :prefix] = keys_visible[:, None, :]
        allow[:, prefix:, prefix:] = torch.ones(n - prefix, n - prefix, dtype=torch.bool, device=x.device).tril()
        for block in self.blocks:
            x = block(x, allow)
        h = self.norm(x)
        return self.head(torch.cat([h[:, :1], h[:, prefix:]], 1))

    # Cached decoding (inference).
    def start(self, text: torch.Tensor, context: torch.Tensor | None, visible: torch.Tensor | None) -> tuple[DecodeState, torch.Tensor]:
        """Run the prefix (text, plus the condition slots when any is
        visible) into a fresh cache -> (state, logits (B, K+1) of token 0)."""
        batch = len(text)
        if context is None:
            context = torch.zeros(batch, 0, dtype=torch.long, device=text.device)
            visible = torch.zeros(batch, 0, dtype=torch.bool, device=text.device)
        x = self._prefix(text, context)
        keys_visible = torch.cat([torch.ones(batch, 1, dtype=torch.bool, device=visible.device), visible], 1)
        width = self.config.width
        size = x.shape[1] + self.slots - 1
        caches = [_LayerCache(batch, self.config.heads, size, width // self.config.heads, x.device, x.dtype) for _ in self.blocks]
        allow = keys_visible[:, None, :].expand(batch, x.shape[1], -1)
        for block, cache in zip(self.blocks, caches):
            x = block(x, allow, cache)
        return DecodeState(caches, keys_visible), self.head(self.norm(x[:, 0]))

    def feed(self, state: DecodeState, inputs: torch.Tensor) -> torch.Tensor:
        """Feed the next stream positions (inputs (B, n): the tokens before
        the ones to predict) -> logits (B, n, K+1) of the next n tokens."""
        batch, n = inputs.shape
        start = state.fed + 1
        x = self._stream(inputs, start)
        prefix = state.visible.shape[1]
        stream = torch.arange(start, start + n, device=x.device)
        keys = torch.arange(1, start + n, device=x.device)
        allow = torch.cat([state.visible[:, None, :].expand(batch, n, prefix),
                           (keys[None, :] <= stream[:, None])[None].expand(batch, n, -1)], 2)
        for block, cache in zip(self.blocks, state.caches):
            x = block(x, allow, cache)
        state.fed += n
        return self.head(self.norm(x))
