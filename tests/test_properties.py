"""Property-based tests (Hypothesis, bounded and derandomised for CI): any
request either gives a valid result or a clear ``ValueError``, never another
exception; frames outside an edit never change."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.generators import registry
from backend.generators.editing import range_mask
from backend.generators.requests import MAX_PROMPT_WORDS, MAX_SEED, check_frames, check_keep, check_prompt, check_seed
from backend.studio import lengths

BOUNDED = settings(max_examples=80, deadline=None, derandomize=True)
ANYTHING = st.one_of(st.integers(min_value=-2**70, max_value=2**70), st.floats(allow_nan=True), st.booleans(), st.text(max_size=8),
                     st.none(), st.integers(min_value=-2**62, max_value=2**62).map(np.int64))


@BOUNDED
@given(st.text(max_size=400))
def test_any_prompt_is_cleaned_or_clearly_refused(text):
    try:
        out = check_prompt(text)
    except ValueError as error:
        assert str(error)
        return
    assert out and out == out.strip() and "  " not in out and len(out.split()) <= MAX_PROMPT_WORDS
    assert check_prompt(out) == out  # idempotent


@BOUNDED
@given(ANYTHING)
def test_any_frame_count_is_accepted_in_range_or_refused(frames):
    try:
        out = check_frames(frames, min_frames=24, max_frames=196)
    except ValueError as error:
        assert "frames" in str(error)
        return
    assert type(out) is int and 24 <= out <= 196


@BOUNDED
@given(ANYTHING)
def test_any_seed_is_accepted_in_range_or_refused(seed):
    try:
        out = check_seed(seed)
    except ValueError as error:
        assert "seed must be a whole number from 0" in str(error)
        return
    assert type(out) is int and 0 <= out <= MAX_SEED


@BOUNDED
@given(st.integers(0, 300), st.integers(-400, 400), st.integers(-400, 400))
def test_any_range_gives_a_mask_or_a_clear_refusal(frames, start, end):
    try:
        keep = range_mask(frames, start, end)
    except ValueError as error:
        assert "edit range" in str(error)
        return
    assert keep.shape == (frames,) and (~keep).sum() == end - start and not keep[start:end].any()
    try:
        check_keep(keep, frames)
    except ValueError as error:
        assert "whole clip" in str(error) and start == 0 and end == frames


@BOUNDED
@given(st.integers(-50, 1000), st.sampled_from([12.0, 23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 60.0, 120.0]))
def test_any_scene_length_is_covered_or_refused_in_scene_frames(scene_frames, fps):
    try:
        lengths.check_scene_frames(scene_frames, fps, min_frames=24, max_frames=196, label="MoMask")
    except ValueError as error:
        assert f"{scene_frames} frames" in str(error) and f"at {fps:g} fps" in str(error)
        return
    frames = max(lengths.to_generator_frames(scene_frames, fps, max_frames=196), 24)
    assert 24 <= frames <= 196
    covered = lengths.cover(np.zeros((frames, 22, 3)), scene_frames, fps)
    assert (len(covered) - 1) / 20 >= (scene_frames - 1) / fps - 1e-9


@pytest.fixture(scope="module")
def generators():
    return {name: registry.tiny_generator(name) for name in ("toy", "momask")}


@pytest.mark.parametrize("name, examples", [("toy", 60), ("momask", 15)])
def test_frames_outside_any_edit_never_change(generators, name, examples):
    generator = generators[name]

    @settings(max_examples=examples, deadline=None, derandomize=True)
    @given(st.data())
    def run(data):
        frames = data.draw(st.integers(generator.min_frames, min(generator.max_frames, 90)), label="frames")
        start = data.draw(st.integers(0, frames - 1), label="start")
        end = data.draw(st.integers(start + 1, frames), label="end")
        seed = data.draw(st.integers(0, 2**40), label="seed")
        source = generator.generate_positions("a person walks", frames, seed=seed % 97)
        keep = range_mask(frames, start, end)
        frozen = source.copy()
        try:
            out = generator.edit(source, keep, "a person jumps", seed=seed)
        except ValueError as error:
            assert start == 0 and end == frames and "whole clip" in str(error)
            return
        assert out[keep].tobytes() == frozen[keep].tobytes() and np.isfinite(out).all()

    run()
