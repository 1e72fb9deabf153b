"""The one generator interface.

Every generator works in feature space: (frames, 263) float32 arrays in the
HumanML3D layout (``backend.motion.features``) at ``FPS`` (20) frames per
second. A generator subclasses ``BaseGenerator``, sets ``spec`` and
implements:

* ``_generate(prompts, options, seed)`` -> one (frames, 263) array per prompt;
* ``_edit(features, keep, text, options, seed)`` -> (T, 263) features of a
  whole clip whose frames where ``keep`` is False are regenerated
  (``editing``: keep[t] = True means frame t is given); optionally
  ``_edit_many``, the same for several independent edits in one batch;
* optionally ``estimate_frames`` and ``most_likely_frames`` (spec
  ``predicts_length``), ``reconstruct`` (spec ``reconstructs``: the
  tokenizer or VAE round trip) and ``accelerate`` (a GPU fast path).

The public ``generate`` and ``edit`` wrap those with what every generator
shares: request checks, per-call options over the pack's defaults, a finite
check of every output, and for edits the alignment with the source at the
seams and the bit-exact restoration of kept frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..motion.features import FEATURE_DIM, recover_from_ric
from ..motion.timebase import FPS
from .editing import finish_edit, source_features, to_source_frame
from .options import SamplingOptions, ui_overrides
from .requests import check_frames, check_keep, check_prompt, check_seed, check_source
from .spec import GeneratorSpec
from .text_input import TextInput

__all__ = ["FPS", "Prompt", "Generator", "BaseGenerator", "NonFiniteOutput"]


@dataclass(frozen=True)
class Prompt:
    text: str
    frames: int
    # An id of the dataset item the prompt came from; only sanity generators
    # used to validate the benchmark look at it.
    item: str = ""


class NonFiniteOutput(ValueError):
    """A generator produced NaN or infinite motion (damaged weights)."""


class Generator(Protocol):
    spec: GeneratorSpec
    info: dict
    defaults: SamplingOptions

    def generate(self, prompts: Sequence[Prompt], options: SamplingOptions | None = None, *, seed: int) -> list[np.ndarray]:
        """-> one (prompt.frames, 263) float32 array per prompt."""
        ...

    def edit(self, source: np.ndarray, keep: np.ndarray, text: str, options: SamplingOptions | None = None, *, seed: int) -> np.ndarray:
        """(T, 22, 3) positions -> (T, 22, 3), frames where ``keep`` bit-identical."""
        ...


class BaseGenerator:
    spec: GeneratorSpec
    fps = FPS

    def __init__(self, *, text: TextInput, device, info: dict | None = None, defaults: SamplingOptions) -> None:
        self.text = text
        self.device = device
        self.info = info or {}
        self.defaults = defaults
        self.accelerated = False

    # What callers read from the spec.
    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def min_frames(self) -> int:
        return self.spec.min_frames

    @property
    def max_frames(self) -> int:
        return self.spec.max_frames

    @property
    def longest(self) -> int:
        return self.spec.longest

    @property
    def predicts_length(self) -> bool:
        return self.spec.predicts_length

    def options(self, options: SamplingOptions | None = None, **ui) -> SamplingOptions:
        """``options`` (or the pack's defaults) with the sidebar's generic
        values (``guidance``, ``steps``; None keeps the default) applied."""
        base = self.defaults if options is None else options
        if not isinstance(base, type(self.defaults)):
            raise ValueError(f"{self.name} takes {type(self.defaults).__name__}, got {type(base).__name__}")
        return base.override(**ui_overrides(self.spec.ui_options, **ui))

    def _checked(self, out: np.ndarray, frames: int, what: str) -> np.ndarray:
        out = np.asarray(out)
        if out.shape != (frames, FEATURE_DIM):
            raise RuntimeError(f"{self.name} returned {out.shape} for {what}, expected ({frames}, {FEATURE_DIM})")
        if not np.isfinite(out).all():
            raise NonFiniteOutput(f"{self.name} produced NaN or infinite motion for {what}: its weight pack is damaged; reinstall it")
        return out.astype(np.float32, copy=False)

    def generate(self, prompts: Sequence[Prompt], options: SamplingOptions | None = None, *, seed: int) -> list[np.ndarray]:
        prompts = [Prompt(check_prompt(p.text), check_frames(p.frames, min_frames=self.min_frames, max_frames=self.longest), p.item)
                   for p in prompts]
        seed = check_seed(seed)
        if not prompts:
            return []
        out = self._generate(prompts, self.options(options), seed=seed)
        return [self._checked(o, p.frames, repr(p.text)) for o, p in zip(out, prompts, strict=True)]

    def generate_positions(self, text: str, frames: int | None, options: SamplingOptions | None = None, *, seed: int) -> np.ndarray:
        """-> (frames, 22, 3) float32 joint positions (canonical, Y up, metres, 20 fps);
        ``frames`` None: the generator's own length estimate."""
        text = check_prompt(text)
        if frames is None:
            frames = self.estimate_frames([text], seed=check_seed(seed))[0]
        features = self.generate([Prompt(text, frames)], options, seed=seed)[0]
        return recover_from_ric(features).astype(np.float32)

    def edit(self, source: np.ndarray, keep: np.ndarray, text: str, options: SamplingOptions | None = None, *, seed: int) -> np.ndarray:
        return self.edit_many([source], [keep], [text], options, seeds=[seed])[0]

    def edit_many(self, sources: Sequence[np.ndarray], keeps: Sequence[np.ndarray], texts: Sequence[str],
                  options: SamplingOptions | None = None, *, seeds: Sequence[int]) -> list[np.ndarray]:
        """Several independent edits at once (the bench's edit rows): edit i
        is ``edit(sources[i], keeps[i], texts[i], options, seed=seeds[i])``;
        a generator that batches edits (``_edit_many``) returns what it
        returns one at a time, up to float rounding. Every request is checked
        before any work starts."""
        if not len(sources) == len(keeps) == len(texts) == len(seeds):
            raise ValueError(f"edit_many takes as many sources, keeps, texts and seeds, got {len(sources)}, {len(keeps)}, {len(texts)}, {len(seeds)}")
        texts = [check_prompt(t) for t in texts]
        sources = [check_source(s).astype(np.float32) for s in sources]
        for source in sources:
            if len(source) > self.max_frames:
                raise ValueError(f"{self.spec.label} edits clips of at most {self.max_frames} frames ({self.max_frames / FPS:.1f} s), "
                                 f"got {len(source)}")
        keeps = [check_keep(k, len(s)).copy() for k, s in zip(keeps, sources)]
        seeds = [check_seed(s) for s in seeds]
        if not sources:
            return []
        features = [source_features(s.astype(np.float64)).astype(np.float32) for s in sources]
        out = self._edit_many(features, keeps, texts, self.options(options), seeds=seeds)
        edited = []
        for f, source, keep, text in zip(out, sources, keeps, texts, strict=True):
            f = self._checked(f, len(source), f"the edit {text!r}")
            world = to_source_frame(recover_from_ric(f.astype(np.float64)), source.astype(np.float64))
            edited.append(finish_edit(world, source, keep))
        return edited

    def estimate_frames(self, texts: Sequence[str], *, seed: int) -> list[int]:
        """Sampled clip lengths (frames at 20 fps) for ``texts``."""
        raise NotImplementedError(f"{self.name} does not predict lengths: give a length")

    def most_likely_frames(self, texts: Sequence[str]) -> list[int]:
        """The most likely length per text (the estimator's accuracy row)."""
        raise NotImplementedError(f"{self.name} does not predict lengths")

    def accelerate(self) -> bool:
        """Switch to a faster path on this device (compiled kernels, CUDA
        graphs); True when it is on. It must compute what the eager path
        computes (the same seed gives the same clip unless float rounding
        flips a sampled token). The default: no fast path."""
        return False

    # Implemented by each generator.
    def _generate(self, prompts: list[Prompt], options: SamplingOptions, *, seed: int) -> list[np.ndarray]:
        raise NotImplementedError

    def _edit(self, features: np.ndarray, keep: np.ndarray, text: str, options: SamplingOptions, *, seed: int) -> np.ndarray:
        raise NotImplementedError

    def _edit_many(self, features: list[np.ndarray], keeps: list[np.ndarray], texts: list[str], options: SamplingOptions, *,
                   seeds: list[int]) -> list[np.ndarray]:
        """Batched ``_edit`` (optional): the default runs them one at a time."""
        return [self._edit(f, k, t, options, seed=s) for f, k, t, s in zip(features, keeps, texts, seeds, strict=True)]
