"""``MoMaskGenerator``: load a weight pack, generate, edit a frame range."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import torch

from ...components.token_clips import decode_each, encode_clip
from ..base import BaseGenerator, Prompt
from ..editing import edited_spans
from ...samplers.mask_predict import mask_predict, residual_layers
from ..text_input import TextBatch, TextInput, hashed_vectors
from .config import MoMaskConfig, tiny_config
from .model import MoMask
from .options import MoMaskOptions
from .spec import SPEC
from .weights import load_model


class MoMaskGenerator(BaseGenerator):
    spec = SPEC

    def __init__(self, *, model: MoMask, text: TextInput, device: torch.device, info: dict | None = None,
                 defaults: MoMaskOptions | None = None) -> None:
        super().__init__(text=text, device=device, info=info, defaults=defaults or MoMaskOptions())
        self.model = model.to(device).eval()
        # Every clip draws its noise at this width, so padding never changes a sample.
        self.noise_tokens = math.ceil(self.max_frames / self.frames_per_token)
        self._masked = self.model.masked
        self._residual = self.model.residual

    @classmethod
    def load(cls, folder: Path, *, text: TextInput, device: torch.device) -> "MoMaskGenerator":
        model, info = load_model(Path(folder))
        defaults = MoMaskOptions.from_pack(info, where=str(Path(folder) / SPEC.pack_file))
        return cls(model=model, text=text, device=device, info=info, defaults=defaults)

    def accelerate(self) -> bool:
        """CUDA only: every clip is padded to ``noise_tokens`` tokens and the
        two token transformers replay CUDA graphs (one per batch size),
        recorded here by one warm-up generation. On any failure the eager
        path stays."""
        if self.device.type != "cuda":
            return False
        from ..cuda_graphs import GraphedForward

        self._masked, self._residual, self.accelerated = GraphedForward(self.model.masked), GraphedForward(self.model.residual), True
        try:
            # Warm-up: record the graphs on an unconditional clip of the padded length (no text encoder needed).
            condition = torch.zeros(1, self.model.config.masked.text_dim, device=self.device)
            lengths = torch.tensor([self.noise_tokens], device=self.device)
            self._sample(condition, lengths, torch.Generator().manual_seed(0), self.defaults)
            torch.cuda.synchronize(self.device)
        except Exception:  # noqa: BLE001 - the eager path always works
            self._masked, self._residual, self.accelerated = self.model.masked, self.model.residual, False
        return self.accelerated

    @property
    def frames_per_token(self) -> int:
        return self.model.config.tokenizer.frames_per_token

    def _condition(self, texts) -> torch.Tensor:
        batch: TextBatch = self.text(list(texts))
        return torch.from_numpy(np.asarray(batch.pooled, dtype=np.float32)).to(self.device)

    def _length_logits(self, texts) -> torch.Tensor:
        logits = self.model.length(self._condition(texts)).float().cpu()
        logits[:, : math.ceil(self.min_frames / self.frames_per_token)] = -torch.inf
        logits[:, self.max_frames // self.frames_per_token + 1:] = -torch.inf
        return logits

    @torch.no_grad()
    def estimate_frames(self, texts, *, seed: int) -> list[int]:
        """Length estimator: sample a token count per text -> frames."""
        generator = torch.Generator().manual_seed(seed)
        tokens = torch.multinomial(self._length_logits(texts).softmax(-1), 1, generator=generator)[:, 0]
        return [min(int(t) * self.frames_per_token, self.max_frames) for t in tokens]

    @torch.no_grad()
    def most_likely_frames(self, texts) -> list[int]:
        """The length estimator's most likely length per text (its accuracy)."""
        return [min(int(t) * self.frames_per_token, self.max_frames) for t in self._length_logits(texts).argmax(-1)]

    def _sample(self, condition, lengths, generator, options: MoMaskOptions, *, source=None, fixed=None) -> torch.Tensor:
        """-> (B, L, Q) codes; L = the padded length when accelerated."""
        length = self.noise_tokens if self.accelerated else int(lengths.max())
        if source is not None:
            grow = length - source.shape[1]
            source = torch.nn.functional.pad(source, (0, 0, 0, grow), value=0)
            fixed = torch.nn.functional.pad(fixed, (0, grow), value=False)
        padding = torch.arange(length, device=self.device)[None] >= lengths[:, None]
        padding2 = padding.repeat(2, 1)
        masked, residual = self.model.masked, self.model.residual
        common = dict(keep_fraction=options.keep_fraction, temperature=options.temperature, noise_length=self.noise_tokens)
        base = mask_predict(lambda codes, c: self._masked(codes, c, padding2), condition, lengths, generator,
                            mask_id=masked.mask_id, pad_id=masked.pad_id, steps=options.steps, guidance=options.base_guidance,
                            length=length, source=None if source is None else source[..., 0], fixed=fixed, **common)
        return residual_layers(lambda codes, layer, c: self._residual(codes, torch.full((len(codes),), layer, device=self.device), c, padding2),
                               base, condition, lengths, generator, layers=residual.quantizers, pad_id=residual.pad_id,
                               guidance=options.residual_guidance, source=source, fixed=fixed, **common)

    @torch.no_grad()
    def _generate(self, prompts: list[Prompt], options: MoMaskOptions, *, seed: int) -> list[np.ndarray]:
        tokens = [math.ceil(p.frames / self.frames_per_token) for p in prompts]
        generator = torch.Generator().manual_seed(seed)
        codes = self._sample(self._condition([p.text for p in prompts]), torch.tensor(tokens, device=self.device), generator, options)
        return [f[: p.frames] for f, p in zip(decode_each(self.model, codes, tokens), prompts)]

    @torch.no_grad()
    def reconstruct(self, features: np.ndarray) -> np.ndarray:
        """Tokenize and decode a (T, 263) clip -> (T, 263) (the reconstruction row)."""
        codes = encode_clip(self.model, np.asarray(features, dtype=np.float32), self.device)
        return decode_each(self.model, codes, [codes.shape[1]])[0][: len(features)].astype(np.float32)

    @torch.no_grad()
    def _edit(self, features: np.ndarray, keep: np.ndarray, text: str, options: MoMaskOptions, *, seed: int) -> np.ndarray:
        """Base tokens overlapping the range, plus one token either side for
        the decoder's receptive field, are re-masked and refilled; residual
        tokens outside that span are kept from the source."""
        step = self.frames_per_token
        codes = encode_clip(self.model, features, self.device)
        tokens = codes.shape[1]
        fixed = torch.ones(1, tokens, dtype=torch.bool, device=self.device)
        for start, end in edited_spans(keep):
            fixed[0, max(0, start // step - 1): min(tokens, math.ceil(end / step) + 1)] = False
        generator = torch.Generator().manual_seed(seed)
        full = self._sample(self._condition([text]), torch.tensor([tokens], device=self.device), generator, options, source=codes, fixed=fixed)
        return decode_each(self.model, full, [tokens])[0][: len(features)]


def tiny_generator() -> MoMaskGenerator:
    """Random tiny weights (contract tests): text vectors from a hash of the prompt."""
    torch.manual_seed(0)
    return MoMaskGenerator(model=MoMask(tiny_config()), text=hashed_vectors(), device=torch.device("cpu"))
