"""BAMM's whole-pass fast path (``fast.GraphedPasses``, run here without CUDA
graphs: the same sync-free passes over the static key/value cache) against
the eager loops over the eager cache: the same seed gives the same tokens,
lengths and probabilities."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.generators.bamm.fast import GraphedPasses
from backend.generators.bamm.generator import _streams, tiny_generator
from backend.generators.base import Prompt
from backend.generators.editing import range_mask


@pytest.fixture(scope="module")
def eager():
    return tiny_generator()


@pytest.fixture(scope="module")
def whole():
    generator = tiny_generator()
    generator._graphed = GraphedPasses(generator.base, graphs=False)
    return generator


def _wide(generator):
    """Options under which the tiny random model ends rows at many lengths (END is rarely in its top 10%)."""
    return generator.defaults.override(keep_fraction=1.0, temperature=2.0)


def _condition(generator, batch):
    return generator._condition([f"a person walks {i}" for i in range(batch)])


def _same(a, b):
    tokens_a, probs_a, *lengths_a = a
    tokens_b, probs_b, *lengths_b = b
    assert torch.equal(tokens_a, tokens_b)
    assert torch.allclose(probs_a, probs_b, atol=1e-5)
    for x, y in zip(lengths_a, lengths_b):
        assert torch.equal(x, y)


@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("batch", [1, 3])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_free_length_pass_equals_the_eager_loop(eager, whole, batch, seed, wide):
    """No early exit in the whole pass: rows that ended are padded, so the tokens are the same."""
    options = _wide(whole) if wide else whole.defaults
    out = whole._autoregressive(_condition(whole, batch), _streams(seed)[0], options)
    _same(out, eager._autoregressive(_condition(eager, batch), _streams(seed)[0], options))
    tokens, probs, lengths = out
    assert ((lengths >= whole.min_tokens) & (lengths <= whole.window)).all()
    for row, n in enumerate(lengths.tolist()):
        assert tokens[row, n] == whole.base.end_id and (tokens[row, n + 1:] == whole.base.pad_id).all() and (probs[row, n + 1:] == 1).all()


def test_free_length_passes_end_at_different_lengths(eager, whole):
    """The wide cases above are not trivial: rows end at different lengths
    before the window's end (the padding after END and the early exit matter)."""
    lengths = torch.stack([whole._autoregressive(_condition(whole, 3), _streams(seed)[0], _wide(whole))[2] for seed in range(3)])
    assert len(set(lengths.flatten().tolist())) > 3
    assert (lengths < whole.window - 4).all(1).any()  # a batch whose eager loop stops early


@pytest.mark.parametrize("counts", [[49], [12], [7, 30, 49]])
def test_fixed_length_pass_equals_the_eager_loop(eager, whole, counts):
    batch = len(counts)
    out = whole._autoregressive(_condition(whole, batch), _streams(3)[0], whole.defaults, counts)
    _same(out, eager._autoregressive(_condition(eager, batch), _streams(3)[0], eager.defaults, counts))
    assert out[2].tolist() == counts


@pytest.mark.parametrize("batch", [1, 3])
def test_refinement_refill_equals_the_eager_loop(eager, whole, batch):
    """A refill of scattered least-confident positions (the refinement pass), one stream after another."""
    condition = _condition(whole, batch)
    counts = [40, 25, 49][:batch]
    tokens, probs, lengths = eager._autoregressive(condition, _streams(4)[0], eager.defaults, counts)
    stream_a, stream_b = torch.Generator().manual_seed(9), torch.Generator().manual_seed(9)
    for _ in range(2):  # the second refill checks that both consumed their generator alike
        given = (probs > probs.median()) | (torch.arange(tokens.shape[1])[None] >= lengths[:, None])
        a = whole._refill(condition, tokens, given, stream_a, whole.defaults, 3.0)
        b = eager._refill(condition, tokens, given, stream_b, eager.defaults, 3.0)
        _same(a, b)
        assert torch.equal(a[0][given], tokens[given]) and (a[0][~given] < whole.base.end_id).all()
        assert not torch.equal(a[0], tokens)
        tokens, probs = a[0], torch.where(given, probs, a[1])


@pytest.mark.parametrize("batch", [1, 3])
def test_editing_refill_equals_the_eager_loop(eager, whole, batch):
    """Editing's refill: a span (a different one per row) regenerated with END at the clip's length."""
    end, pad = whole.base.end_id, whole.base.pad_id
    g = torch.Generator().manual_seed(5)
    tokens = torch.randint(0, end, (batch, whole.window + 1), generator=g)
    tokens[:, 30] = end
    tokens[:, 31:] = pad
    given = torch.ones_like(tokens, dtype=torch.bool)
    for row in range(batch):
        given[row, 3 + 5 * row: 15 + 5 * row] = False
    out = whole._refill(_condition(whole, batch), tokens, given, torch.Generator().manual_seed(6), whole.defaults, 3.0)
    _same(out, eager._refill(_condition(eager, batch), tokens, given, torch.Generator().manual_seed(6), eager.defaults, 3.0))
    assert torch.equal(out[0][given], tokens[given]) and (out[1][given] == 1).all()
    assert not torch.equal(out[0], tokens)


