"""Benchmark rows beyond plain text-to-motion, built on the generator interface.

* ``EstimatedLength`` (row ``<generator>_autolen``): every prompt's length
  comes from the generator's own length estimator instead of the test
  clip's true length (MoMask's "FID with estimated length").
* ``length_report``: the estimator's accuracy on the test captions.
* ``FootLocked`` (row ``<generator>_footlock``): the generation after the
  foot locking the Blender extension applies when it retargets (here onto the
  canonical rig and read back), i.e. the motion an artist gets.
* ``EditTask`` (rows ``<generator>_<task>``): an edit task through
  ``generator.edit``, each test clip edited from its own caption
  (``EDIT_TASKS``): ``inbetween`` keeps the first and last 25% and
  regenerates the middle 50% (every generator); for generators that edit
  natively also ``outpaint`` (keep the middle 50%, regenerate both ends),
  ``prefix`` (keep the first 50%, continue it) and ``suffix`` (keep the last
  50%, make what leads into it). The whole edited clip is scored like any
  generation (so half of each scored clip is real motion, as in the field's
  temporal-inpainting tables), and every seam is measured against the
  per-frame joint jumps of real data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..data.items import TextMotionSplit
from ..generators.base import FPS, Prompt
from ..generators.editing import SEAM_BLEND, edited_spans, range_mask, source_features
from ..motion.features import recover_from_ric


class EstimatedLength:
    """Wraps a generator with ``estimate_frames``: the prompt's frame count is
    replaced by the estimate (seeded like the generation)."""

    def __init__(self, generator) -> None:
        self.name = generator.name + "_autolen"
        self.generator = generator
        self.min_frames, self.max_frames = generator.min_frames, generator.max_frames

    def generate(self, prompts: Sequence[Prompt], *, seed: int) -> list[np.ndarray]:
        frames = self.generator.estimate_frames([p.text for p in prompts], seed=seed)
        return self.generator.generate([Prompt(p.text, f, p.item) for p, f in zip(prompts, frames)], seed=seed)


# A foot-locked row retargets every clip on the host (~25 ms a clip on this
# CPU: 16 min for 20 repeats of the test split on one core); from this many
# clips on, the clips are spread over worker processes.
FOOTLOCK_POOL_FROM = 256

_binding = None


def _footlock_worker_start() -> None:
    global _binding
    from ..retarget import auto_bind, canonical_rig

    _binding = auto_bind(canonical_rig())[0]


def foot_locked_features(features: np.ndarray, binding=None) -> np.ndarray:
    """One generated clip's features -> the same clip retargeted onto the
    canonical rig with foot locking and read back (features, float32)."""
    from ..retarget.measure import through_rig

    binding = binding if binding is not None else _binding
    return source_features(through_rig(recover_from_ric(features), binding, fps=FPS, foot_lock=True)).astype(np.float32)


def default_workers() -> int:
    import os

    return max(1, min(8, (os.cpu_count() or 1) - 1))


class FootLocked:
    """Generations passed through retargeting with foot locking (the
    extension's defaults) onto the canonical rig and back to features.
    ``workers``: processes for the retargeting of calls with at least
    ``FOOTLOCK_POOL_FROM`` clips (default: all cores but one, at most 8;
    1: in this process); the result does not depend on it."""

    def __init__(self, generator, *, workers: int | None = None) -> None:
        from ..retarget import auto_bind, canonical_rig

        self.name = generator.name + "_footlock"
        self.generator = generator
        self.min_frames, self.max_frames = generator.min_frames, generator.max_frames
        self.binding, _ = auto_bind(canonical_rig())
        self.workers = default_workers() if workers is None else workers

    def generate(self, prompts: Sequence[Prompt], *, seed: int) -> list[np.ndarray]:
        clips = self.generator.generate(prompts, seed=seed)
        if self.workers <= 1 or len(clips) < FOOTLOCK_POOL_FROM:
            return [foot_locked_features(f, self.binding) for f in clips]
        import multiprocessing

        # spawn: the parent may hold a CUDA context and thread pools, which a fork would copy.
        with multiprocessing.get_context("spawn").Pool(self.workers, initializer=_footlock_worker_start) as pool:
            return pool.map(foot_locked_features, clips, chunksize=max(1, len(clips) // (4 * self.workers)))


LENGTH_BIN_FRAMES = 4  # 0.2 s: MoMask's token, the field's length-class width


def length_report(generator, test: TextMotionSplit, *, seed: int = 0) -> dict:
    """Accuracy of a length estimator on every (test clip, caption) pair, in
    0.2 s bins (``LENGTH_BIN_FRAMES``): the most likely length in the true
    bin, within one bin, and the mean absolute error in seconds of the most
    likely and of the sampled length (the one generation uses)."""
    from ..eval.train import content_label

    step = LENGTH_BIN_FRAMES
    texts, true_bins, groups = [], [], []
    for item in test.items:
        bins = min(len(item.features), generator.max_frames) // step
        group = content_label(item) if item.source == "bandai" else item.source
        for caption in item.captions:
            texts.append(caption)
            true_bins.append(bins)
            groups.append(group)
    true = np.asarray(true_bins)
    predicted, sampled = [], []
    for start in range(0, len(texts), 512):
        chunk = texts[start:start + 512]
        predicted.extend(f // step for f in generator.most_likely_frames(chunk))
        sampled.extend(f // step for f in generator.estimate_frames(chunk, seed=seed + start))
    predicted, sampled = np.asarray(predicted), np.asarray(sampled)
    seconds = step / FPS
    return {
        "pairs": len(texts),
        "top1_acc": float((predicted == true).mean()),
        "within_1_token_acc": float((np.abs(predicted - true) <= 1).mean()),
        "argmax_mae_s": float(np.abs(predicted - true).mean() * seconds),
        "sampled_mae_s": float(np.abs(sampled - true).mean() * seconds),
        "true_mean_s": float(true.mean() * seconds),
        "sampled_mean_s": float(sampled.mean() * seconds),
        "by_content": _by_group(np.asarray(groups), true, predicted, sampled, seconds),
    }


def _by_group(groups: np.ndarray, true: np.ndarray, predicted: np.ndarray, sampled: np.ndarray, seconds: float) -> dict:
    """Per content label (Bandai) or source (CMU): the true and sampled length
    distributions (mean and quartiles, seconds) and the argmax accuracy."""
    out = {}
    for group in sorted(set(groups.tolist())):
        keep = groups == group
        t, s = true[keep] * seconds, sampled[keep] * seconds
        out[group] = {"pairs": int(keep.sum()), "exact": float((predicted[keep] == true[keep]).mean()),
                      "true_s": [round(float(v), 2) for v in (t.mean(), *np.percentile(t, (25, 50, 75)))],
                      "sampled_s": [round(float(v), 2) for v in (s.mean(), *np.percentile(s, (25, 50, 75)))]}
    return out


def frame_jumps(positions: np.ndarray) -> np.ndarray:
    """(T, 22, 3) -> (T-1,) the largest joint displacement between consecutive frames (m)."""
    return np.linalg.norm(np.diff(positions, axis=0), axis=-1).max(axis=-1)


def real_jump_p99(test: TextMotionSplit) -> float:
    return float(np.percentile(np.concatenate([frame_jumps(recover_from_ric(i.features)) for i in test.items]), 99))


def window_max(jumps: np.ndarray, width: int) -> np.ndarray:
    """(N,) -> (N - width + 1,) the largest of every ``width`` consecutive jumps."""
    return np.lib.stride_tricks.sliding_window_view(jumps, width).max(axis=-1)


def real_zone_p99(test: TextMotionSplit, zone: int = SEAM_BLEND) -> float:
    """The 99th percentile, over real test clips, of the largest per-frame
    joint jump in ``zone + 1`` consecutive jumps: the reference for
    ``seam_zone_jumps`` (a seam's zone spans that many jumps)."""
    jumps = [frame_jumps(recover_from_ric(i.features)) for i in test.items]
    return float(np.percentile(np.concatenate([window_max(j, zone + 1) for j in jumps if len(j) > zone]), 99))


def seam_zone_jumps(jumps: np.ndarray, keep: np.ndarray, zone: int = SEAM_BLEND) -> list[float]:
    """The largest joint jump in each seam's zone: the jump across the seam
    and the next ``zone`` jumps into the regenerated range (where
    ``finish_edit`` fades its seam correction; never past the range's
    middle). Where the jump across a seam is matched by construction, a
    generator whose first frames miss the kept motion shows here."""
    out = []
    for start, end in edited_spans(keep):
        reach = min(zone, (end - start + 1) // 2)
        if start > 0:
            out.append(float(jumps[start - 1:start + reach].max()))
        if end < len(keep):
            out.append(float(jumps[end - 1 - reach:end].max()))
    return out


def inbetween_mask(frames: int) -> np.ndarray:
    """keep the first and last 25%, regenerate the middle 50%."""
    return range_mask(frames, frames // 4, frames - frames // 4)


def outpaint_mask(frames: int) -> np.ndarray:
    """keep the middle 50%, regenerate the first and last 25%."""
    return ~range_mask(frames, frames // 4, frames - frames // 4)


def prefix_mask(frames: int) -> np.ndarray:
    """keep the first 50%, regenerate the rest."""
    return range_mask(frames, frames // 2, frames)


def suffix_mask(frames: int) -> np.ndarray:
    """keep the last 50%, regenerate what leads into it."""
    return range_mask(frames, 0, frames // 2)


EDIT_TASKS = {"inbetween": inbetween_mask, "outpaint": outpaint_mask, "prefix": prefix_mask, "suffix": suffix_mask}


def seam_frames(keep: np.ndarray) -> list[int]:
    """Indices t of ``frame_jumps`` (the jump from frame t to t+1) where kept and regenerated frames meet."""
    return [t for t in range(len(keep) - 1) if keep[t] != keep[t + 1]]


class EditTask:
    """An edit task as a generator the quality bench can score. ``seams``
    collects, for every edited clip, the largest joint jump at each seam,
    ``zones`` the largest in each seam's zone (``seam_zone_jumps``)."""

    def __init__(self, generator, test: TextMotionSplit, task: str = "inbetween") -> None:
        self.name = f"{generator.name}_{task}"
        self.task = task
        self.mask = EDIT_TASKS[task]
        self.generator = generator
        self.by_name = {item.name: item.features for item in test.items}
        self.min_frames, self.max_frames = generator.min_frames, generator.max_frames
        self.seams: list[float] = []
        self.zones: list[float] = []

    def generate(self, prompts: Sequence[Prompt], *, seed: int) -> list[np.ndarray]:
        sources, keeps = [], []
        for prompt in prompts:
            # Clips longer than the generator's limit are scored on their first
            # ``max_frames`` frames (the evaluator takes any length).
            features = self.by_name[prompt.item][: min(prompt.frames, self.max_frames)]
            sources.append(recover_from_ric(features).astype(np.float32))
            keeps.append(self.mask(len(sources[-1])))
        # One batch: a generator that batches edits (``_edit_many``) runs them
        # together, the others one at a time; edit k has the seed it always had.
        edits = self.generator.edit_many(sources, keeps, [p.text for p in prompts], seeds=[seed * 100_003 + k for k in range(len(prompts))])
        out = []
        for edited, keep in zip(edits, keeps, strict=True):
            jumps = frame_jumps(edited)
            self.seams.extend(float(jumps[t]) for t in seam_frames(keep))
            self.zones.extend(seam_zone_jumps(jumps, keep))
            out.append(source_features(edited.astype(np.float64)).astype(np.float32))
        return out

    def seam_report(self, p99: float, zone_p99: float) -> dict:
        seams, zones = np.asarray(self.seams), np.asarray(self.zones)
        return {
            "seams": len(seams),
            "real_jump_p99_m": p99,
            "seam_jump_mean_m": float(seams.mean()),
            "seam_jump_p99_m": float(np.percentile(seams, 99)),
            "seam_jump_max_m": float(seams.max()),
            "seams_within_real_p99": float((seams <= p99).mean()),
            "real_zone_p99_m": zone_p99,
            "zone_jump_p99_m": float(np.percentile(zones, 99)),
            "zone_jump_max_m": float(zones.max()),
            "zones_within_real_p99": float((zones <= zone_p99).mean()),
        }
