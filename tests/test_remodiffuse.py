"""ReMoDiffuse: hybrid retrieval scores, the retrieval database (build, int8
storage, principal components, save/load and its checks), weight packs with
their database, the condition mixture, inpainting in DDIM, the tiny
generator's retrieval switch and batching, and the no-retrieval bench row.
Tiny configs and synthetic data only (CPU, seconds)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
import torch

from backend.bench.rows import generator_rows
from backend.bench.variants import variant_of
from backend.data.items import TextMotionItem, TextMotionSplit
from backend.generators import registry
from backend.generators.base import Prompt
from backend.generators.packs import PackError
from backend.generators.remodiffuse.config import tiny_config
from backend.generators.remodiffuse.database import (FILE, RetrievalDatabase, basis_hash, build_database, principal_components,
                                                     scores, top)
from backend.generators.remodiffuse.generator import RemoGenerator, tiny_database, tiny_generator
from backend.generators.remodiffuse.options import RemoOptions
from backend.generators.remodiffuse.sampling import branch_batch, ddim_motion, mixture_weights
from backend.generators.remodiffuse.weights import load_model, save_pack
from backend.generators.text_input import hashed_vectors

ENCODER = {"id": "minilm-test", "weights_sha256": "ab" * 32}
TEXT_DIM = 16


@pytest.fixture(scope="module")
def generator():
    return tiny_generator()


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_scores_are_cosine_times_length_penalty():
    rng = np.random.default_rng(0)
    text = unit(rng.normal(size=(5, 8)))
    lengths = np.array([40, 40, 196, 24, 100])
    query = rng.normal(size=(2, 8)) * 3.0  # not unit: the score uses its direction
    requested = np.array([40, 180])
    lam = 0.7
    got = scores(torch.tensor(text, dtype=torch.float32), torch.tensor(lengths), torch.tensor(query, dtype=torch.float32),
                 torch.tensor(requested), lam).numpy()
    cos = unit(query) @ text.T
    l_i, l = lengths[None].astype(float), requested[:, None].astype(float)
    expected = cos * np.exp(-lam * np.abs(l_i - l) / np.maximum(l_i, l))
    np.testing.assert_allclose(got, expected, atol=1e-5)
    assert got[0, 0] == pytest.approx(cos[0, 0], abs=1e-6)  # L == l_i: no penalty
    assert abs(got[0, 2]) < abs(cos[0, 2]) * np.exp(-lam * 0.79)  # 40 vs 196 frames: strongly damped


def test_top_is_best_first_and_never_returns_an_excluded_entry():
    rng = np.random.default_rng(1)
    text = torch.tensor(unit(rng.normal(size=(8, 6))), dtype=torch.float32)
    lengths = torch.tensor([30, 60, 90, 120, 150, 180, 40, 70])
    query = torch.tensor(rng.normal(size=(3, 6)), dtype=torch.float32)
    requested = torch.tensor([50, 100, 190])
    s = scores(text, lengths, query, requested, 0.3).numpy()
    best = top(text, lengths, query, requested, k=3, length_weight=0.3).numpy()
    assert np.array_equal(best, np.argsort(-s, axis=1)[:, :3])
    exclude = torch.zeros(3, 8, dtype=torch.bool)
    exclude[:, best[:, 0]] = True  # every row's best entries, plus entry 5 for row 2
    exclude[2, 5] = True
    kept = top(text, lengths, query, requested, k=3, length_weight=0.3, exclude=exclude).numpy()
    for b in range(3):
        assert not exclude[b, kept[b]].any()
        allowed = np.where(exclude[b].numpy(), -np.inf, s[b])
        assert np.array_equal(kept[b], np.argsort(-allowed)[:3])


def caption_vectors(captions):
    """A toy text encoder: a fixed random vector per caption (not unit length)."""
    return np.stack([np.random.default_rng(int(hashlib.sha256(c.encode()).hexdigest()[:8], 16)).normal(size=TEXT_DIM) * 2.0
                     for c in captions])


def synthetic_split(name="train"):
    rng = np.random.default_rng(2)
    spec = [("cmu", "t1", 30), ("cmu", "t1", 57), ("cmu", "t2", 250), ("bandai", "t1", 9), ("cmu", "t3", 100)]
    items = tuple(TextMotionItem(name=f"clip{i}", features=(rng.normal(size=(n, 263)) * 2 + 1).astype(np.float32),
                                 captions=(f"caption {i} a", f"caption {i} b"), source=source, split=name, take=take)
                  for i, (source, take, n) in enumerate(spec))
    stacked = np.concatenate([i.features for i in items])
    return TextMotionSplit(name, items, stacked.mean(0).astype(np.float32), stacked.std(0).astype(np.float32))


def build(split, stride=4, max_frames=196, components=6):
    basis, centre = principal_components([i.features for i in split.items], split.mean, split.std, stride=stride, components=components)
    db = build_database(split, caption_vectors, mean=split.mean, std=split.std, basis=basis, centre=centre, stride=stride,
                        max_frames=max_frames, meta={"text_encoder": ENCODER})
    return db, basis, centre


def test_build_database_refuses_any_split_but_training():
    with pytest.raises(ValueError, match="training split"):
        build(synthetic_split("val"))


def test_build_database_stores_unit_texts_strided_rows_and_takes():
    split = synthetic_split()
    db, basis, centre = build(split)
    frames = np.array([min(i.frames, 196) for i in split.items])
    assert np.array_equal(db.lengths, frames)
    assert np.array_equal(np.diff(db.offsets), -(-frames // 4)) and db.offsets[0] == 0 and db.offsets[-1] == len(db.motion_codes)
    assert db.text_codes.dtype == np.int8 and db.motion_codes.dtype == np.int8
    np.testing.assert_allclose(np.linalg.norm(db.text, axis=1), 1.0, atol=0.02)
    for i, item in enumerate(split.items):
        captions = unit(caption_vectors(list(item.captions)))
        assert unit(captions.mean(0)) @ unit(db.text[i]) > 0.999
        expected = (((item.features[:196] - split.mean) / split.std)[::4] - centre) @ basis.T
        error = np.abs(db.motion(i) - expected)
        assert error.max() <= db.motion_scales.max() * 0.5 + 1e-5  # half an int8 step
        assert error.max() < 0.01 * np.abs(expected).max()
    assert db.takes[0] == db.takes[1] and len({db.takes[0], db.takes[2], db.takes[3], db.takes[4]}) == 4  # bandai:t1 is another take
    assert db.meta["basis"] == basis_hash(basis) and db.meta["text_encoder"] == ENCODER and db.meta["entries"] == 5


def test_principal_components_are_orthonormal_and_recover_a_low_rank_signal():
    rng = np.random.default_rng(3)
    mixing = rng.normal(size=(3, 263))
    offset = rng.normal(size=263) * 5
    features = [rng.normal(size=(n, 3)) @ mixing + offset for n in (80, 120, 60)]
    mean, std = np.zeros(263), np.ones(263)
    basis, centre = principal_components(features, mean, std, stride=2, components=3)
    assert basis.shape == (3, 263) and np.array_equal(basis, basis.astype(np.float16).astype(np.float32))
    np.testing.assert_allclose(basis @ basis.T, np.eye(3), atol=3e-3)
    x = np.concatenate([f[::2] for f in features])
    rebuilt = ((x - centre) @ basis.T) @ basis + centre
    assert np.abs(rebuilt - x).max() < 0.02 * np.abs(x - centre).max()


def test_database_save_load_round_trip_is_bit_identical(tmp_path):
    db, _, _ = build(synthetic_split())
    db.save(tmp_path)
    again = RetrievalDatabase.load(tmp_path)
    for name in ("text_codes", "text_scales", "motion_codes", "motion_scales", "offsets", "lengths", "takes"):
        a, b = getattr(db, name), getattr(again, name)
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), name
    assert again.meta == db.meta


def test_load_refuses_an_inconsistent_database(tmp_path):
    db, _, _ = build(synthetic_split())
    db.offsets = db.offsets.copy()
    db.offsets[-1] += 3  # claims rows the file does not hold
    db.save(tmp_path)
    with pytest.raises(ValueError, match="inconsistent"):
        RetrievalDatabase.load(tmp_path)
    (tmp_path / FILE).unlink()
    with pytest.raises(FileNotFoundError, match="missing"):
        RetrievalDatabase.load(tmp_path)


def test_load_refuses_a_truncated_database_with_a_clear_error(tmp_path):
    db, _, _ = build(synthetic_split())
    path = db.save(tmp_path)
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(ValueError, match="unreadable"):
        RetrievalDatabase.load(tmp_path)


def test_check_refuses_another_text_encoder_or_basis():
    db, basis, _ = build(synthetic_split())
    db.check(encoder=ENCODER, basis=basis, where="db")
    with pytest.raises(ValueError, match=r"text encoder 'minilm-test'.*'other'.*rebuild it \(python -m backend remodiffuse database\)"):
        db.check(encoder={"id": "other", "weights_sha256": ENCODER["weights_sha256"]}, basis=basis, where="db")
    with pytest.raises(ValueError, match="text encoder"):
        db.check(encoder={"id": ENCODER["id"], "weights_sha256": "00"}, basis=basis, where="db")
    with pytest.raises(ValueError, match="other principal components.*rebuild it"):
        db.check(encoder=ENCODER, basis=basis[::-1], where="db")


def save_tiny_pack(folder):
    config = tiny_config()
    model = tiny_generator().model
    with torch.no_grad():
        model.basis.copy_(torch.randn(model.basis.shape))
    db = tiny_database(config)
    db.meta = {"text_encoder": ENCODER, "basis": basis_hash(model.basis.numpy()), "build": "synthetic"}
    save_pack(model, folder, {"text_encoder": ENCODER}, db)
    return model, db


def test_weight_pack_round_trip_with_its_database(tmp_path):
    model, db = save_tiny_pack(tmp_path)
    loaded, info, loaded_db = load_model(tmp_path)
    assert info["database"]["entries"] == len(db) and info["database"]["build"] == "synthetic"
    for name, value in model.state_dict().items():
        assert torch.equal(loaded.state_dict()[name].float(), value.half().float()), name
    assert loaded_db.motion_codes.tobytes() == db.motion_codes.tobytes() and loaded_db.meta == db.meta
    generator = RemoGenerator.load(tmp_path, text=hashed_vectors(), device=torch.device("cpu"))
    assert np.isfinite(generator.generate([Prompt("a person walks", 30)], generator.options(steps=2), seed=0)[0]).all()


def test_weight_pack_refuses_a_damaged_or_missing_database(tmp_path):
    save_tiny_pack(tmp_path)
    path = tmp_path / FILE
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(PackError, match="hash"):
        load_model(tmp_path)
    path.unlink()
    with pytest.raises(PackError, match="database is missing"):
        load_model(tmp_path)


def test_options_check_shares_and_mixture_weights():
    with pytest.raises(ValueError, match="sum to 1"):
        RemoOptions(share_text=0.5)
    with pytest.raises(ValueError, match="sum to 1"):
        RemoOptions().override(share_text_retrieval=0.2)
    options = RemoOptions().override(guidance=4.0, share_text_retrieval=0.5, share_text=0.3, share_retrieval=0.2)
    assert options.guidance == 4.0 and options.shares == (0.5, 0.3, 0.2)
    weights = mixture_weights(options.guidance, options.shares)
    assert sum(weights) == pytest.approx(1.0)
    np.testing.assert_allclose(weights[:3], [2.0, 1.2, 0.8])
    assert weights[3] == pytest.approx(-3.0)


def conditions_of(generator, frames):
    text = generator._condition(["a person walks"] * len(frames))
    return generator.model.denoiser.conditions(text, generator.retrieved_inputs(generator.retrieve(text, frames)))


def test_branch_batch_runs_only_branches_with_weight(generator):
    conditions = conditions_of(generator, [30, 40])
    mask = torch.ones(2, 40, dtype=torch.bool)
    repeated, frame_mask, text_on, retrieval_on, weights = branch_batch(conditions, mask, mixture_weights(2.5, (1.0, 0.0, 0.0)))
    assert weights == [2.5, pytest.approx(-1.5)]
    assert text_on.tolist() == [True, True, False, False] and retrieval_on.tolist() == [True, True, False, False]
    assert frame_mask.shape == (4, 40) and all(r.shape[0] == 4 for r in repeated)
    assert torch.equal(repeated[0][2:], conditions[0])
    _, _, text_on, retrieval_on, weights = branch_batch(conditions, mask, mixture_weights(2.0, (0.5, 0.25, 0.25)))
    assert len(weights) == 4 and text_on.tolist() == [True] * 4 + [False] * 4
    assert retrieval_on.tolist() == [True] * 2 + [False] * 2 + [True] * 2 + [False] * 2
    assert len(branch_batch(conditions, mask, mixture_weights(1.0, (1.0, 0.0, 0.0)))[4]) == 1  # w4 = 0 too


def test_ddim_motion_returns_the_known_frames_it_keeps(generator):
    frames = 32
    branches = branch_batch(conditions_of(generator, [frames]), torch.ones(1, frames, dtype=torch.bool), mixture_weights(2.5, (1, 0, 0)))
    gen = torch.Generator().manual_seed(0)
    noise, known = torch.randn(1, frames, 263, generator=gen), torch.randn(1, frames, 263, generator=gen)
    keep = torch.zeros(1, frames, dtype=torch.bool)
    keep[0, :10] = keep[0, 25:] = True
    with torch.no_grad():
        out = ddim_motion(generator.model.denoiser, generator.schedule, noise, branches, steps=3, known=known, keep=keep)
    assert torch.equal(out[keep], known[keep])
    assert (out[~keep] - known[~keep]).abs().mean() > 0.1


def test_turning_retrieval_off_changes_the_clip(generator):
    prompt = [Prompt("a person walks", 40)]
    with_retrieval = generator.generate(prompt, seed=1)[0]
    without = generator.generate(prompt, generator.options().override(retrieval=False), seed=1)[0]
    assert np.isfinite(without).all() and not np.allclose(with_retrieval, without)


def test_smoothing_removes_frame_to_frame_jitter_and_keeps_a_constant():
    from backend.generators.smoothing import smooth_frames

    rng = np.random.default_rng(0)
    t = np.linspace(0, 4 * np.pi, 120)[:, None]
    clean = np.sin(t) * np.ones((1, 3))
    noisy = (clean + 0.05 * rng.normal(size=clean.shape)).astype(np.float32)
    smoothed = smooth_frames(noisy, 0.75)
    assert smoothed.dtype == np.float32 and smoothed.shape == noisy.shape
    assert np.abs(np.diff(smoothed, 3, axis=0)).mean() < 0.3 * np.abs(np.diff(noisy, 3, axis=0)).mean()
    assert np.abs(smoothed - clean).mean() < np.abs(noisy - clean).mean()
    constant = np.full((10, 4), 2.5, dtype=np.float32)
    np.testing.assert_allclose(smooth_frames(constant, 1.5), constant, rtol=1e-6)
    assert smooth_frames(noisy, 0.0) is noisy


def test_the_smooth_option_smooths_samples_and_edits_keep_their_frames(generator):
    prompt = [Prompt("a person walks", 40)]
    raw = generator.generate(prompt, generator.options(steps=3).override(smooth=0.0), seed=1)[0]
    smoothed = generator.generate(prompt, generator.options(steps=3).override(smooth=1.0), seed=1)[0]
    assert np.abs(np.diff(smoothed, 2, axis=0)).mean() < np.abs(np.diff(raw, 2, axis=0)).mean()
    source = generator.generate_positions("a person walks", 48, generator.options(steps=3), seed=2)
    keep = np.ones(48, dtype=bool)
    keep[12:30] = False
    edited = generator.edit(source, keep, "someone jumps", generator.options(steps=3).override(smooth=1.0), seed=3)
    assert np.array_equal(edited[keep], source[keep])
    with pytest.raises(ValueError):
        RemoOptions().override(smooth=-1.0)


def test_a_database_smaller_than_top_k_still_samples(generator):
    small = RemoGenerator(model=generator.model, database=tiny_database(generator.config, entries=1), text=generator.text,
                          device=torch.device("cpu"))
    assert np.isfinite(small.generate([Prompt("a person walks", 40)], small.options(steps=2), seed=1)[0]).all()


def test_batching_does_not_change_a_clip(generator):
    options = generator.options(steps=5)
    pair = generator.generate([Prompt("a person walks", 40), Prompt("someone jumps", 64)], options, seed=2)
    alone = generator.generate([Prompt("a person walks", 40)], options, seed=2)[0]
    # The second clip beside a longer, different neighbour (noise is drawn per position in the batch).
    beside = generator.generate([Prompt("a person sits down", 120), Prompt("someone jumps", 64)], options, seed=2)[1]
    np.testing.assert_allclose(pair[0], alone, atol=1e-5)
    np.testing.assert_allclose(pair[1], beside, atol=1e-5)
    assert not np.allclose(pair[0], pair[1][:40])


def test_generate_in_small_batches_gives_the_same_clips(generator, monkeypatch):
    from backend.generators.remodiffuse import generator as module

    options = generator.options(steps=5)
    prompts = [Prompt(f"a person walks {i}", 30 + 9 * i) for i in range(5)]
    whole = generator.generate(prompts, options, seed=4)
    monkeypatch.setattr(module, "GENERATE_BATCH", 2)
    batched = generator.generate(prompts, options, seed=4)
    for a, b in zip(whole, batched, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_length_estimates_lie_in_the_generators_range(generator):
    frames = generator.estimate_frames(["a person walks", "someone jumps", "a long dance"] * 4, seed=0)
    assert all(generator.min_frames <= f <= generator.max_frames for f in frames), frames


def test_bench_lists_the_no_retrieval_row_for_an_installed_pack(tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "ASSETS", tmp_path / "no_bundled_packs")  # bundled packs come and go
    folder = tmp_path / "remodiffuse" / "default"
    folder.mkdir(parents=True)
    assert "remodiffuse_noretrieval" not in generator_rows(root=tmp_path)
    (folder / "remodiffuse.json").write_text("{}")
    rows = generator_rows(root=tmp_path)
    assert rows["remodiffuse_noretrieval"] == ("remodiffuse", "default", "noretrieval")
    assert rows["remodiffuse_steps10"] == ("remodiffuse", "default", "steps10")


def test_no_retrieval_variant_samples_without_retrieval(generator, monkeypatch):
    seen = []

    def fake(prompts, options, *, seed):
        seen.append(options)
        return [np.zeros((p.frames, 263), np.float32) for p in prompts]

    monkeypatch.setattr(generator, "_generate", fake)
    variant = variant_of(generator, "noretrieval")
    assert variant.name == "remodiffuse_noretrieval"
    variant.generate([Prompt("a person walks", 30)], seed=0)
    variant.generate([Prompt("a person walks", 30)], generator.options(guidance=4.0), seed=0)
    assert [o.retrieval for o in seen] == [False, False]
    assert seen[0] == generator.defaults.override(retrieval=False) and seen[1].guidance == 4.0
    with pytest.raises(ValueError, match="no bench variant"):
        variant_of(generator, "nosuch")


def test_denoiser_traces_as_one_graph_for_the_compiled_fast_path():
    """``accelerate(compiled=True)`` hands the denoiser to ``torch.compile``
    inside the recorded sampling loops: it must trace as one graph (a graph
    break would split the fused kernels and can stop CUDA-graph capture) and
    give the same result (traced here with the eager backend: no compiler)."""
    generator = tiny_generator()
    net, config = generator.model.denoiser, generator.config
    text = torch.randn(1, config.denoiser.text_dim)
    retrieved = generator.retrieved_inputs(generator.retrieve(text, [40]))
    conditions = net.conditions(text, retrieved)
    frame_mask = torch.arange(48)[None] < 40
    c, mask, text_on, retrieval_on, weights = branch_batch(conditions, frame_mask, mixture_weights(2.0, (0.5, 0.25, 0.25)))
    x = torch.randn(len(weights), 48, config.denoiser.feature_dim)
    t = torch.full((len(weights),), 300)
    with torch.no_grad():
        want = net(x, t, mask, c, text_on, retrieval_on)
        got = torch.compile(net, dynamic=False, fullgraph=True, backend="eager")(x, t, mask, c, text_on, retrieval_on)
    assert torch.equal(got, want)


def test_step_independent_work_computed_once_gives_the_same_x0():
    """A sampling call computes the stylization scales and shifts of every
    step in one batch (``step_modulations``) and the condition keys once
    (``Denoiser.conditions``): the denoiser's output is the one it computes
    from the timestep itself, and differs at another step (so the check is
    not vacuous)."""
    from backend.generators.remodiffuse.sampling import step_modulations

    torch.manual_seed(0)
    g = tiny_generator()
    net = g.model.denoiser.eval()
    for module in net.modules():  # the tiny model's zero-initialised outputs would hide a wrong modulation
        if isinstance(module, torch.nn.Linear):
            torch.nn.init.normal_(module.weight, std=0.2)
    text = torch.randn(2, g.config.denoiser.text_dim)
    frames = [g.max_frames, g.max_frames - 4]
    branches = branch_batch(net.conditions(text, g.retrieved_inputs(g.retrieve(text, frames))),
                            torch.arange(g.max_frames)[None] < torch.tensor(frames)[:, None], mixture_weights(2.5, (0.7, 0.0, 0.3)))
    conditions, frame_mask, text_on, retrieval_on, _ = branches
    x = torch.randn(len(text_on), g.max_frames, g.config.denoiser.feature_dim)
    points = [900, 500, 100]
    with torch.no_grad():
        modulations = step_modulations(net, points, branches, x.dtype)
        for i, t in enumerate(points):
            tt = torch.full((len(x),), t)
            direct = net(x, tt, frame_mask, conditions, text_on, retrieval_on)
            assert torch.allclose(net(x, tt, frame_mask, conditions, text_on, retrieval_on, modulations[i]), direct, atol=1e-5)
        other = net(x, torch.full((len(x),), points[0]), frame_mask, conditions, text_on, retrieval_on, modulations[1])
        assert not torch.allclose(other, net(x, torch.full((len(x),), points[0]), frame_mask, conditions, text_on, retrieval_on), atol=1e-3)
