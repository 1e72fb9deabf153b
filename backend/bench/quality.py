"""Quality on the test split, the field's protocol: every repeat shuffles the
test items, picks one caption each, cuts lengths to multiples of 4, generates,
and scores; mean and 95% interval over repeats, for the whole split and per
source. The real-data row comes from the same loop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..data.items import TextMotionSplit
from ..eval import metrics
from ..eval.train import content_label
from ..generators.base import Generator, Prompt
from ..motion.features import recover_from_ric
from .scorer import Scorer

SOURCES = ("all", "cmu", "bandai")


@dataclass(frozen=True)
class QualityConfig:
    repeats: int = 20
    mm_texts: int = 100
    mm_generations: int = 30
    mm_repeats: int = 20
    seed: int = 0


def _physical(features: Sequence[np.ndarray]) -> dict[str, float]:
    skate, penetration, jerk = [], [], []
    for f in features:
        positions = recover_from_ric(f)
        skate.append(metrics.foot_skating(positions))
        penetration.append(metrics.floor_penetration(positions))
        jerk.append(metrics.jerk(positions))
    return {"foot_skate": float(np.mean(skate)), "penetration": float(np.mean(penetration)), "jerk": float(np.mean(jerk))}


class QualityBench:
    def __init__(self, test: TextMotionSplit, scorer: Scorer, config: QualityConfig = QualityConfig()) -> None:
        self.items = list(test.items)
        self.scorer = scorer
        self.config = config
        self.sources = np.array([i.source for i in self.items])
        self.real_features = [i.features[: len(i.features) // 4 * 4] for i in self.items]
        self.real_embeddings = scorer.motions(self.real_features)
        rec = scorer.recogniser.config
        self.bandai = np.array([i.source == "bandai" and content_label(i) in rec.contents for i in self.items])
        self.content_true = np.array([rec.contents.index(content_label(i)) if b else -1 for i, b in zip(self.items, self.bandai)])
        self.style_true = np.array([rec.styles.index(i.labels["style"]) if b else -1 for i, b in zip(self.items, self.bandai)])

    def _repeat(self, features: list[np.ndarray], captions: list[str], rng: np.random.Generator) -> dict:
        text = self.scorer.texts(captions)
        motion = self.scorer.motions(features)
        row: dict = {}
        for source in SOURCES:
            keep = np.ones(len(self.items), bool) if source == "all" else self.sources == source
            if keep.sum() < metrics.BATCH:
                if source == "all":  # a small build (e.g. a user's library): no R-precision batch of 32
                    nan = float("nan")
                    row["all"] = {"top1": nan, "top2": nan, "top3": nan, "mm_dist": nan, "diversity": nan,
                                  "fid": metrics.fid(self.real_embeddings, motion) if len(motion) >= 2 else nan}
                continue
            (t1, t2, t3), matched = metrics.r_precision(text[keep], motion[keep], rng)
            row[source] = {
                "top1": t1, "top2": t2, "top3": t3, "mm_dist": matched,
                "fid": metrics.fid(self.real_embeddings[keep], motion[keep]),
                "diversity": metrics.diversity(motion[keep], rng),
            }
        if self.bandai.any():
            content, style = self.scorer.labels([f for f, b in zip(features, self.bandai) if b])
            row["all"]["content_acc"] = float((content == self.content_true[self.bandai]).mean())
            row["all"]["style_acc"] = float((style == self.style_true[self.bandai]).mean())
        else:  # no content/style labels in this build
            row["all"]["content_acc"] = row["all"]["style_acc"] = float("nan")
        row["all"].update(_physical(features))
        return row

    def run(self, generator: Generator | None) -> dict:
        """Scores ``generator`` (None: the real test motions themselves)."""
        config = self.config
        repeats = []
        for r in range(config.repeats):
            rng = np.random.default_rng(config.seed + r)
            captions = [i.captions[rng.integers(len(i.captions))] for i in self.items]
            if generator is None:
                features = self.real_features
            else:
                prompts = [Prompt(c, _frames(generator, len(f)), i.name) for c, f, i in zip(captions, self.real_features, self.items)]
                # Clips shorter than the generator's shortest are generated at
                # that length and cut back to the real clip's.
                features = [_cut(g, p, len(f)) for g, p, f in zip(generator.generate(prompts, seed=config.seed + r), prompts, self.real_features)]
            repeats.append(self._repeat(features, captions, rng))
        result = {}
        for source in repeats[0]:
            result[source] = {}
            for key in repeats[0][source]:
                mean, interval = metrics.mean_interval([rep[source][key] for rep in repeats])
                result[source][key] = mean
                result[source][key + "_ci95"] = interval
        result["all"]["mmodality"], result["all"]["mmodality_ci95"] = self._multimodality(generator)
        result["repeats"] = config.repeats
        return result

    def _multimodality(self, generator: Generator | None) -> tuple[float, float]:
        config = self.config
        if generator is None:
            return 0.0, 0.0
        if config.mm_repeats == 0:
            return None, None
        values = []
        for r in range(config.mm_repeats):
            rng = np.random.default_rng(10_000 + config.seed + r)
            chosen = rng.choice(len(self.items), size=min(config.mm_texts, len(self.items)), replace=False)
            per_text = []
            for index in chosen:
                item = self.items[index]
                prompt = Prompt(item.captions[rng.integers(len(item.captions))], _frames(generator, len(self.real_features[index])), item.name)
                generations = [_cut(g, prompt, len(self.real_features[index])) for g in generator.generate([prompt] * config.mm_generations, seed=config.seed + 1000 * r + int(index))]
                per_text.append(self.scorer.motions(generations))
            values.append(metrics.multimodality(np.stack(per_text), rng))
        return metrics.mean_interval(values)


def _frames(generator, frames: int) -> int:
    """The clip's length within what the generator makes (test clips have
    20-196 feature frames; MoMask makes 24-196): the evaluator scores any length."""
    return max(min(frames, getattr(generator, "max_frames", frames)), getattr(generator, "min_frames", frames))


def _cut(generated: np.ndarray, prompt: Prompt, frames: int) -> np.ndarray:
    """A clip generated longer than the real one only because the generator's
    shortest is longer is cut back to the real length."""
    return generated[:frames] if len(generated) == prompt.frames > frames else generated
