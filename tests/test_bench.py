"""The benchmark harness with the shipped evaluator: the real-motion sanity
generator scores like the real row, the random one clearly worse."""

from __future__ import annotations

import pytest

from backend.bench.quality import QualityBench, QualityConfig
from backend.bench.run import render_table, sentence_vector_source
from backend.bench.sanity import RandomTrainingMotion, RealMotion
from backend.bench.scorer import Scorer
from backend.data.build import build
from backend.data.config import PRESETS
from backend.data.dataset import load_build
from backend.eval.weights import load_evaluator, load_recogniser
from backend.train.distributed import pick_device


@pytest.fixture(scope="module")
def bench_build(tmp_path_factory, cmu_folder, bandai_folders):
    return build(PRESETS["default"].with_(name="bench", limit_per_source=10), out_dir=tmp_path_factory.mktemp("bench") / "bench", workers=2)


def test_sanity_generators_prove_the_harness(bench_build):
    evaluator, info = load_evaluator()
    recogniser, _ = load_recogniser()
    scorer = Scorer(evaluator=evaluator, recogniser=recogniser, sentence_vectors=sentence_vector_source(bench_build, info), device=pick_device("cpu"))
    test = load_build(bench_build, "test")
    bench = QualityBench(test, scorer, QualityConfig(repeats=3, mm_texts=5, mm_generations=4, mm_repeats=1))
    real = bench.run(None)["all"]
    same = bench.run(RealMotion(test))["all"]
    random = bench.run(RandomTrainingMotion(load_build(bench_build, "train")))["all"]
    for key in ("top1", "top3", "mm_dist", "diversity", "content_acc"):
        assert same[key] == pytest.approx(real[key], abs=1e-6), key
    assert same["fid"] < 1e-6 and same["mmodality"] == 0.0
    assert random["top3"] < real["top3"] - 0.2
    assert random["fid"] > 0.01 and random["mm_dist"] > real["mm_dist"] + 0.1
    assert real["top3"] > 0.5  # the evaluator matches real text and motion
    table = render_table({"real": {**real, "measured": {"device": "cpu", "date": "d", "commit": "c", "command": "x"}}, "generators": {}})
    assert "real test data" in table


def test_fid_floor_rows_retrieve_by_caption_and_loop_to_length(bench_build):
    import numpy as np

    from backend.bench.sanity import RetrievalMotion, ValidationMotion, _loop
    from backend.generators.base import Prompt

    assert np.array_equal(_loop(np.arange(3)[:, None], 7)[:, 0], [0, 1, 2, 0, 1, 2, 0])
    evaluator, info = load_evaluator()
    recogniser, _ = load_recogniser()
    vectors = sentence_vector_source(bench_build, info)
    scorer = Scorer(evaluator=evaluator, recogniser=recogniser, sentence_vectors=vectors, device=pick_device("cpu"))
    train, test = load_build(bench_build, "train"), load_build(bench_build, "test")
    retrieval = RetrievalMotion(train, vectors)
    item = train.items[0]
    clip = retrieval.generate([Prompt(item.captions[0], 3 * len(item.features))], seed=0)[0]
    assert len(clip) == 3 * len(item.features)
    bench = QualityBench(test, scorer, QualityConfig(repeats=2, mm_repeats=0))
    scores = bench.run(retrieval)["all"]
    random = bench.run(RandomTrainingMotion(train))["all"]
    assert scores["top3"] > random["top3"] and scores["content_acc"] > random["content_acc"]
    real_val = bench.run(ValidationMotion(load_build(bench_build, "val", mirrored=False)))["all"]
    assert real_val["fid"] > 0


