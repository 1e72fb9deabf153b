"""``MoMaskGenerator``: load a weight pack, generate, edit a frame range."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch

from ...motion.features import recover_from_ric
from ..base import FPS, Prompt
from ..editing import edited_spans, finish_edit, source_features, to_source_frame
from ..requests import check_frames, check_keep, check_prompt, check_source
from .config import MoMaskConfig
from .model import MoMask
from .sampling import sample_base, sample_residuals
from .weights import load_pack_state

SentenceVectors = Callable[[Sequence[str]], np.ndarray]


class MoMaskGenerator:
    name = "momask"
    fps = FPS
    predicts_length = True
    min_frames = 24
    max_frames = 196

    def __init__(self, *, model: MoMask, sentence_vectors: SentenceVectors, device: torch.device, info: dict | None = None,
                 base_guidance: float = 4.0, residual_guidance: float = 5.0, steps: int = 10, keep_fraction: float = 0.1,
                 temperature: float = 1.0) -> None:
        self.model = model.to(device).eval()
        self.sentence_vectors = sentence_vectors
        self.device = device
        self.info = info or {}
        self.base_guidance, self.residual_guidance, self.steps = base_guidance, residual_guidance, steps
        self.keep_fraction, self.temperature = keep_fraction, temperature

    SAMPLING = ("base_guidance", "residual_guidance", "steps", "keep_fraction", "temperature")

    def sampling(self) -> dict:
        return {k: getattr(self, k) for k in self.SAMPLING}

    @classmethod
    def load(cls, folder: Path, *, sentence_vectors: SentenceVectors, device: torch.device, **options) -> "MoMaskGenerator":
        folder = Path(folder)
        info = json.loads((folder / "momask.json").read_text())
        model = MoMask(MoMaskConfig.from_dict(info["config"]))
        if not load_pack_state(model, folder):
            raise FileNotFoundError(f"no MoMask weights (momask-*.safetensors) in {folder}")
        # The pack's tuned sampling settings (``sampling`` in momask.json), then the caller's.
        options = {**{k: v for k, v in info.get("sampling", {}).items() if k in cls.SAMPLING}, **options}
        if "steps" in options:
            options["steps"] = int(options["steps"])
        return cls(model=model, sentence_vectors=sentence_vectors, device=device, info=info, **options)

    def compile(self) -> None:
        """Compile the token transformers and the decoder for this device
        (``torch.compile``; on CUDA with CUDA graphs, which removes most of
        batch-1 launch overhead). The first generation of each new length
        then takes a while; results are unchanged up to float rounding."""
        mode = "reduce-overhead" if self.device.type == "cuda" else None
        self.model.masked.forward = torch.compile(self.model.masked.forward, mode=mode, dynamic=False)
        self.model.residual.forward = torch.compile(self.model.residual.forward, mode=mode, dynamic=False)
        self.model.tokenizer.decode = torch.compile(self.model.tokenizer.decode, mode=mode, dynamic=False)

    @property
    def frames_per_token(self) -> int:
        return self.model.config.tokenizer.frames_per_token

    def _text(self, texts: Sequence[str]) -> torch.Tensor:
        return torch.from_numpy(np.asarray(self.sentence_vectors(list(texts)), dtype=np.float32)).to(self.device)

    @torch.no_grad()
    def estimate_frames(self, texts: Sequence[str], *, seed: int) -> list[int]:
        """Length estimator: sample a token count per text -> frames."""
        generator = torch.Generator().manual_seed(seed)
        probs = self.model.length(self._text(texts)).float().softmax(-1).cpu()
        probs[:, : math.ceil(self.min_frames / self.frames_per_token)] = 0
        tokens = torch.multinomial(probs, 1, generator=generator)[:, 0]
        return [int(t) * self.frames_per_token for t in tokens]

    @torch.no_grad()
    def most_likely_tokens(self, texts: Sequence[str]) -> list[int]:
        """The length estimator's most likely token count per text (its accuracy)."""
        logits = self.model.length(self._text(texts)).float()
        logits[:, : math.ceil(self.min_frames / self.frames_per_token)] = -torch.inf
        return logits.argmax(-1).tolist()

    @torch.no_grad()
    def _decode(self, codes: torch.Tensor) -> list[torch.Tensor]:
        return self.model.denormalise(self.model.tokenizer.decode(codes))

    @torch.no_grad()
    def generate(self, prompts: Sequence[Prompt], *, seed: int) -> list[np.ndarray]:
        """-> (frames, 263) float32 features per prompt (frames capped at 196)."""
        if not prompts:
            return []
        frames = [min(max(p.frames, self.min_frames), self.max_frames) for p in prompts]
        tokens = torch.tensor([math.ceil(f / self.frames_per_token) for f in frames], device=self.device)
        text = self._text([p.text for p in prompts])
        generator = torch.Generator().manual_seed(seed)
        base = sample_base(self.model.masked, text, tokens, generator, steps=self.steps, guidance=self.base_guidance,
                           keep_fraction=self.keep_fraction, temperature=self.temperature)
        codes = sample_residuals(self.model.residual, base, text, tokens, generator, guidance=self.residual_guidance,
                                 keep_fraction=self.keep_fraction, temperature=self.temperature)
        features = self._decode(codes).cpu().numpy()
        return [features[i, : p.frames if p.frames <= f else f].astype(np.float32) for i, (p, f) in enumerate(zip(prompts, frames))]

    @torch.no_grad()
    def reconstruct(self, features: np.ndarray) -> np.ndarray:
        """Tokenize and decode a (T, 263) clip -> (T, 263) (the reconstruction row)."""
        step = self.frames_per_token
        frames = len(features)
        tokens = math.ceil(frames / step)
        padded = np.concatenate([features, np.repeat(features[-1:], tokens * step - frames, 0)])
        x = self.model.normalise(torch.from_numpy(padded).float().to(self.device))[None]
        return self._decode(self.model.tokenizer.encode(x))[0, :frames].cpu().numpy().astype(np.float32)

    def generate_positions(self, text: str, frames: int | None, *, seed: int) -> np.ndarray:
        """-> (frames, 22, 3) float32 joint positions (canonical, Y up, metres, 20 fps)."""
        text = check_prompt(text)
        if frames is None:
            frames = self.estimate_frames([text], seed=seed)[0]
        check_frames(frames, min_frames=self.min_frames, max_frames=self.max_frames)
        features = self.generate([Prompt(text, frames)], seed=seed)[0]
        return recover_from_ric(features).astype(np.float32)

    @torch.no_grad()
    def edit(self, source: np.ndarray, keep: np.ndarray, text: str, *, seed: int) -> np.ndarray:
        """Regenerate the frames where ``keep`` is False (see ``editing``).

        Base tokens overlapping the range, plus one token either side for the
        decoder's receptive field, are re-masked and refilled; residual tokens
        outside that span are kept from the source; kept frames are restored
        exactly afterwards."""
        text = check_prompt(text)
        source = check_source(source).astype(np.float32)
        frames = len(source)
        if frames > self.max_frames:
            raise ValueError(f"MoMask edits clips of at most {self.max_frames} frames ({self.max_frames / FPS:.1f} s), got {frames}")
        keep = check_keep(keep, frames)
        step = self.frames_per_token
        tokens = math.ceil(frames / step)
        features = source_features(source.astype(np.float64))
        padded = np.concatenate([features, np.repeat(features[-1:], tokens * step - frames, 0)])
        x = self.model.normalise(torch.from_numpy(padded).float().to(self.device))[None]
        codes = self.model.tokenizer.encode(x)
        fixed = torch.ones(1, tokens, dtype=torch.bool, device=self.device)
        for start, end in edited_spans(keep):
            fixed[0, max(0, start // step - 1): min(tokens, math.ceil(end / step) + 1)] = False
        text_vec = self._text([text])
        lengths = torch.tensor([tokens], device=self.device)
        generator = torch.Generator().manual_seed(seed)
        base = sample_base(self.model.masked, text_vec, lengths, generator, steps=self.steps, guidance=self.base_guidance,
                           keep_fraction=self.keep_fraction, temperature=self.temperature, source=codes[..., 0], fixed=fixed)
        full = sample_residuals(self.model.residual, base, text_vec, lengths, generator, guidance=self.residual_guidance,
                                keep_fraction=self.keep_fraction, temperature=self.temperature, source=codes, fixed=fixed)
        generated = self._decode(full)[0, :frames].cpu().numpy().astype(np.float64)
        world = to_source_frame(recover_from_ric(generated), source.astype(np.float64))
        return finish_edit(world, source, keep)
