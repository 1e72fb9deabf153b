"""ReMoDiffuse in bfloat16 (the per-call option ``bf16``; the CPU fast path
turns it on where the CPU has bfloat16 natively), on the shipped default
pack: the fast path is on only where bfloat16 is native, and a bfloat16 clip
stays far closer to the float32 clip of the same seed than another seed's
clip is. Its quality is measured by the bench row ``remodiffuse_bf16``."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.generators.base import Prompt
from backend.generators.precision import cpu_has_native_bf16
from backend.generators.registry import load_generator
from backend.generators.text_input import hashed_vectors
from backend.motion.features import recover_from_ric


@pytest.fixture(scope="module")
def generator():
    try:
        return load_generator("remodiffuse", text=hashed_vectors(), device=torch.device("cpu"))
    except ValueError as error:
        pytest.skip(str(error))


def test_cpu_fast_path_is_on_only_with_native_bf16(generator):
    try:
        assert generator.accelerate() == cpu_has_native_bf16() == generator.bf16
    finally:
        generator.bf16 = False


def _pose(clips):  # features -> root-relative joints (the trajectory integrates any difference)
    joints = [recover_from_ric(c) for c in clips]
    return [j - j[:, :1] for j in joints]


def test_bf16_clip_stays_near_the_float32_clip(generator):
    prompts = [Prompt("a person walks forward and turns left", 60)]
    full = generator.options(None, steps=10)
    fast = full.override(bf16=True)
    exact = _pose(generator.generate(prompts, full, seed=3))[0]
    low = _pose(generator.generate(prompts, fast, seed=3))[0]
    other = _pose(generator.generate(prompts, full, seed=4))[0]
    assert np.isfinite(low).all() and not np.array_equal(low, exact)
    moved = np.linalg.norm(low - exact, axis=-1).mean()
    reseeded = np.linalg.norm(other - exact, axis=-1).mean()
    assert moved < 0.25 * reseeded, (moved, reseeded)
