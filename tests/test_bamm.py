"""BAMM beyond the generator contract: the hybrid mask, the key/value cache,
the decoding loops, the training batches, the edit tasks and long motion."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.generators.bamm.config import BaseConfig
from backend.generators.bamm.generator import tiny_generator
from backend.generators.bamm.train import base_loss, corrupt_batch
from backend.generators.bamm.transformer import BAMMTransformer
from backend.generators.base import Prompt
from backend.generators.editing import range_mask
from backend.motion.features import recover_from_ric
from backend.samplers.autoregressive import autoregressive, refill

K = 16


@pytest.fixture(scope="module")
def net():
    torch.manual_seed(0)
    return BAMMTransformer(BaseConfig(width=32, layers=2, heads=2, ff=64, dropout=0.0), codebook_size=K).eval()


@pytest.fixture(scope="module")
def generator():
    return tiny_generator()


def _batch(net, visible_share, seed=0):
    g = torch.Generator().manual_seed(seed)
    seq = torch.randint(0, K, (3, net.slots), generator=g)
    visible = torch.rand(3, net.slots, generator=g) < visible_share
    return seq, visible, torch.where(visible, seq, net.mask_id), torch.randn(3, 384, generator=g)


@pytest.mark.parametrize("visible_share", [0.0, 0.5])
def test_cached_decoding_equals_the_training_pass(net, visible_share):
    seq, visible, context, text = _batch(net, visible_share)
    full = net(text, context, visible, seq[:, :-1])
    state, first = net.start(text, context if visible_share else None, visible if visible_share else None)
    pieces = [first[:, None], net.feed(state, seq[:, :7])]  # a chunk, then one position at a time
    pieces += [net.feed(state, seq[:, j: j + 1]) for j in range(7, net.slots - 1)]
    assert torch.allclose(torch.cat(pieces, 1), full, atol=1e-5)


def test_no_position_sees_a_token_it_predicts(net):
    """Changing hidden tokens at j and later never changes the scores of tokens 0..j."""
    seq, visible, context, text = _batch(net, 0.4, seed=1)
    before = net(text, context, visible, seq[:, :-1])
    for j in (0, 10, 30):
        changed = seq.clone()
        hidden_later = (torch.arange(net.slots)[None] >= j) & ~visible
        changed[hidden_later] = (changed[hidden_later] + 5) % K
        after = net(text, torch.where(visible, changed, net.mask_id), visible, changed[:, :-1])
        assert torch.allclose(before[:, : j + 1], after[:, : j + 1], atol=1e-5), j
        if j < 30:
            assert not torch.allclose(before[:, j + 1:], after[:, j + 1:], atol=1e-5)


def test_visible_conditions_reach_earlier_positions(net):
    """The bidirectional half of the mask: a later visible token changes the score of an earlier one."""
    seq, _, _, text = _batch(net, 0.0, seed=2)
    visible = torch.zeros_like(seq, dtype=torch.bool)
    visible[:, 40] = True
    a = net(text, torch.where(visible, seq, net.mask_id), visible, seq[:, :-1])
    seq2 = seq.clone()
    seq2[:, 40] = (seq2[:, 40] + 3) % K
    b = net(text, torch.where(visible, seq2, net.mask_id), visible, seq2[:, :-1])
    assert not torch.allclose(a[:, 5], b[:, 5], atol=1e-6)


def _loops(net):
    return dict(end_id=net.end_id, guidance=2.0, keep_fraction=0.5, temperature=1.0)


def test_autoregressive_pass_ends_where_told_or_where_it_chooses(net):
    text = torch.randn(4, 384)
    common = _loops(net)
    tokens, probs, lengths = autoregressive(net.start, net.feed, text, torch.Generator().manual_seed(0), pad_id=net.pad_id,
                                            min_tokens=6, max_tokens=net.slots - 1, lengths=torch.tensor([6, 10, 30, 49]), **common)
    assert lengths.tolist() == [6, 10, 30, 49]
    for row, n in enumerate(lengths.tolist()):
        assert (tokens[row, :n] < K).all() and tokens[row, n] == net.end_id and (tokens[row, n + 1:] == net.pad_id).all()
    assert ((probs > 0) & (probs <= 1)).all()
    _, _, free = autoregressive(net.start, net.feed, text, torch.Generator().manual_seed(1), pad_id=net.pad_id, min_tokens=6,
                                max_tokens=net.slots - 1, **common)
    assert ((free >= 6) & (free <= net.slots - 1)).all()


def test_refill_keeps_given_tokens_and_writes_codes_elsewhere(net):
    seq, _, _, text = _batch(net, 0.0, seed=3)
    seq[:, 30] = net.end_id
    seq[:, 31:] = net.pad_id
    given = torch.ones_like(seq, dtype=torch.bool)
    given[:, 5:12] = False
    given[1, 20:25] = False
    out, probs = refill(net.start, net.feed, text, seq, given, torch.Generator().manual_seed(0), mask_id=net.mask_id, **_loops(net))
    assert torch.equal(out[given], seq[given])
    assert (out[~given] < K).all() and (probs[given] == 1).all()


def test_training_batch_hides_what_it_scores():
    net = BAMMTransformer(BaseConfig(width=32, layers=1, heads=2, ff=64, dropout=0.0), codebook_size=K)
    g = torch.Generator().manual_seed(0)
    lengths = torch.randint(6, 50, (64,), generator=g)
    codes = torch.randint(0, K, (64, net.slots - 1), generator=g)
    u = torch.rand(64, 6 + 3 * net.slots, generator=g)
    b = corrupt_batch(net, codes, lengths, u)
    assert not (b["visible"] & b["loss_mask"]).any()
    assert torch.equal(b["context"][b["visible"]], b["seq"][b["visible"]])
    assert (b["context"][~b["visible"]] == net.mask_id).all()
    rows = torch.arange(64)
    autoregressive_rows = u[:, 0] >= net.config.bidirectional
    assert not b["visible"][autoregressive_rows].any()
    assert b["loss_mask"][rows[autoregressive_rows], lengths[autoregressive_rows]].all()  # END is scored
    assert b["visible"][rows[~autoregressive_rows], lengths[~autoregressive_rows]].all()  # bidirectional rows see the length
    loss, metrics = base_loss(net, net, torch.randn(64, 384), codes, lengths, u)
    assert torch.isfinite(loss) and 0 <= metrics["acc"] <= 1


@pytest.mark.parametrize("task,start,end", [("inpainting", 25, 75), ("prefix completion", 50, 100), ("suffix completion", 0, 50), ("one frame", 40, 41)])
def test_edit_tasks_keep_every_given_frame(generator, task, start, end):
    source = generator.generate_positions("a person walks", 100, seed=1)
    keep = range_mask(100, start, end)
    out = generator.edit(source, keep, "a person jumps", seed=2)
    assert out.shape == source.shape and np.array_equal(out[keep], source[keep]), task
    assert not np.array_equal(out[~keep], source[~keep])


def test_outpainting_regenerates_both_ends(generator):
    source = generator.generate_positions("a person walks", 100, seed=1)
    keep = np.zeros(100, bool)
    keep[30:70] = True
    out = generator.edit(source, keep, "a person waves", seed=2)
    assert np.array_equal(out[keep], source[keep]) and not np.array_equal(out[:30], source[:30])


def test_auto_length_continues_the_estimating_pass(generator):
    """estimate_frames then generate (the product's "auto" path) equals a fresh
    generator asked for that length: one autoregressive pass, reused."""
    frames = generator.estimate_frames(["a person walks"], seed=5)[0]
    reused = generator.generate([Prompt("a person walks", frames)], seed=5)[0]
    fresh = tiny_generator().generate([Prompt("a person walks", frames)], seed=5)[0]
    assert reused.shape == (frames, 263)
    assert np.allclose(reused, fresh, atol=1e-4)


def test_long_motion_is_continuous(generator):
    out = generator.generate([Prompt("a person walks", 600)], seed=0)[0]
    assert out.shape == (600, 263) and np.isfinite(out).all()
    positions = recover_from_ric(out)
    jumps = np.linalg.norm(np.diff(positions, axis=0), axis=-1).max(1)
    assert jumps.max() < 1.0  # metres per frame: no teleport where windows meet


def test_static_cache_path_equals_the_eager_cache(net):
    """The GPU fast path's static buffers (run without graphs here) score like the eager cache."""
    from backend.generators.bamm.fast import GraphedDecoder

    decoder = GraphedDecoder(net, graphs=False)
    for visible_share in (0.0, 0.5):
        seq, visible, context, text = _batch(net, visible_share, seed=4)
        args = (context, visible) if visible_share else (None, None)
        eager_state, eager_first = net.start(text, *args)
        static_state, static_first = decoder.start(text, *args)
        assert torch.allclose(eager_first, static_first, atol=1e-5)
        eager = torch.cat([net.feed(eager_state, seq[:, :3]), net.feed(eager_state, seq[:, 3:20])], 1)
        static = torch.cat([decoder.feed(static_state, seq[:, :3]), decoder.feed(static_state, seq[:, 3:20])], 1)
        assert torch.allclose(eager, static, atol=1e-5)


def test_fast_path_generation_matches_eager(generator):
    """The accelerated generator (static cache, residual padded to one window;
    graphs off on the CPU) makes the same clips as the eager one."""
    from backend.generators.bamm.fast import GraphedDecoder

    fast = tiny_generator()
    decoder = GraphedDecoder(fast.base, graphs=False)
    fast._start, fast._feed, fast.accelerated = decoder.start, decoder.feed, True
    prompts = [Prompt("a person walks", 60)]
    assert np.allclose(fast.generate(prompts, seed=7)[0], generator.generate(prompts, seed=7)[0], atol=1e-4)
    source = generator.generate_positions("a person walks", 80, seed=1)
    keep = range_mask(80, 20, 50)
    assert np.allclose(fast.edit(source, keep, "a person jumps", seed=3), generator.edit(source, keep, "a person jumps", seed=3), atol=1e-4)


def test_shipped_pack_shares_momask_parts_and_says_when_they_are_missing(tmp_path):
    """The shipped BAMM packs read MoMask's tokenizer and residual transformer
    from the MoMask pack beside them (hash-checked); a self-contained copy of
    the same model loads to the same weights."""
    import shutil
    from pathlib import Path

    from backend.generators.bamm.weights import load_model, save_pack
    from backend.generators.packs import PackError
    from backend.generators.registry import pack_folder

    shipped = Path(pack_folder("bamm"))
    model, info = load_model(shipped)
    assert info["shared"]["generator"] == "momask" and info["shared"]["pack"] == "default"
    alone = tmp_path / "alone" / "bamm" / "default"
    save_pack(model, alone, {k: v for k, v in info.items() if k not in ("config", "shared")})
    copy, copy_info = load_model(alone)
    assert "shared" not in copy_info
    own, theirs = model.state_dict(), copy.state_dict()
    assert all(torch.equal(own[k], theirs[k]) for k in own if ".ema_" not in k)

    moved = tmp_path / "moved"
    shutil.copytree(shipped, moved / "bamm" / "default")
    with pytest.raises(PackError, match="MoMask's 'default' pack, which is not installed"):
        load_model(moved / "bamm" / "default")
    shutil.copytree(Path(pack_folder("momask")), moved / "momask" / "default")
    assert load_model(moved / "bamm" / "default")[1]["shared"]["pack"] == "default"
    damaged = sorted((moved / "momask" / "default").glob("momask-*.safetensors"))[0]
    data = bytearray(damaged.read_bytes())
    data[-1] ^= 1
    damaged.write_bytes(bytes(data))
    with pytest.raises(PackError, match="not the one it was packed with"):
        load_model(moved / "bamm" / "default")


def test_tokenize_reads_the_shared_generators_pack(tmp_path):
    """``bamm tokenize`` builds its model from a pack of the generator the
    registry names for it (``SHARES_WITH``): the tokenizer, residual
    transformer and normalisation come from that pack (hash-checked), and a
    pack of anything else is refused with its name."""
    from backend.generators import registry
    from backend.generators.bamm.config import BAMMConfig
    from backend.generators.bamm.weights import load_shared, shared_generator
    from backend.generators.momask.config import tiny_config
    from backend.generators.momask.model import MoMask
    from backend.generators.momask.weights import save_pack as save_momask
    from backend.generators.packs import PackError

    assert shared_generator() == registry.shares_with("bamm") == "momask"
    source = MoMask(tiny_config())
    with torch.no_grad():
        source.mean.uniform_(-1, 1)
        source.std.uniform_(0.5, 2)
    folder = tmp_path / "momask" / "default"
    save_momask(source, folder, {"text_encoder": {"id": "x"}})
    model, info = load_shared(folder)
    assert model.config == BAMMConfig.sharing(tiny_config().to_dict())
    assert model.config.residual == tiny_config().residual and model.config.tokenizer == tiny_config().tokenizer
    theirs = source.state_dict()
    for name, value in model.state_dict().items():
        if name.startswith(("tokenizer.", "residual.", "mean", "std")) and ".ema_" not in name:
            want = theirs[name].half().float() if value.is_floating_point() else theirs[name]
            assert torch.equal(value, want), name
    assert "files" in info

    with pytest.raises(PackError, match="missing"):
        load_shared(tmp_path / "elsewhere")
    damaged = sorted(folder.glob("momask-*.safetensors"))[0]
    data = bytearray(damaged.read_bytes())
    data[-1] ^= 1
    damaged.write_bytes(bytes(data))
    with pytest.raises(PackError):
        load_shared(folder)
