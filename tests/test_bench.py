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
