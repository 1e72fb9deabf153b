"""A toy generator registered only inside the tests (``conftest``), to show
that a generator needs nothing outside its own module: once registered it
appears in the CLI choices, the bench rows and the contract tests.

It walks: speed from the prompt's letters, turn from the seed, ``speed``
and ``guidance`` options scale both (so options visibly matter); ``nan``
makes it return NaN (the finite-output check). Its pack is
``tests/fixtures/models/toy/default/toy.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backend.describe.synthetic import assemble, walking
from backend.generators.base import BaseGenerator, Prompt
from backend.generators.configs import bounded
from backend.generators.options import SamplingOptions
from backend.generators.packs import read_pack_info
from backend.generators.spec import GeneratorSpec, PackSpec
from backend.motion.features import positions_to_features
from backend.motion.timebase import FPS

MODELS = Path(__file__).resolve().parent / "fixtures" / "models"


@dataclass(frozen=True)
class ToyOptions(SamplingOptions):
    speed: float = bounded(1.0, 0.0, 5.0)
    guidance: float = bounded(1.0, 0.0, 10.0)
    steps: int = bounded(1, 1, 10)
    nan: bool = False


SPEC = GeneratorSpec(
    name="toy",
    label="Toy",
    description="synthetic walks for the platform tests",
    paper="none",
    factory="tests.toy_generator:ToyGenerator",
    options="tests.toy_generator:ToyOptions",
    tiny="tests.toy_generator:tiny",
    pack_file="toy.json",
    order=1000,
    predicts_length=True,
    min_frames=8,
    max_frames=120,
    packs=(PackSpec("default", "Toy", "public domain"),),
    ui_options=(("guidance", "guidance"), ("steps", "steps")),
)


class ToyGenerator(BaseGenerator):
    spec = SPEC

    @classmethod
    def load(cls, folder: Path, *, text, device) -> "ToyGenerator":
        info = read_pack_info(Path(folder) / SPEC.pack_file)
        return cls(text=text, device=device, info=info, defaults=ToyOptions.from_pack(info))

    def _walk(self, text: str, frames: int, options: ToyOptions, seed: int) -> np.ndarray:
        rng = np.random.default_rng([seed, sum(map(ord, text))])
        speed = options.speed * options.guidance * (0.8 + 0.8 * rng.random())
        controls = walking((frames + 1) / FPS, speed=speed, turn=float(rng.uniform(-90, 90)))
        features = positions_to_features(assemble(**controls)[: frames + 1])
        return np.full_like(features, np.nan) if options.nan else features

    def _generate(self, prompts: list[Prompt], options: ToyOptions, *, seed: int) -> list[np.ndarray]:
        return [self._walk(p.text, p.frames, options, seed + k) for k, p in enumerate(prompts)]

    def _edit(self, features: np.ndarray, keep: np.ndarray, text: str, options: ToyOptions, *, seed: int) -> np.ndarray:
        return self._walk(text, len(features), options, seed)

    def estimate_frames(self, texts, *, seed: int) -> list[int]:
        return [int(np.clip(4 * len(t), self.min_frames, self.max_frames)) for t in texts]

    def most_likely_frames(self, texts) -> list[int]:
        return self.estimate_frames(texts, seed=0)


def tiny() -> ToyGenerator:
    return ToyGenerator.load(MODELS / "toy" / "default", text=lambda texts: None, device="cpu")
