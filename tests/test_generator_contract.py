"""The generator contract every generator passes (tiny random weights on CPU),
plus smoke tests of the shipped MoMask pack."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.generators.base import FPS, Prompt
from backend.generators.editing import range_mask, source_features
from backend.generators.momask.config import tiny_config
from backend.generators.momask.generator import MoMaskGenerator
from backend.generators.momask.model import MoMask
from backend.generators.registry import pack_folder
from backend.motion.features import FEATURE_DIM, recover_from_ric


def _vectors(texts):
    return np.stack([np.random.default_rng(abs(hash(t)) % 2**32).normal(size=384) for t in texts]).astype(np.float32)


def tiny_generators():
    torch.manual_seed(0)
    return [MoMaskGenerator(model=MoMask(tiny_config()), sentence_vectors=_vectors, device=torch.device("cpu"))]


@pytest.fixture(scope="module", params=tiny_generators(), ids=lambda g: g.name)
def generator(request):
    return request.param


def test_shapes_and_frame_rate(generator):
    assert generator.fps == FPS == 20
    out = generator.generate([Prompt("a person walks", 40), Prompt("someone jumps", 61)], seed=0)
    assert [o.shape for o in out] == [(40, FEATURE_DIM), (61, FEATURE_DIM)]
    assert all(o.dtype == np.float32 and np.isfinite(o).all() for o in out)
    positions = generator.generate_positions("a person walks", 48, seed=0)
    assert positions.shape == (48, 22, 3) and positions.dtype == np.float32


def test_seed_determinism(generator):
    a = generator.generate([Prompt("a person walks", 40)], seed=3)[0]
    b = generator.generate([Prompt("a person walks", 40)], seed=3)[0]
    c = generator.generate([Prompt("a person walks", 40)], seed=4)[0]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_auto_length_is_in_range(generator):
    if not generator.predicts_length:
        pytest.skip("no length prediction")
    frames = generator.estimate_frames(["a person walks"] * 8, seed=0)
    assert all(generator.min_frames <= f <= generator.max_frames + 3 for f in frames)


def test_edit_leaves_frames_outside_untouched(generator):
    source = generator.generate_positions("a person walks", 80, seed=1)
    for start, end in ((20, 40), (0, 10), (70, 80), (1, 79)):
        keep = range_mask(80, start, end)
        out = generator.edit(source, keep, "a person jumps", seed=2)
        assert out.shape == source.shape and out.dtype == np.float32
        assert np.array_equal(out[keep], source[keep])
        assert np.isfinite(out).all()
    with pytest.raises(ValueError, match="empty"):
        generator.edit(source, np.ones(80, bool), "a person jumps", seed=0)


def test_bad_edit_range_is_refused():
    with pytest.raises(ValueError, match="edit range"):
        range_mask(10, 5, 20)
    with pytest.raises(ValueError, match="edit range"):
        range_mask(10, 6, 6)


def test_tokenizer_round_trip_shapes(generator):
    features = generator.generate([Prompt("a person walks", 45)], seed=0)[0]
    again = generator.reconstruct(features)
    assert again.shape == features.shape and np.isfinite(again).all()


SHIPPED = pack_folder("momask", "default")


@pytest.mark.skipif(not (SHIPPED / "momask.json").is_file(), reason="no shipped MoMask pack")
def test_shipped_momask_generates_and_edits_smoothly(cmu_folder, bandai_folders):
    from .real_clips import real_clips

    generator = MoMaskGenerator.load(SHIPPED, sentence_vectors=_minilm(), device=torch.device("cpu"))
    positions = generator.generate_positions("a person walks forward", 80, seed=0)
    assert positions.shape == (80, 22, 3) and np.isfinite(positions).all()
    assert np.ptp(positions[:, 0, [0, 2]], axis=0).max() > 0.3  # it moves
    clips = real_clips(cmu_folder, bandai_folders)
    jumps = np.concatenate([np.linalg.norm(np.diff(c, axis=0), axis=-1).max(1) for c in clips.values()])
    limit = np.percentile(jumps, 99)
    source = clips["36_02"][:120].astype(np.float32)
    keep = range_mask(120, 30, 90)
    edited = generator.edit(source, keep, "a person jumps up", seed=1)
    assert np.array_equal(edited[keep], source[keep])
    seams = np.linalg.norm(np.diff(edited, axis=0), axis=-1).max(1)[[29, 89]]
    assert seams.max() <= limit, (seams, limit)
    real = recover_from_ric(generator.reconstruct(source_features(source.astype(np.float64)).astype(np.float32)))
    assert real.shape == (120, 22, 3)


def _minilm():
    from backend.text import get_text_encoder

    encoder = get_text_encoder("minilm")
    return lambda texts: encoder.encode(list(texts)).pooled.numpy()


@pytest.mark.parametrize("prompt, message", [
    ("", "empty"), ("   ", "empty"), ("walk " * 120, "words"), ("一个人向前走然后挥手", "English"), ("?!", "no words"),
])
def test_bad_prompts_get_clear_errors(generator, prompt, message):
    with pytest.raises(ValueError, match=message):
        generator.generate_positions(prompt, 40, seed=0)


def test_bad_frames_and_sources_get_clear_errors(generator):
    for frames in (0, 5, generator.max_frames + 1, 10_000):
        with pytest.raises(ValueError, match="outside"):
            generator.generate_positions("a person walks", frames, seed=0)
    source = generator.generate_positions("a person walks", 40, seed=1)
    with pytest.raises(ValueError, match="whole clip"):
        generator.edit(source, np.zeros(40, bool), "a person jumps", seed=0)
    broken = source.copy()
    broken[3, 4] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        generator.edit(broken, range_mask(40, 10, 20), "a person jumps", seed=0)
    with pytest.raises(ValueError, match="mask"):
        generator.edit(source, range_mask(39, 10, 20), "a person jumps", seed=0)
    with pytest.raises(ValueError, match="0 <= start < end"):
        range_mask(40, 20, 10)
