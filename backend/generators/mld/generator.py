"""``MLDGenerator``: guided DDIM over one latent token, the few-step
consistency student, its own length estimate, and frame-range edits by
reconstruction guidance.

Edits (the paper has none: one latent has no frame correspondence): the
clip's kept frames steer the sampling. At every DDIM step the clean latent
estimate takes ``edit_iterations`` gradient steps toward a latent whose
decoded motion matches the kept frames (reconstruction guidance), the final
latent is polished by ``edit_polish`` Adam steps on the same loss, and the
platform's ``finish_edit`` then aligns the seams and restores every kept
frame exactly. ``edit_guidance`` 0 is the simple baseline: generate freely,
then let ``finish_edit`` cross-fade.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from ..base import BaseGenerator, Prompt
from ..editing import edit_batches
from ..estimated_length import EstimatedLength
from ..text_input import TextBatch, TextInput, hashed_vectors
from .config import tiny_config
from .model import MLD
from .options import FEW_STEPS, MLDOptions
from .sampling import consistency_latents, ddim_latents, fit_latent, reconstruction_guidance, schedule_of
from .spec import SPEC
from .weights import load_model

EDIT_BATCH = 64  # clips per batch of edits (the bench's edit rows)


class MLDGenerator(EstimatedLength, BaseGenerator):
    spec = SPEC

    def __init__(self, *, model: MLD, text: TextInput, device: torch.device, info: dict | None = None,
                 defaults: MLDOptions | None = None) -> None:
        super().__init__(text=text, device=device, info=info, defaults=defaults or MLDOptions())
        self.model = model.to(device).eval()
        self.schedule = schedule_of(model.config)
        self._graphs: dict = {}

    @classmethod
    def load(cls, folder: Path, *, text: TextInput, device: torch.device) -> "MLDGenerator":
        model, info = load_model(Path(folder))
        defaults = MLDOptions.from_pack(info, where=str(Path(folder) / SPEC.pack_file))
        return cls(model=model, text=text, device=device, info=info, defaults=defaults)

    # Text (the length methods: EstimatedLength).
    def _condition(self, texts) -> torch.Tensor:
        batch: TextBatch = self.text(list(texts))
        return torch.from_numpy(np.asarray(batch.pooled, dtype=np.float32)).to(self.device)

    # Sampling.
    def sampler(self, options: MLDOptions) -> str:
        """The sampler a call runs: ``auto`` picks the consistency student for
        1-4 steps when the pack has one."""
        if options.sampler == "auto":
            return "consistency" if options.steps <= FEW_STEPS and self.model.student is not None else "ddim"
        if options.sampler == "consistency" and self.model.student is None:
            raise ValueError(f"this {SPEC.label} pack has no few-step (consistency) sampler; use sampler ddim")
        return options.sampler

    def _noise(self, count: int, steps: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Start noise (B, Z, D) and re-noise (B, steps - 1, Z, D) of one call (CPU draws: the same on every device)."""
        v = self.model.config.vae
        generator = torch.Generator().manual_seed(seed)
        noise = torch.randn(count, v.latent_tokens, v.latent_dim, generator=generator)
        renoise = torch.randn(count, max(steps - 1, 0), v.latent_tokens, v.latent_dim, generator=generator)
        return noise.to(self.device), renoise.to(self.device)

    def _run(self, kind: str, options: MLDOptions, correct=None):
        """(text, noise, renoise) -> clean diffusion latents with sampler ``kind``."""
        if kind == "consistency":
            c = self.model.config.consistency
            guidance = min(max(options.guidance, c.guidance_min), c.guidance_max)  # the range the student learned
            return lambda t, n, r: consistency_latents(self.model.student, self.schedule, c.grid, t, n, r,
                                                       steps=options.steps, guidance=guidance, correct=correct)
        return lambda t, n, r: ddim_latents(self.model.denoiser, self.schedule, t, n, steps=options.steps, guidance=options.guidance,
                                            correct=correct)

    def _latents(self, text: torch.Tensor, noise: torch.Tensor, renoise: torch.Tensor, options: MLDOptions) -> torch.Tensor:
        kind = self.sampler(options)
        run = self._run(kind, options)
        if self.accelerated:
            key = (kind, options.steps, options.guidance)
            if key not in self._graphs:
                from ..cuda_graphs import GraphedForward

                self._graphs[key] = GraphedForward(run)
            return self._graphs[key](text, noise, renoise)
        return run(text, noise, renoise)

    def _decode(self, z: torch.Tensor, frames: list[int]) -> list[np.ndarray]:
        length = self.max_frames if self.accelerated else max(frames)
        padding = torch.arange(length, device=self.device)[None] >= torch.tensor(frames, device=self.device)[:, None]
        decode = self._graphs.get("decode") if self.accelerated else None
        latent = self.model.from_diffusion(z)
        features = decode(latent, padding) if decode is not None else self.model.vae.decode(latent, padding)
        features = self.model.denormalise(features).float().cpu().numpy()
        return [f[:n] for f, n in zip(features, frames)]

    @torch.no_grad()
    def accelerate(self) -> bool:
        """CUDA only: each (sampler, steps, guidance) loop replays as one CUDA
        graph, and the decoder as one over clips padded to the longest
        length; recorded here (the default sampling) and on first use."""
        if self.device.type != "cuda":
            return False
        from ..cuda_graphs import GraphedForward

        self._graphs["decode"] = GraphedForward(lambda latent, padding: self.model.vae.decode(latent, padding))
        self.accelerated = True
        try:
            # Recorded with an empty-text condition: warming up needs no text encoder.
            noise, renoise = self._noise(1, self.defaults.steps, 0)
            condition = torch.zeros(1, self.model.config.denoiser.text_dim, device=self.device)
            self._decode(self._latents(condition, noise, renoise, self.defaults), [self.max_frames])
            torch.cuda.synchronize(self.device)
        except Exception:  # noqa: BLE001 - the eager path always works
            self._graphs.clear()
            self.accelerated = False
        return self.accelerated

    @torch.no_grad()
    def _generate(self, prompts: list[Prompt], options: MLDOptions, *, seed: int) -> list[np.ndarray]:
        noise, renoise = self._noise(len(prompts), options.steps, seed)
        z = self._latents(self._condition([p.text for p in prompts]), noise, renoise, options)
        return self._decode(z, [p.frames for p in prompts])

    # Reconstruction and editing.
    @torch.no_grad()
    def reconstruct(self, features: np.ndarray) -> np.ndarray:
        """VAE round trip of a (T, 263) clip (posterior mean) -> (T, 263)."""
        x = self.model.normalise(torch.from_numpy(np.asarray(features, dtype=np.float32)).to(self.device))[None]
        padding = torch.zeros(1, len(features), dtype=torch.bool, device=self.device)
        mu, _ = self.model.vae.encode(x, padding)
        return self.model.denormalise(self.model.vae.decode(mu, padding))[0].float().cpu().numpy()

    def _edit(self, features: np.ndarray, keep: np.ndarray, text: str, options: MLDOptions, *, seed: int) -> np.ndarray:
        return self._edit_many([features], [keep], [text], options, seeds=[seed])[0]

    def _edit_many(self, features: list[np.ndarray], keeps: list[np.ndarray], texts: list[str], options: MLDOptions, *,
                   seeds: list[int]) -> list[np.ndarray]:
        """Edits in batches of ``EDIT_BATCH`` clips of similar length (padded
        to the longest); each clip gets the noise of its own seed and its own
        guidance loss, so a batch returns what one-at-a-time edits return."""
        out: list[np.ndarray | None] = [None] * len(features)
        for chunk, frames, padded, kept in edit_batches(features, keeps, EDIT_BATCH):
            edited = self._edit_batch(padded, kept, frames, [texts[i] for i in chunk], options, [seeds[i] for i in chunk])
            for i, e in zip(chunk, edited):
                out[i] = e
        return out

    @torch.no_grad()
    def _edit_batch(self, padded: np.ndarray, kept: np.ndarray, frames: list[int], texts: list[str], options: MLDOptions,
                    seeds: list[int]) -> list[np.ndarray]:
        target = self.model.normalise(torch.from_numpy(padded).to(self.device))
        kept = torch.from_numpy(kept).to(self.device)
        padding = torch.arange(padded.shape[1], device=self.device)[None] >= torch.tensor(frames, device=self.device)[:, None]
        decode = lambda z: self.model.vae.decode(self.model.from_diffusion(z), padding)  # noqa: E731
        draws = [self._noise(1, options.steps, seed) for seed in seeds]
        noise, renoise = torch.cat([n for n, _ in draws]), torch.cat([r for _, r in draws])
        correct = (reconstruction_guidance(decode, target, kept, self.schedule, strength=options.edit_guidance, iterations=options.edit_iterations)
                   if options.edit_guidance > 0 and options.edit_iterations > 0 and bool(kept.any()) else None)
        z = self._run(self.sampler(options), options, correct)(self._condition(texts), noise, renoise)
        if correct is not None:
            z = fit_latent(decode, z, target, kept, iterations=options.edit_polish)
        decoded = self.model.denormalise(decode(z)).float().cpu().numpy()
        return [d[:n] for d, n in zip(decoded, frames)]

def tiny_generator() -> MLDGenerator:
    """Random tiny weights (contract tests): text vectors from a hash of the prompt."""
    torch.manual_seed(0)
    return MLDGenerator(model=MLD(tiny_config()), text=hashed_vectors(), device=torch.device("cpu"))
