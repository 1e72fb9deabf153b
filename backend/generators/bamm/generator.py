"""``BAMMGenerator``: cascaded decoding (autoregressive, then bidirectional
refinement, then residual layers and the decoder), native editing, its own
length, and motion longer than one window.

Random streams: each stage draws from its own generator seeded from the
call's seed (``_streams``), so the autoregressive pass of ``estimate_frames``
and of ``generate`` with the same seed are the same pass: "auto" length
costs one autoregressive pass, whose tokens ``generate`` then reuses.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from pathlib import Path

import numpy as np
import torch

from ...components.token_clips import decode_each, encode_clip
from ...samplers.autoregressive import autoregressive, refill
from ...samplers.mask_predict import residual_layers
from ..base import BaseGenerator, Prompt
from ..editing import edited_spans
from ..text_input import TextBatch, TextInput, hashed_vectors
from .config import tiny_config
from .model import BAMM
from .options import BAMMOptions
from .spec import SPEC
from .weights import load_model

_REMEMBERED = 16  # autoregressive passes kept for the generate() that follows estimate_frames()


def _streams(seed: int) -> tuple[torch.Generator, torch.Generator, torch.Generator]:
    """(autoregressive, refinement, residual) generators of one call."""
    return tuple(torch.Generator().manual_seed((seed * 3 + k) % 2**63) for k in range(3))


class BAMMGenerator(BaseGenerator):
    spec = SPEC

    def __init__(self, *, model: BAMM, text: TextInput, device: torch.device, info: dict | None = None,
                 defaults: BAMMOptions | None = None) -> None:
        super().__init__(text=text, device=device, info=info, defaults=defaults or BAMMOptions())
        self.model = model.to(device).eval()
        self.base = self.model.base
        self._start, self._feed, self._residual_net = self.base.start, self.base.feed, self.model.residual
        self._graphed = None  # fast.GraphedPasses when whole passes replay as CUDA graphs (else the loops run over _start/_feed)
        self.window = self.base.slots - 1  # codes in one window (49)
        self.noise_tokens = math.ceil(self.max_frames / self.frames_per_token)
        self._passes: OrderedDict = OrderedDict()

    @classmethod
    def load(cls, folder: Path, *, text: TextInput, device: torch.device) -> "BAMMGenerator":
        model, info = load_model(Path(folder))
        defaults = BAMMOptions.from_pack(info, where=str(Path(folder) / SPEC.pack_file))
        return cls(model=model, text=text, device=device, info=info, defaults=defaults)

    def accelerate(self, *, whole_passes: bool = True, compiled: bool = True) -> bool:
        """CUDA only: each decoding pass (autoregressive, refinement) replays
        one CUDA graph (``fast.GraphedPasses``; ``whole_passes=False`` or a
        failed capture: one graph per decoding step, ``fast.GraphedDecoder``),
        both over a static key/value cache, and the residual transformer
        replays one per batch size over clips padded to one window; recorded
        here by one warm-up generation (other batch sizes and options on first
        use). ``compiled``: the whole passes' decoding step is fused by
        ``torch.compile`` first (tens of seconds here, once per process);
        where that fails, the passes are recorded uncompiled. On any failure
        the eager path stays."""
        if self.device.type != "cuda":
            return False
        for fuse in ((True, False) if compiled and whole_passes else (False,)):
            if self._record_fast_path(whole_passes, fuse):
                return True
        return False

    def _record_fast_path(self, whole_passes: bool, compiled: bool) -> bool:
        from ..cuda_graphs import GraphedForward
        from .fast import GraphedDecoder, GraphedPasses

        decoder = GraphedDecoder(self.base)
        self._start, self._feed, self._residual_net, self.accelerated = decoder.start, decoder.feed, GraphedForward(self.model.residual), True
        self._graphed = GraphedPasses(self.base, steps=(decoder.start, decoder.feed), compiled=compiled) if whole_passes else None
        try:
            condition = torch.zeros(1, self.base.config.text_dim, device=self.device)
            self._codes(condition, [self.window], 0, self.defaults)
            self._autoregressive(condition, torch.Generator().manual_seed(0), self.defaults)  # the free-length pass ("auto" length)
            torch.cuda.synchronize(self.device)
            if compiled and not self._graphed.all_recorded():
                raise RuntimeError("a compiled pass could not be captured")
        except Exception:  # noqa: BLE001 - the eager path always works
            self._start, self._feed, self._residual_net, self.accelerated = self.base.start, self.base.feed, self.model.residual, False
            self._graphed = None
        return self.accelerated

    @property
    def frames_per_token(self) -> int:
        return self.model.config.tokenizer.frames_per_token

    @property
    def min_tokens(self) -> int:
        return math.ceil(self.min_frames / self.frames_per_token)

    def _condition(self, texts) -> torch.Tensor:
        batch: TextBatch = self.text(list(texts))
        return torch.from_numpy(np.asarray(batch.pooled, dtype=np.float32)).to(self.device)

    def _frames(self, tokens: int) -> int:
        return min(tokens * self.frames_per_token, self.max_frames)

    # The passes over base tokens.
    def _autoregressive(self, condition, generator, options: BAMMOptions, lengths=None, *, greedy=False):
        rules = dict(end_id=self.base.end_id, pad_id=self.base.pad_id, min_tokens=self.min_tokens, max_tokens=self.window,
                     guidance=options.guidance, keep_fraction=1e-9 if greedy else options.keep_fraction, temperature=options.temperature,
                     lengths=None if lengths is None else torch.as_tensor(lengths, device=self.device))
        if self._graphed is not None:
            return self._graphed.autoregressive(condition, generator, **rules)
        return autoregressive(self._start, self._feed, condition, generator, **rules)

    def _refill(self, condition, tokens, given, generator, options: BAMMOptions, guidance: float):
        """``refill`` (refinement, editing, long motion's windows) on the whole-pass graphs when they are on."""
        rules = dict(mask_id=self.base.mask_id, end_id=self.base.end_id, guidance=guidance, keep_fraction=options.keep_fraction,
                     temperature=options.temperature)
        if self._graphed is not None:
            return self._graphed.refill(condition, tokens, given, generator, **rules)
        return refill(self._start, self._feed, condition, tokens, given, generator, **rules)

    def _refine(self, condition, tokens, probs, lengths, generator, options: BAMMOptions, *, frozen=None):
        """``refine_passes`` times: re-mask the ``remask`` share of least
        confident codes of each row (never ``frozen`` ones) and refill them
        with everything else visible."""
        positions = torch.arange(tokens.shape[1], device=self.device)[None]
        codes = positions < lengths[:, None]
        movable = codes if frozen is None else codes & ~frozen
        count = torch.floor(movable.sum(1).float() * options.remask).long()
        for _ in range(options.refine_passes if int(count.max()) > 0 else 0):
            confidence = torch.where(movable, probs, torch.full_like(probs, math.inf))
            rank = confidence.argsort(1).argsort(1)
            given = ~(rank < count[:, None])
            tokens, fresh = self._refill(condition, tokens, given, generator, options, options.refine_guidance)
            probs = torch.where(given, probs, fresh)
        return tokens

    def _residual(self, condition, base, lengths, generator, options: BAMMOptions, *, source=None, fixed=None) -> torch.Tensor:
        """Base codes (B, L) -> (B, L, Q) all layers (the shared residual transformer)."""
        if self.accelerated and base.shape[1] < self.window:  # one shape for the graphed residual transformer
            base = torch.nn.functional.pad(base, (0, self.window - base.shape[1]), value=0)
            if source is not None:
                source = torch.nn.functional.pad(source, (0, 0, 0, self.window - source.shape[1]), value=0)
                fixed = torch.nn.functional.pad(fixed, (0, self.window - fixed.shape[1]), value=False)
        length = base.shape[1]
        padding2 = (torch.arange(length, device=self.device)[None] >= lengths[:, None]).repeat(2, 1)
        residual = self.model.residual
        return residual_layers(lambda codes, layer, c: self._residual_net(codes, torch.full((len(codes),), layer, device=self.device), c, padding2),
                               base, condition, lengths, generator, layers=residual.quantizers, pad_id=residual.pad_id,
                               guidance=options.residual_guidance, keep_fraction=options.keep_fraction, temperature=options.temperature,
                               noise_length=self.noise_tokens, source=source, fixed=fixed)

    def _key(self, text: str, seed: int, options: BAMMOptions) -> tuple:
        return (text, seed, options.guidance, options.keep_fraction, options.temperature)

    # Length.
    @torch.no_grad()
    def estimate_frames(self, texts, *, seed: int) -> list[int]:
        """The autoregressive pass until END: the model's own length. A
        single text's pass is remembered, so the ``generate`` that follows
        with the same text, seed and length continues from it (the
        product's "auto" length); many texts share one batched pass."""
        texts = list(texts)
        tokens, probs, lengths = self._autoregressive(self._condition(texts), _streams(seed)[0], self.defaults)
        frames = [self._frames(int(n)) for n in lengths]
        if len(texts) == 1:
            self._passes[self._key(texts[0], seed, self.defaults) + (frames[0],)] = (tokens, probs, lengths)
            while len(self._passes) > _REMEMBERED:
                self._passes.popitem(last=False)
        return frames

    @torch.no_grad()
    def most_likely_frames(self, texts) -> list[int]:
        """Greedy autoregressive pass (the most likely token at every step)."""
        _, _, lengths = self._autoregressive(self._condition(list(texts)), torch.Generator().manual_seed(0), self.defaults, greedy=True)
        return [self._frames(int(n)) for n in lengths]

    # Generation.
    @torch.no_grad()
    def _generate(self, prompts: list[Prompt], options: BAMMOptions, *, seed: int) -> list[np.ndarray]:
        short = [i for i, p in enumerate(prompts) if p.frames <= self.max_frames]
        out: list[np.ndarray | None] = [None] * len(prompts)
        if short:
            for i, clip in zip(short, self._generate_windows([prompts[i] for i in short], options, seed)):
                out[i] = clip
        for i, p in enumerate(prompts):
            if p.frames > self.max_frames:
                out[i] = self._generate_long(p, options, seed)
        return out

    def _generate_windows(self, prompts: list[Prompt], options: BAMMOptions, seed: int) -> list[np.ndarray]:
        counts = [math.ceil(p.frames / self.frames_per_token) for p in prompts]
        remembered = self._passes.get(self._key(prompts[0].text, seed, options) + (prompts[0].frames,)) if len(prompts) == 1 else None
        codes = self._codes(self._condition([p.text for p in prompts]), counts, seed, options, remembered)
        return [f[: p.frames] for f, p in zip(decode_each(self.model, codes, counts), prompts)]

    def _codes(self, condition, counts: list[int], seed: int, options: BAMMOptions, remembered=None) -> torch.Tensor:
        """Cascaded decoding of clips of ``counts`` codes -> (B, L, Q) codes."""
        ar, refine_stream, residual_stream = _streams(seed)
        if remembered is not None and int(remembered[2][0]) == counts[0]:
            tokens, probs, lengths = remembered
        else:
            tokens, probs, lengths = self._autoregressive(condition, ar, options, counts)
        tokens = self._refine(condition, tokens, probs, lengths, refine_stream, options)
        return self._residual(condition, tokens[:, : max(counts)], lengths, residual_stream, options)

    def junction_frames(self, frames: int, options: BAMMOptions | None = None) -> list[int]:
        """Frames where a new window's motion begins in a clip of ``frames`` (long motion)."""
        options = self.defaults if options is None else options
        total, overlap = math.ceil(frames / self.frames_per_token), min(options.overlap_tokens, self.window - 1)
        have, out = self.window, []
        while have < total:
            out.append(have * self.frames_per_token)
            have += min(self.window, overlap + total - have) - overlap
        return out

    def _generate_long(self, prompt: Prompt, options: BAMMOptions, seed: int) -> np.ndarray:
        """Windows of 49 codes, each continuing the last ``overlap_tokens``
        codes of the one before (prefix completion), residual layers per
        window with the overlap kept, one decode of the whole code sequence."""
        total = math.ceil(prompt.frames / self.frames_per_token)
        overlap = min(options.overlap_tokens, self.window - 1)
        ar, refine_stream, residual_stream = _streams(seed)
        condition = self._condition([prompt.text])
        tokens, probs, lengths = self._autoregressive(condition, ar, options, [self.window])
        tokens = self._refine(condition, tokens, probs, lengths, refine_stream, options)
        base = tokens[0, : self.window]
        starts = [0]
        while len(base) < total:
            start = len(base) - overlap
            count = min(self.window, overlap + total - len(base))
            window = torch.full((1, self.window + 1), self.base.pad_id, dtype=torch.long, device=self.device)
            window[0, :overlap] = base[start:]
            window[0, count] = self.base.end_id
            given = torch.zeros_like(window, dtype=torch.bool)
            given[0, :overlap] = True
            given[0, count:] = True
            window, probs = self._refill(condition, window, given, ar, options, options.guidance)
            window = self._refine(condition, window, probs, torch.tensor([count], device=self.device), refine_stream, options, frozen=given)
            base = torch.cat([base, window[0, overlap:count]])
            starts.append(start)
        layers = self.model.residual.quantizers
        codes = torch.zeros(1, len(base), layers, dtype=torch.long, device=self.device)
        done = 0
        for start in starts:
            end = min(start + self.window, len(base))
            fixed = (torch.arange(start, end, device=self.device) < done)[None]
            part = self._residual(condition, base[None, start:end], torch.tensor([end - start], device=self.device), residual_stream, options,
                                  source=codes[:, start:end], fixed=fixed)
            codes[:, start:end] = torch.where(fixed[..., None], codes[:, start:end], part)
            done = end
        return decode_each(self.model, codes, [len(base)])[0][: prompt.frames]

    # Reconstruction and editing.
    @torch.no_grad()
    def reconstruct(self, features: np.ndarray) -> np.ndarray:
        """Tokenize and decode a (T, 263) clip -> (T, 263) (the reconstruction row)."""
        codes = encode_clip(self.model, np.asarray(features, dtype=np.float32), self.device)
        return decode_each(self.model, codes, [codes.shape[1]])[0][: len(features)].astype(np.float32)

    @torch.no_grad()
    def _edit(self, features: np.ndarray, keep: np.ndarray, text: str, options: BAMMOptions, *, seed: int) -> np.ndarray:
        """Inpainting, outpainting, prefix and suffix completion are one path:
        base tokens overlapping the regenerated frames (plus one token either
        side, the decoder's receptive field) are refilled with every other
        token visible and END at the clip's length; residual tokens outside
        that span are kept from the source."""
        step = self.frames_per_token
        source = encode_clip(self.model, features, self.device)
        count = source.shape[1]
        fixed = torch.ones(1, count, dtype=torch.bool, device=self.device)
        for start, end in edited_spans(keep):
            fixed[0, max(0, start // step - 1): min(count, math.ceil(end / step) + 1)] = False
        tokens = torch.full((1, self.window + 1), self.base.pad_id, dtype=torch.long, device=self.device)
        tokens[0, :count] = source[0, :, 0]
        tokens[0, count] = self.base.end_id
        given = torch.ones_like(tokens, dtype=torch.bool)
        given[0, :count] = fixed[0]
        _, refine_stream, residual_stream = _streams(seed)
        condition = self._condition([text])
        tokens, _ = self._refill(condition, tokens, given, refine_stream, options, options.refine_guidance)
        lengths = torch.tensor([count], device=self.device)
        codes = self._residual(condition, tokens[:, :count], lengths, residual_stream, options, source=source, fixed=fixed)
        return decode_each(self.model, codes, [count])[0][: len(features)]


def tiny_generator() -> BAMMGenerator:
    """Random tiny weights (contract tests): text vectors from a hash of the prompt."""
    torch.manual_seed(0)
    return BAMMGenerator(model=BAMM(tiny_config()), text=hashed_vectors(), device=torch.device("cpu"))
