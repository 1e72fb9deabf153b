"""``editing.finish_edit``: whatever the generator's regenerated frames do at
a seam, the edited clip continues the kept motion across it (position and
per-frame step), and the kept frames stay bit-identical."""

from __future__ import annotations

import numpy as np
import pytest

from backend.generators.editing import finish_edit, range_mask, seam_corrections, seam_weights

FRAMES = 60


def _clips():
    t = np.arange(FRAMES)[:, None, None]
    source = (np.sin(t * 0.1 + np.arange(22)[None, :, None] * 0.3) * 0.5 * np.ones((1, 1, 3))).astype(np.float32)
    generated = source + 1.0 + np.random.default_rng(0).normal(0.0, 0.3, source.shape).astype(np.float32)  # jumpy, far off
    return source, generated


@pytest.mark.parametrize("start,end", [(20, 21), (20, 22), (20, 23), (20, 30), (20, 45), (1, 5), (55, 59)])
def test_each_seam_continues_the_kept_motion(start, end):
    source, generated = _clips()
    keep = range_mask(FRAMES, start, end)
    out = finish_edit(generated, source, keep)
    assert np.array_equal(out[keep], source[keep])
    steps = np.linalg.norm(np.diff(out, axis=0), axis=-1).max(1)
    source_steps = np.linalg.norm(np.diff(source, axis=0), axis=-1).max(1)
    # into the range and out of it: as large as the source's own neighbouring step
    # (at the clip's second frame or last-but-one there is no kept step to continue: it stays put)
    if end - start > 1:
        assert steps[start - 1] == pytest.approx(source_steps[start - 2] if start >= 2 else 0.0, rel=1e-3, abs=1e-5)
        assert steps[end - 1] == pytest.approx(source_steps[end] if end + 1 < FRAMES else 0.0, rel=1e-3, abs=1e-5)
    else:  # one frame between two kept ones: the mean of the two continuations
        assert max(steps[start - 1], steps[end - 1]) <= 1.05 * source_steps[start - 2: end + 1].max()


def test_a_range_at_either_end_of_the_clip_has_one_seam():
    source, generated = _clips()
    for start, end in ((0, 10), (50, FRAMES)):
        out = finish_edit(generated, source, range_mask(FRAMES, start, end))
        seam = end - 1 if start == 0 else start - 1
        assert np.linalg.norm(out[seam + 1] - out[seam], axis=-1).max() < 0.1
    before, after = seam_weights(0, 10, FRAMES, blend=8)
    assert not before.any() and after[-1] == 1.0 and after[0] == 0.0


def test_corrections_hit_both_seams_exactly_when_the_fades_overlap():
    before, after = seam_weights(10, 14, 40, blend=8)
    first, last = np.array([1.0, -2.0]), np.array([0.5, 3.0])
    c = seam_corrections(first, last, before, after)
    assert np.allclose(c[0], first) and np.allclose(c[-1], last)
    assert np.allclose(seam_corrections(first, last, *seam_weights(10, 11, 40, blend=8))[0], (first + last) / 2)


def test_the_seam_zone_shows_what_the_jump_across_the_seam_hides():
    from backend.bench.tasks import seam_zone_jumps

    frames, start, end = 40, 10, 30
    jumps = np.full(frames - 1, 0.01)
    keep = range_mask(frames, start, end)
    assert seam_zone_jumps(jumps, keep) == [0.01, 0.01]
    jumps[start + 3] = 0.5  # a pop 4 frames into the range: inside the first zone, not at the seam
    jumps[end - 12] = 0.7  # beyond the last zone (8 jumps before the seam)
    assert seam_zone_jumps(jumps, keep) == [0.5, 0.01]
    # a 2-frame range: each zone stops at the range's middle
    keep = range_mask(frames, 5, 7)
    jumps = np.full(frames - 1, 0.01)
    jumps[5] = 0.3
    assert seam_zone_jumps(jumps, keep) == [0.3, 0.3]
    assert seam_zone_jumps(jumps, range_mask(frames, 0, 7)) == [0.3]