def test_task_rows_with_a_tiny_generator(bench_build):
    """Estimated-length and in-betweening rows run through the quality bench;
    every in-between keeps its kept frames and reports both seams."""
    import numpy as np

    from backend.bench.tasks import EditTask, EstimatedLength, inbetween_mask, length_report, real_jump_p99, real_zone_p99
    from backend.generators.base import Prompt
    from backend.motion.features import recover_from_ric
    from backend.generators import registry

    generator = registry.tiny_generator("momask")
    evaluator, info = load_evaluator()
    recogniser, _ = load_recogniser()
    test = load_build(bench_build, "test")
    scorer = Scorer(evaluator=evaluator, recogniser=recogniser, sentence_vectors=sentence_vector_source(bench_build, info), device=pick_device("cpu"))
    bench = QualityBench(test, scorer, QualityConfig(repeats=1, mm_repeats=0))

    autolen = EstimatedLength(generator)
    out = autolen.generate([Prompt("a person walks", 40), Prompt("a person jumps", 40)], seed=0)
    assert all(generator.min_frames <= len(o) <= generator.max_frames for o in out)
    scores = bench.run(autolen)["all"]
    assert np.isfinite(scores["fid"]) and scores["mmodality"] is None

    report = length_report(generator, test)
    assert report["pairs"] == sum(len(i.captions) for i in test.items)
    assert 0 <= report["top1_acc"] <= report["within_1_token_acc"] <= 1

    from backend.bench.tasks import FootLocked

    locked = FootLocked(generator).generate([Prompt("a person walks", 48)], seed=0)
    assert locked[0].shape == (48, 263) and np.isfinite(locked[0]).all()

    task = EditTask(generator, test, "inbetween")
    item = test.items[0]
    frames = min(len(item.features) // 4 * 4, generator.max_frames)
    edited = task.generate([Prompt(item.captions[0], frames, item.name)], seed=1)[0]
    assert edited.shape == (frames, 263) and np.isfinite(edited).all()
    assert len(task.seams) == 2 and len(task.zones) == 2
    keep = inbetween_mask(frames)
    source = recover_from_ric(item.features[:frames]).astype(np.float32)
    again = generator.edit(source, keep, item.captions[0], seed=100_003 * 1)
    assert np.array_equal(again[keep], source[keep])
    assert bench.run(task)["all"]["top3"] >= 0
    seams = task.seam_report(real_jump_p99(test), real_zone_p99(test))
    assert 0 <= seams["seams_within_real_p99"] <= 1 and seams["real_jump_p99_m"] > 0
    assert 0 <= seams["zones_within_real_p99"] <= 1 and seams["real_zone_p99_m"] >= seams["real_jump_p99_m"]


def test_seam_sweep_batches_edits_and_keeps_its_draws(bench_build):
    """The seam sweep hands each length's ranges to ``edit_many`` in one
    batch: the same ranges, captions and seeds as one edit at a time, the same
    jumps, and kept frames bit-identical."""
    import numpy as np

    from backend.bench.seams import LENGTHS, seam_sweep
    from backend.generators import registry

    generator = registry.tiny_generator("mld")
    test = load_build(bench_build, "test")
    if not [i for i in test.items if len(i.features) >= 2 * max(LENGTHS)]:
        pytest.skip("the fixture build has no clip long enough for the sweep")

    class OneAtATime:
        def __init__(self, inner):
            self.inner, self.max_frames, self.calls = inner, inner.max_frames, 0

        def edit_many(self, sources, keeps, texts, options=None, *, seeds):
            self.calls += 1
            return [self.inner.edit(s, k, t, seed=e) for s, k, t, e in zip(sources, keeps, texts, seeds)]

    batched = seam_sweep(generator, test, ranges_per_length=1)
    single = OneAtATime(generator)
    alone = seam_sweep(single, test, ranges_per_length=1)
    assert single.calls == len(LENGTHS) and batched["ranges"] == len(LENGTHS)
    assert batched["kept_frames_bit_identical"] and alone["kept_frames_bit_identical"]
    for a, b in zip(batched["by_length"], alone["by_length"], strict=True):
        assert np.allclose([a["median_m"], a["max_m"], a["zone_max_m"]], [b["median_m"], b["max_m"], b["zone_max_m"]], atol=1e-4)


def test_paraphrase_set_covers_every_label_and_stays_out_of_training():
    import json
    from pathlib import Path

    from backend.bench.prompts import PROMPTS_FILE, load_prompts, ngram_overlap, side

    single, composite = load_prompts()
    rec = json.loads((Path(__file__).resolve().parents[1] / "backend" / "assets" / "evaluator" / "recogniser.json").read_text())["config"]
    assert len(single) + len(composite) >= 150 and len(composite) >= 30
    assert {p[1] for p in single} == set(rec["contents"]) and {p[2] for p in single if p[2]} == set(rec["styles"])
    assert {side(p[1]) for p in single} == {"left", "right", None}
    assert all(c[2] in rec["contents"] and c[3] in rec["contents"] and c[0].startswith(c[1]) for c in composite), "base = the composite without its second action"
    root = Path(__file__).resolve().parents[1] / "backend"
    users = [p for p in root.rglob("*.py") if PROMPTS_FILE.name in p.read_text() and "bench" not in p.parts]
    assert not users, f"the paraphrase set must stay out of training: {users}"
    assert ngram_overlap(["a b c d"], ["x a b c y"], 3) == 0.5 and ngram_overlap(["a b"], ["a b"], 3) == 0.0


def test_prompt_bench_helpers():
    import numpy as np

    from backend.bench.prompts import WINDOW, _windows, travel

    positions = np.zeros((10, 22, 3))
    positions[:, 0, 2] = np.linspace(0, 3, 10)
    positions[:, 0, 1] = 5.0  # height is not travel
    assert travel(positions) == 3.0
    windows = _windows(np.zeros((120, 263)))
    assert len(windows) == 4 and all(len(w) == WINDOW for w in windows)
    assert len(_windows(np.zeros((30, 263)))) == 1


def test_single_prompts_are_scored_on_their_own_clips_when_made_at_auto_length():
    from types import SimpleNamespace

    import numpy as np

    from backend.bench.prompts import score_generator

    class Scorer:
        recogniser = SimpleNamespace(config=SimpleNamespace(contents=("walk", "wave-right-hand"), styles=("normal", "tired")))

        def labels(self, features):  # 40-frame clips read as "walk", others as a wave
            return np.array([0 if len(f) == 40 else 1 for f in features]), np.zeros(len(features), int)

    def clip(frames, speed):
        positions = np.zeros((frames, 22, 3))
        positions[:, 0, 2] = np.linspace(0, speed, frames)
        return positions

    single = [["a person walks", "walk", None]]
    composite = [["a person walks and waves the right hand", "a person walks", "walk", "wave-right-hand"]]
    clips = {"a person walks": clip(120, 3.0), "a person walks and waves the right hand": clip(120, 2.5)}
    real = {"content": {"walk": 1.0}, "style": {}, "style_family": {"normal": 1.0}}
    fixed = score_generator("g", clips, single, composite, Scorer(), real | {"style": {"normal": 1.0}})
    auto = score_generator("g", clips, single, composite, Scorer(), real | {"style": {"normal": 1.0}}, {"a person walks": clip(40, 3.0)})
    assert fixed["content_acc"] == 0.0 and auto["content_acc"] == 1.0
    assert auto["composite_travel_ratio_median"] == fixed["composite_travel_ratio_median"] == 2.5 / 3.0, "composites keep their 6 s clips"


def test_style_is_also_scored_by_family():
    """A "masculine" prompt recognised as "masculinity" (the other Bandai
    set's name for the style) misses the label and hits the family."""
    from types import SimpleNamespace

    import numpy as np

    from backend.bench.prompts import score_generator

    class Scorer:
        recogniser = SimpleNamespace(config=SimpleNamespace(contents=("walk", "bow", "wave-right-hand"), styles=("masculinity", "masculine", "happy")))

        def labels(self, features):
            return np.zeros(len(features), int), np.zeros(len(features), int)

    clip = np.zeros((40, 22, 3))
    single = [["a man walks", "walk", "masculine"], ["a happy man walks", "walk", "happy"], ["wave the right hand", "wave-right-hand", None]]
    real = {"content": {"walk": 1.0, "wave-right-hand": 1.0}, "style": {"masculine": 0.5, "happy": 0.5}, "style_family": {"masculine": 1.0, "happy": 0.5}}
    composite = [["a man walks and bows", "a man walks", "walk", "bow"]]
    row = score_generator("g", {t: clip for t in [p[0] for p in single] + composite[0][:2]}, single, composite, Scorer(), real)
    assert row["style_acc"] == 0.0 and row["style_family_acc"] == 0.5
    assert row["style_family_vs_real"] == 0.5 / 0.75


def test_foot_locked_row_is_the_same_in_worker_processes(bench_build, monkeypatch):
    """The foot-locked row spreads big calls over spawned worker processes:
    the same features as retargeting them one by one in this process."""
    import numpy as np

    import backend.bench.tasks as tasks
    from backend.generators.base import Prompt

    clips = [item.features[:40].astype(np.float32) for item in load_build(bench_build, "test").items[:3]]

    class Replay:
        name, min_frames, max_frames = "replay", 2, 196

        def generate(self, prompts, *, seed):
            return clips[: len(prompts)]

    prompts = [Prompt("a person walks", 40)] * len(clips)
    alone = tasks.FootLocked(Replay(), workers=1).generate(prompts, seed=0)
    monkeypatch.setattr(tasks, "FOOTLOCK_POOL_FROM", 2)
    pooled = tasks.FootLocked(Replay(), workers=2).generate(prompts, seed=0)
    assert len(pooled) == len(clips)
    for a, b in zip(alone, pooled):
        assert a.shape == b.shape and np.array_equal(a, b)
    assert not np.array_equal(alone[0], clips[0])  # locking changed something: the comparison is not trivial