def test_generation_and_edit_through_whole_passes_equal_the_eager_ones(eager, whole):
    """The product paths (generate, long motion, edit) with the whole passes give the eager clips."""
    whole.accelerated = False  # only the passes differ (no residual padding here)
    for prompt in (Prompt("a person walks", 100), Prompt("a person jumps", 300)):
        assert np.allclose(whole.generate([prompt], seed=7)[0], eager.generate([prompt], seed=7)[0], atol=1e-4)
    frames = whole.estimate_frames(["a person waves"], seed=2)
    assert frames == eager.estimate_frames(["a person waves"], seed=2)
    source = eager.generate_positions("a person walks", 80, seed=1)
    keep = range_mask(80, 20, 50)
    assert np.allclose(whole.edit(source, keep, "a person jumps", seed=3), eager.edit(source, keep, "a person jumps", seed=3), atol=1e-4)


def test_a_pass_whose_capture_fails_runs_on_the_fallback_steps(eager):
    """``_run``'s bookkeeping (on the CPU, where capture is replaced by a failure):
    every key falls back to the given steps (the eager cache here) and gives the eager tokens."""
    fallback = tiny_generator()
    fallback._graphed = GraphedPasses(fallback.base, steps=(fallback.base.start, fallback.base.feed))
    fallback._graphed._record = lambda run, inputs: None
    condition = _condition(fallback, 3)
    for lengths in (None, [7, 30, 49]):
        _same(fallback._autoregressive(condition, _streams(1)[0], _wide(fallback), lengths),
              eager._autoregressive(condition, _streams(1)[0], _wide(eager), lengths))
    assert [(key[0], key[1][0], key[2]) for key in fallback._graphed._passes] == [("autoregressive", 3, True), ("autoregressive", 3, False)]
    assert set(fallback._graphed._passes.values()) == {None}


def test_whole_passes_never_ask_the_host_for_a_value():
    """A CUDA graph cannot capture a host sync (``bool``, ``int``, ``.tolist()``
    of a tensor): the passes run on the meta device, where every such read raises."""
    from backend.samplers.autoregressive import autoregressive_pass, refill_pass

    with pytest.raises(Exception):
        bool(torch.zeros(2, device="meta").all())
    net = tiny_generator().base.to("meta")
    decoder = GraphedPasses(net, graphs=False).decoder
    meta = dict(device="meta")
    condition, noise = torch.zeros(2, 384, **meta), torch.rand(2, net.slots, net.end_id + 1, **meta)
    common = dict(end_id=net.end_id, keep_fraction=0.1, temperature=1.0)
    with torch.no_grad():
        for lengths in (None, torch.tensor([3, 49], **meta)):
            tokens, _, ends = autoregressive_pass(decoder.start, decoder.feed, condition, noise, lengths=lengths, pad_id=net.pad_id,
                                                  min_tokens=6, max_tokens=net.slots - 1, guidance=4.0, **common)
            assert tokens.shape == (2, net.slots) and ends.shape == (2,)
        tokens = torch.zeros(2, net.slots, dtype=torch.long, **meta)
        given = torch.zeros(2, net.slots, dtype=torch.bool, **meta)
        out, _ = refill_pass(decoder.start, decoder.feed, condition, tokens, given, noise, mask_id=net.mask_id, guidance=3.0, **common)
        assert out.shape == (2, net.slots)


def test_a_compiled_step_traces_whole_and_gives_the_same_tokens(eager, monkeypatch):
    """``compiled`` steps (traced by TorchDynamo; the "eager" backend here, no
    compiler on the test machine) give the uncompiled passes' tokens."""
    from backend.generators.bamm import fast

    monkeypatch.setattr(fast, "COMPILE_BACKEND", "eager")
    torch._dynamo.reset()
    compiled = tiny_generator()
    compiled._graphed = GraphedPasses(compiled.base, graphs=False, compiled=True)
    assert compiled._graphed.decoder.compiled
    condition = _condition(compiled, 2)
    for lengths in (None, [7, 30]):
        _same(compiled._autoregressive(condition, _streams(4)[0], _wide(compiled), lengths),
              eager._autoregressive(_condition(eager, 2), _streams(4)[0], _wide(eager), lengths))
