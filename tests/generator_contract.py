"""The generator contract: checks every registered generator must pass.

Each check takes a generator (a tiny random-weight instance on CPU) and
raises ``AssertionError`` when the property is broken; ``test_generator_contract``
runs them on every generator in the registry, and on deliberately broken
generators to show that each check can fail.
"""

from __future__ import annotations

import numpy as np

from backend.generators.base import FPS, NonFiniteOutput, Prompt
from backend.generators.editing import range_mask
from backend.motion.features import FEATURE_DIM

PROMPTS = ("a person walks", "someone jumps")


def check_shapes_and_rate(generator) -> None:
    lo = generator.min_frames
    frames = (lo, min(lo + 21, generator.max_frames))
    out = generator.generate([Prompt(PROMPTS[0], frames[0]), Prompt(PROMPTS[1], frames[1])], seed=0)
    assert generator.fps == FPS == 20
    assert [o.shape for o in out] == [(f, FEATURE_DIM) for f in frames], [o.shape for o in out]
    assert all(o.dtype == np.float32 and np.isfinite(o).all() for o in out)
    positions = generator.generate_positions(PROMPTS[0], frames[1], seed=0)
    assert positions.shape == (frames[1], 22, 3) and positions.dtype == np.float32
    longest = generator.generate([Prompt(PROMPTS[0], generator.max_frames)], seed=0)[0]
    assert longest.shape == (generator.max_frames, FEATURE_DIM)
    if generator.longest > generator.max_frames:  # generators that chain windows themselves
        chained = generator.generate([Prompt(PROMPTS[0], generator.longest)], seed=0)[0]
        assert chained.shape == (generator.longest, FEATURE_DIM) and np.isfinite(chained).all()


def check_seed_determinism(generator) -> None:
    frames = min(40, generator.max_frames)
    a = generator.generate([Prompt(PROMPTS[0], frames)], seed=3)[0]
    b = generator.generate([Prompt(PROMPTS[0], frames)], seed=3)[0]
    c = generator.generate([Prompt(PROMPTS[0], frames)], seed=4)[0]
    assert a.tobytes() == b.tobytes(), "the same seed must give the same motion"
    assert not np.array_equal(a, c), "another seed must give other motion"


def other_options(generator):
    """The pack's options with every UI option changed."""
    ui = {"guidance": None, "steps": None}
    fields = dict(generator.spec.ui_options)
    values = {f: getattr(generator.defaults, f) for f in fields.values()}
    if "guidance" in fields:
        ui["guidance"] = values[fields["guidance"]] + 1.5
    if "steps" in fields:
        ui["steps"] = values[fields["steps"]] + 1
    return generator.options(**ui)


def check_option_isolation(generator) -> None:
    """Jobs with different options, interleaved, give exactly what each gives alone."""
    frames = min(40, generator.max_frames)
    prompt = [Prompt(PROMPTS[0], frames)]
    defaults, changed = generator.defaults, other_options(generator)
    assert changed != defaults
    alone_default = generator.generate(prompt, seed=5)[0]
    alone_changed = generator.generate(prompt, changed, seed=5)[0]
    assert not np.array_equal(alone_default, alone_changed), "options must change the result"
    for _ in range(2):
        assert generator.generate(prompt, changed, seed=5)[0].tobytes() == alone_changed.tobytes()
        assert generator.generate(prompt, seed=5)[0].tobytes() == alone_default.tobytes()
    assert generator.defaults == defaults, "a call must never change the generator's defaults"


def check_finite_output(generator) -> None:
    """A generator whose model returns NaN is refused with a clear error."""
    broken = type(generator).__new__(type(generator))
    broken.__dict__.update(generator.__dict__)
    broken._generate = lambda prompts, options, seed: [np.full((p.frames, FEATURE_DIM), np.nan, np.float32) for p in prompts]
    try:
        broken.generate([Prompt(PROMPTS[0], generator.min_frames)], seed=0)
    except NonFiniteOutput as error:
        assert "NaN" in str(error)
    else:
        raise AssertionError("NaN output was not refused")


def check_edit_keeps_frames(generator) -> None:
    """Frames outside an edit are bit-identical to the source as given, the
    source and mask are not modified, and the range itself changes."""
    frames = min(80, generator.max_frames)
    source = generator.generate_positions(PROMPTS[0], frames, seed=1)
    for start, end in ((20, 40), (0, 10), (frames - 10, frames), (1, frames - 1), (30, 31)):
        keep = range_mask(frames, start, end)
        source_before, keep_before = source.copy(), keep.copy()
        out = generator.edit(source, keep, PROMPTS[1], seed=2)
        assert source.tobytes() == source_before.tobytes(), "edit modified its source"
        assert keep.tobytes() == keep_before.tobytes(), "edit modified its mask"
        assert out.shape == source.shape and out.dtype == np.float32 and np.isfinite(out).all()
        assert out[keep_before].tobytes() == source_before[keep_before].tobytes(), f"frames outside {start}:{end} changed"
        assert not np.array_equal(out[~keep_before], source_before[~keep_before]), f"the range {start}:{end} was not regenerated"


def check_batched_edits(generator) -> None:
    """``edit_many`` (the bench's edit rows) returns what one edit at a time
    returns for each request (clips of different lengths, ranges and seeds),
    up to float rounding, and keeps every clip's frames outside its range."""
    sources = [generator.generate_positions(PROMPTS[0], frames, seed=3) for frames in (min(70, generator.max_frames), 40)]
    keeps = [range_mask(len(sources[0]), 20, 45), range_mask(40, 5, 15)]
    texts, seeds = [PROMPTS[1], PROMPTS[0]], [11, 12]
    together = generator.edit_many(sources, keeps, texts, seeds=seeds)
    for source, keep, text, seed, batched in zip(sources, keeps, texts, seeds, together, strict=True):
        alone = generator.edit(source, keep, text, seed=seed)
        assert batched.shape == alone.shape and batched[keep].tobytes() == source[keep].tobytes()
        assert np.allclose(batched, alone, atol=1e-4), f"a batched edit differs from the same edit alone by {np.abs(batched - alone).max()} m"
    assert generator.edit_many([], [], [], seeds=[]) == []


def check_round_trip(generator) -> None:
    if not generator.spec.reconstructs:
        return
    features = generator.generate([Prompt(PROMPTS[0], 45)], seed=0)[0]
    again = generator.reconstruct(features)
    assert again.shape == features.shape and np.isfinite(again).all()


def check_length_estimates(generator) -> None:
    if not generator.spec.predicts_length:
        return
    frames = generator.estimate_frames([PROMPTS[0]] * 8, seed=0)
    assert all(generator.min_frames <= f <= generator.max_frames for f in frames), frames
    assert all(generator.min_frames <= f <= generator.max_frames for f in generator.most_likely_frames(PROMPTS))


CHECKS = (check_shapes_and_rate, check_seed_determinism, check_option_isolation, check_finite_output, check_edit_keeps_frames,
          check_batched_edits,
          check_round_trip, check_length_estimates)
