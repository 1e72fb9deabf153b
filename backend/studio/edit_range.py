"""Regenerating scene-frame ranges of a rig's motion (what ``t2m.edit_range``
and ``t2m.inbetween`` run off the main thread).

For each range the caller reads, on the main thread, the rig's evaluated
pose over the range's context window and its local (basis) pose from the
frame before the range to its last frame (``RangeInput``). Here: the window
becomes canonical motion, the generator regenerates what covers the range
(``motion.edit``), the result is retargeted onto the rig, and the first and
last ``blend`` frames inside the range fade from the rig's existing local
pose (``blend``). Only frames inside [start, end) are returned; the caller
writes nothing else.

Anchors (keyframe constraints): scene frames inside the range where the user
keyed a pose (``RangeInput.anchors``). The canonical frame nearest each is
kept in the generator's mask (``motion.edit``), so the new motion passes
through the keyed pose, and the rig's own pose fades back in over ``blend``
frames on both sides of it (weight 0 at the anchor itself); the caller
leaves the user's keys there untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..generators.registry import get_spec
from ..retarget import RetargetOptions, retarget, to_canonical
from ..retarget.animation import RigAnimation
from . import motion
from .blend import blend_locations, blend_rotations, seam_weights
from .engine import Engine, Settings
from .jobs import Job


@dataclass(frozen=True)
class RangeInput:
    start: int  # first scene frame regenerated
    end: int  # one past the last
    window_start: int  # first scene frame of ``pose``
    pose: np.ndarray  # (W, B, 4, 4) armature-space pose over the window
    rotations: np.ndarray  # (end - start + 1, B, 4) local rotations from start - 1
    locations: np.ndarray  # (end - start + 1, 3) translation bone location from start - 1
    anchors: tuple[int, ...] = ()  # scene frames inside [start, end) whose keyed pose the motion passes through


def anchor_weights(start: int, end: int, anchors, blend: int) -> np.ndarray:
    """(end - start,) weight of the new motion near anchors: 0 at an anchor,
    rising as (distance) / (blend + 1) up to 1 (1 everywhere without anchors)."""
    frames = np.arange(start, end)
    weight = np.ones(len(frames))
    for anchor in anchors:
        weight = np.minimum(weight, np.abs(frames - anchor) / (max(blend, 0) + 1))
    return weight


def windows(generator: str, spans: list[tuple[int, int]], fps: float) -> list[tuple[int, int]]:
    """Scene-frame context windows [w0, w1] (inclusive) of half-open ``spans``."""
    if not spans:
        raise ValueError("nothing to edit: the range is empty")
    max_frames = get_spec(generator).max_frames
    return [motion.edit_window(start, end, fps, max_frames=max_frames) for start, end in spans]


def regenerate(engine: Engine, settings: Settings, *, generator: str, binding, inputs: list[RangeInput], fps: float, prompt: str,
               seed: int, blend: int, options: motion.Options, retarget_options: RetargetOptions,
               job: Job | None = None) -> list[tuple[int, int, RigAnimation]]:
    """-> (start, end, animation of exactly the frames [start, end)) per range;
    range k uses seed + k."""
    results = []
    for k, item in enumerate(inputs):
        if job:
            job.progress(k / len(inputs), f"range {item.start}-{item.end - 1}: reading context")
        source = to_canonical(binding, item.pose, fps=fps)
        edited = motion.edit(engine, settings, generator=generator, source=source, window_start=item.window_start, start=item.start,
                             end=item.end, fps=fps, prompt=prompt, seed=seed + k, options=options, job=job, anchors=item.anchors)
        animation = retarget(edited, binding, options=retarget_options)
        part = slice(item.start - item.window_start, item.end - item.window_start)
        if animation.frames < item.end - item.window_start:
            raise ValueError("the regenerated motion is shorter than the range (frame-rate rounding); widen the range by a frame")
        weight = np.minimum(seam_weights(item.end - item.start, blend), anchor_weights(item.start, item.end, item.anchors, blend))
        rotations = blend_rotations(item.rotations[1:], animation.rotations[part], weight, previous=item.rotations[0])
        locations = blend_locations(item.locations[1:], animation.location[part], weight)
        results.append((item.start, item.end, RigAnimation(
            bone_names=animation.bone_names, rotations=rotations, animated=animation.animated, translation_bone=animation.translation_bone,
            location=locations, fps=fps, contacts=animation.contacts[part])))
    return results
