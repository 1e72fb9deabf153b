"""Generation and editing in scene terms, returning canonical positions.

Scene frames run at the scene's rate; generators run at 20 fps
(``lengths``). An edit of scene frames [start, end) hands the generator a
window of the rig's motion around the range (``edit_window``: up to
``CONTEXT_SECONDS`` each side, the whole window within the generator's
longest clip), the canonical frames covering the range are regenerated with
everything else kept bit for bit (``editing``: keep[t] = True means given),
and the caller writes only scene frames inside [start, end).

Sampling options are per call (``Options``: None = the pack's default) and
never stored on the cached model. The CLI and the Blender operators both
come through here, so the same prompt, length, seed and pack give the same
joints in both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..generators.base import Prompt
from ..generators.editing import range_mask
from ..generators.registry import get_spec
from ..generators.requests import check_prompt, check_seed
from ..motion.features import recover_from_ric
from ..motion.timebase import FPS
from . import compose
from .engine import Engine, Settings
from .jobs import Job
from .lengths import check_scene_frames, cover, to_generator_frames

CONTEXT_SECONDS = 2.0


@dataclass(frozen=True)
class Options:
    """The sidebar's sampling values (None: the pack's default)."""

    guidance: float | None = None
    steps: int | None = None
    compose: bool = True  # composite prompts ("walks forward and waves") made clause by clause (``compose``)


def _status(job: Job | None):
    return (lambda text: job.progress(text=text)) if job else None


def generate(engine: Engine, settings: Settings, *, generator: str, prompt: str, scene_frames: int | None, fps: float, seed: int,
             variations: int = 1, options: Options = Options(), job: Job | None = None) -> list[np.ndarray]:
    """``variations`` clips (T, 22, 3) at 20 fps covering ``scene_frames``
    frames at ``fps`` (None: the generator's length estimate); variation k
    uses seed + k, so the first one equals a single generation with ``seed``."""
    spec = get_spec(generator)
    prompt = check_prompt(prompt)
    seed = check_seed(seed)
    if isinstance(variations, bool) or not isinstance(variations, (int, np.integer)) or not 1 <= variations <= 64:
        raise ValueError(f"variations must be a whole number from 1 to 64, got {variations!r}")
    frames = None
    if scene_frames is not None:
        check_scene_frames(scene_frames, fps, min_frames=spec.min_frames, max_frames=spec.longest, label=spec.label)
        frames = max(to_generator_frames(scene_frames, fps, max_frames=spec.longest), spec.min_frames)
    elif not spec.predicts_length:
        raise ValueError(f"{spec.label} does not predict lengths: choose a length in seconds or frames")

    def work(model):
        sampling = model.options(guidance=options.guidance, steps=options.steps)
        key = compose.encoder_key(model.info.get("text_encoder"))
        composite = compose.plan(prompt, lambda clauses: compose.matcher_for(model.text, key)(clauses)) if options.compose else None
        clips = []
        for k in range(variations):
            if job:
                job.progress(k / variations, f"generating {k + 1}/{variations}")
            length = frames if frames is not None else model.estimate_frames([prompt], seed=seed + k)[0]
            positions = None if composite is None else _composite(model, generator, sampling, composite, length, seed + k)
            if positions is None:
                positions = recover_from_ric(model.generate([Prompt(prompt, length)], sampling, seed=seed + k)[0]).astype(np.float32)
            clips.append(cover(positions, scene_frames, fps) if scene_frames is not None else positions)
        return clips

    return engine.run(generator, settings, work, notify=job.notify if job else None, status=_status(job))


class _Sampled:
    """``model`` with ``sampling`` as the options of every call that gives
    none (the shot code calls ``generate_positions`` and ``edit`` bare)."""

    def __init__(self, model, sampling) -> None:
        self.model, self.sampling = model, sampling

    def __getattr__(self, name):
        return getattr(self.model, name)

    def generate_positions(self, text, frames, options=None, *, seed: int):
        return self.model.generate_positions(text, frames, options or self.sampling, seed=seed)

    def edit(self, source, keep, text, options=None, *, seed: int):
        return self.model.edit(source, keep, text, options or self.sampling, seed=seed)


def _composite(model, generator: str, sampling, plan: "compose.Plan", frames: int, seed: int) -> np.ndarray | None:
    """A composite prompt's clip, each clause made by ``model`` with ``seed``
    and ``sampling`` (None: too short to compose)."""
    from ..shot import Shot, ShotRow, make_shot

    def make(text: str, n: int) -> np.ndarray:
        return recover_from_ric(model.generate([Prompt(text, n)], sampling, seed=seed)[0])

    def sequence(parts: list[tuple[str, int]]) -> np.ndarray:
        rows = tuple(ShotRow(text, n / FPS, generator, seed=seed) for text, n in parts)
        return make_shot(Shot(rows=rows), lambda name: _Sampled(model, sampling)).positions

    spec = get_spec(generator)
    estimate = (lambda text: model.estimate_frames([text], seed=seed)[0]) if spec.predicts_length else None
    clip = compose.compose(plan, frames, make, estimate=estimate, sequence=sequence, min_frames=spec.min_frames)
    return None if clip is None else clip.astype(np.float32)


def edit_window(start: int, end: int, fps: float, *, max_frames: int, context_seconds: float = CONTEXT_SECONDS) -> tuple[int, int]:
    """Scene frames [w0, w1] (inclusive) around the range [start, end) whose
    20 fps resampling fits ``max_frames``; ValueError when the range alone is
    too long for the generator."""
    if not start < end:
        raise ValueError(f"the edit range {start}-{end - 1} is empty or inverted: the end must come after the start")
    span = (end - start) / fps
    longest = (max_frames - 1) / FPS
    min_context = 2 / FPS
    if span + 2 * min_context > longest:
        most = int(math.floor((longest - 2 * min_context) * fps + 1e-9))
        raise ValueError(f"the range {start}-{end - 1} is {end - start} frames long; this generator regenerates at most "
                         f"{most} frames at {fps:g} fps ({most / fps:.1f} s) at once: edit it in parts")
    context = min(context_seconds, (longest - span) / 2)
    before = int(math.floor(context * fps))
    after = int(math.floor(context * fps))
    return start - before, end - 1 + after


def edit(engine: Engine, settings: Settings, *, generator: str, source: np.ndarray, window_start: int, start: int, end: int,
         fps: float, prompt: str, seed: int, options: Options = Options(), job: Job | None = None, anchors=()) -> np.ndarray:
    """``source``: (n, 22, 3) canonical positions at 20 fps of scene frames
    from ``window_start`` on; regenerate what covers scene frames [start, end)
    -> (n, 22, 3), frames outside the covered span bit-identical, and the
    canonical frame nearest each scene frame in ``anchors`` kept too (a keyed
    pose inside the range the motion passes through)."""
    prompt = check_prompt(prompt)
    seed = check_seed(seed)
    first = int(math.floor((start - window_start) * FPS / fps))
    last = int(math.ceil((end - 1 - window_start) * FPS / fps)) + 1
    first, last = max(first, 1), min(last, len(source) - 1)
    if first >= last:
        raise ValueError(f"the range {start}-{end - 1} is too short to regenerate: choose at least a few frames")
    keep = range_mask(len(source), first, last)
    for anchor in anchors:
        if not start <= anchor < end:
            raise ValueError(f"anchor frame {anchor} is not inside the range {start}-{end - 1}")
        keep[min(max(int(round((anchor - window_start) * FPS / fps)), 0), len(source) - 1)] = True
    if keep[first:last].all():
        raise ValueError(f"the range {start}-{end - 1} is all keyed poses: there is nothing between them to generate")
    return edit_clip(engine, settings, generator=generator, source=source, keep=keep, prompt=prompt, seed=seed, options=options, job=job)


def edit_clip(engine: Engine, settings: Settings, *, generator: str, source: np.ndarray, keep: np.ndarray, prompt: str, seed: int,
              options: Options = Options(), job: Job | None = None) -> np.ndarray:
    """(T, 22, 3) at 20 fps -> the clip with the frames where ``keep`` is False regenerated."""

    def work(model):
        if job:
            job.progress(0.2, "regenerating the range")
        return model.edit(source, keep, prompt, model.options(guidance=options.guidance, steps=options.steps), seed=seed)

    return engine.run(generator, settings, work, notify=job.notify if job else None, status=_status(job))
