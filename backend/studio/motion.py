"""Generation and editing in scene terms, returning canonical positions.

Scene frames run at the scene's rate (24, 25, 30, 29.97 ...); generators run
at 20 fps. An edit of scene frames [start, end) hands the generator a window
of the rig's motion around the range (``edit_window``: up to
``CONTEXT_SECONDS`` each side, the whole window within the generator's
longest clip), the canonical frames covering the range are regenerated with
everything else kept bit for bit (``editing``: keep[t] = True means given),
and the caller writes only scene frames inside [start, end).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..generators.base import FPS, Prompt
from ..generators.editing import range_mask
from ..generators.requests import check_frames, check_prompt
from ..motion.features import recover_from_ric
from .engine import Engine, Settings
from .jobs import Job

CONTEXT_SECONDS = 2.0


@dataclass(frozen=True)
class Options:
    """Sampling options a user may change (None: the model's default)."""

    guidance: float | None = None
    steps: int | None = None


def _apply(generator, options: Options) -> None:
    if options.guidance is not None and hasattr(generator, "base_guidance"):
        generator.base_guidance = float(options.guidance)
    if options.steps is not None and hasattr(generator, "steps"):
        generator.steps = int(options.steps)


def to_generator_frames(scene_frames: int, fps: float) -> int:
    """Generator frames (20 fps) that cover ``scene_frames`` frames at ``fps``
    once resampled (the caller trims the surplus)."""
    return int(math.ceil((scene_frames - 1) * FPS / fps - 1e-9)) + 1


def generate(engine: Engine, settings: Settings, *, generator: str, prompt: str, frames: int | None, seed: int,
             variations: int = 1, options: Options = Options(), job: Job | None = None) -> list[np.ndarray]:
    """``variations`` clips (T, 22, 3) at 20 fps; variation k uses seed + k, so
    the first one equals a single generation with ``seed``. ``frames``:
    generator frames, None = the model's length estimate."""
    prompt = check_prompt(prompt)
    if variations < 1:
        raise ValueError("variations must be at least 1")

    def work(model):
        _apply(model, options)
        if frames is not None:
            check_frames(frames, min_frames=model.min_frames, max_frames=model.max_frames)
        clips = []
        for k in range(variations):
            if job:
                job.progress(k / variations, f"generating {k + 1}/{variations}")
            length = frames if frames is not None else model.estimate_frames([prompt], seed=seed + k)[0]
            features = model.generate([Prompt(prompt, length)], seed=seed + k)[0]
            clips.append(recover_from_ric(features).astype(np.float32))
        return clips

    return engine.run(generator, settings, work, notify=job.notify if job else None, status=(lambda text: job.progress(text=text)) if job else None)


def edit_window(start: int, end: int, fps: float, *, max_frames: int, context_seconds: float = CONTEXT_SECONDS) -> tuple[int, int]:
    """Scene frames [w0, w1] (inclusive) around the range [start, end) whose
    20 fps resampling fits ``max_frames``; ValueError when the range alone is
    too long for the generator."""
    if not start < end:
        raise ValueError(f"the edit range {start}-{end} is empty or inverted: the end must come after the start")
    span = (end - start) / fps
    longest = (max_frames - 1) / FPS
    min_context = 2 / FPS
    if span + 2 * min_context > longest:
        raise ValueError(f"the range is {span:.1f} s long; this generator regenerates at most {longest - 2 * min_context:.1f} s at once: edit it in parts")
    context = min(context_seconds, (longest - span) / 2)
    before = int(math.floor(context * fps))
    after = int(math.floor(context * fps))
    return start - before, end - 1 + after


def edit(engine: Engine, settings: Settings, *, generator: str, source: np.ndarray, window_start: int, start: int, end: int,
         fps: float, prompt: str, seed: int, options: Options = Options(), job: Job | None = None) -> np.ndarray:
    """``source``: (n, 22, 3) canonical positions at 20 fps of scene frames
    from ``window_start`` on; regenerate what covers scene frames [start, end)
    -> (n, 22, 3), frames outside the covered span bit-identical."""
    prompt = check_prompt(prompt)
    first = int(math.floor((start - window_start) * FPS / fps))
    last = int(math.ceil((end - 1 - window_start) * FPS / fps)) + 1
    first, last = max(first, 1), min(last, len(source) - 1)
    if first >= last:
        raise ValueError("the edit range is too short to regenerate: choose at least a few frames")
    keep = range_mask(len(source), first, last)

    def work(model):
        _apply(model, options)
        if job:
            job.progress(0.2, "regenerating the range")
        return model.edit(source, keep, prompt, seed=seed)

    return engine.run(generator, settings, work, notify=job.notify if job else None, status=(lambda text: job.progress(text=text)) if job else None)
