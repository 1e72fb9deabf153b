"""The shared training harness: learns, checkpoints in <=16 MiB shards, resumes
exactly, time-boxes, and runs data-parallel on two gloo processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from backend.train.checkpoint import SHARD_BYTES, load_sharded, save_sharded
from backend.train.harness import Trainer, TrainConfig

ROOT = Path(__file__).resolve().parents[1]


def _problem():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    weights = torch.tensor([[1.0], [-2.0], [0.5], [3.0]])

    def sample(generator):
        x = torch.randn(32, 4, generator=generator)
        return x, x @ weights

    def loss_fn(model, batch):
        x, y = batch
        loss = torch.nn.functional.mse_loss(model(x), y)
        return loss, {}

    return model, sample, loss_fn


def test_trainer_learns_and_logs(tmp_path):
    model, sample, loss_fn = _problem()
    trainer = Trainer(model=model, loss_fn=loss_fn, sample=sample, config=TrainConfig(steps=300, lr=1e-2, log_every=50, ema_decay=0.9), out_dir=tmp_path)
    summary = trainer.fit()
    log = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert summary["finished"] and len(log) == 6
    assert log[-1]["loss"] < 0.1 * log[0]["loss"]
    assert (tmp_path / "checkpoint" / "state.json").is_file()


def test_resume_continues_exactly(tmp_path):
    model, sample, loss_fn = _problem()
    Trainer(model=model, loss_fn=loss_fn, sample=sample, config=TrainConfig(steps=40, lr=1e-2), out_dir=tmp_path / "straight").fit()
    straight = model.state_dict()

    model2, _, _ = _problem()
    first = Trainer(model=model2, loss_fn=loss_fn, sample=sample, config=TrainConfig(steps=20, lr=1e-2), out_dir=tmp_path / "chunks")
    first.fit()
    model3, _, _ = _problem()
    second = Trainer(model=model3, loss_fn=loss_fn, sample=sample, config=TrainConfig(steps=40, lr=1e-2), out_dir=tmp_path / "chunks")
    assert second.step == 20
    second.fit()
    # The learning-rate schedule depends on the total steps, so compare a run
    # resumed with the same config instead.
    model4, _, _ = _problem()
    third = Trainer(model=model4, loss_fn=loss_fn, sample=sample, config=TrainConfig(steps=40, lr=1e-2, max_minutes=0.0), out_dir=tmp_path / "boxed")
    result = third.fit()
    assert result["step"] == 1 and not result["finished"]
    while not result["finished"]:
        model5, _, _ = _problem()
        result = Trainer(model=model5, loss_fn=loss_fn, sample=sample, config=TrainConfig(steps=40, lr=1e-2, max_minutes=0.0), out_dir=tmp_path / "boxed").fit()
    resumed = load_sharded(tmp_path / "boxed" / "checkpoint", "model")
    for name, value in straight.items():
        assert torch.allclose(resumed[name], value, atol=1e-6), name


def test_shards_stay_under_16_mib(tmp_path):
    tensors = {"big": torch.randn(3 * 2**20 + 7), "small": torch.randn(10, 3), "scalar": torch.tensor(1.5)}
    names = save_sharded(tensors, tmp_path, "model")
    assert len(names) >= 1 and all((tmp_path / n).stat().st_size <= 16 * 2**20 for n in names)
    big = {"huge": torch.randn(9 * 2**20)}  # 36 MiB in one tensor
    names = save_sharded(big, tmp_path / "huge", "model")
    assert len(names) >= 3 and all((tmp_path / "huge" / n).stat().st_size <= 16 * 2**20 for n in names)
    assert torch.equal(load_sharded(tmp_path / "huge", "model")["huge"], big["huge"])
    assert SHARD_BYTES < 16 * 2**20


def test_data_parallel_on_two_gloo_processes(tmp_path):
    script = tmp_path / "ddp_job.py"
    script.write_text(
        "import json, sys, torch\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        f"sys.path.insert(0, {str(ROOT / 'tests')!r})\n"
        "from test_train_harness import _problem\n"
        "from backend.train.distributed import init_distributed, shutdown\n"
        "from backend.train.harness import Trainer, TrainConfig\n"
        "ctx = init_distributed('cpu')\n"
        "model, sample, loss_fn = _problem()\n"
        f"trainer = Trainer(model=model, loss_fn=loss_fn, sample=sample, config=TrainConfig(steps=30, lr=1e-2), out_dir={str(tmp_path / 'run')!r}, ctx=ctx)\n"
        "trainer.fit()\n"
        "flat = torch.cat([p.detach().flatten() for p in model.parameters()])\n"
        f"open({str(tmp_path)!r} + f'/rank{{ctx.rank}}.json', 'w').write(json.dumps({{'world': ctx.world_size, 'params': flat.tolist()}}))\n"
        "shutdown()\n"
        # gloo's threads can abort ("terminate called without an active
        # exception") in interpreter teardown after a clean run, about 1 run
        # in 10 on this 2-core machine: leave without static destructors.
        "import os; sys.stdout.flush(); sys.stderr.flush(); os._exit(0)\n"
    )
    env = dict(os.environ, OMP_NUM_THREADS="1")
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2", str(script)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in (0, 1)]
    assert ranks[0]["world"] == ranks[1]["world"] == 2
    assert torch.allclose(torch.tensor(ranks[0]["params"]), torch.tensor(ranks[1]["params"]))
    assert (tmp_path / "run" / "checkpoint" / "state.json").is_file()


def _over_fitting(tmp_path, steps: int = 400, **config):
    """Training on one fixed batch of noise while validation scores fresh
    data: the validation loss is lowest early, then rises."""
    model, sample, loss_fn = _problem()
    fixed = sample(torch.Generator().manual_seed(1))
    noisy = (fixed[0], torch.randn(fixed[1].shape, generator=torch.Generator().manual_seed(2)) * 5)
    fresh = sample(torch.Generator().manual_seed(3))

    def validate(model):
        with torch.no_grad():
            return {"loss": float(loss_fn(model, fresh)[0])}

    trainer = Trainer(model=model, loss_fn=loss_fn, sample=lambda g: noisy, validate=validate, out_dir=tmp_path,
                      config=TrainConfig(steps=steps, lr=3e-2, validate_every=20, **config))
    return model, trainer, validate


def test_keep_best_ends_on_the_weights_of_the_lowest_validation_loss(tmp_path):
    model, trainer, validate = _over_fitting(tmp_path, keep_best="loss")
    summary = trainer.fit()
    curve = [r for r in trainer.history if "val_loss" in r]
    assert curve[0]["step"] == 0  # the starting weights were scored
    lowest = min(curve, key=lambda r: r["val_loss"])
    assert curve[-1]["val_loss"] > 1.5 * lowest["val_loss"]  # it did over-fit
    assert summary["best_step"] == lowest["step"] and summary["step"] == 400 and not summary["stopped_early"]
    assert abs(validate(model)["loss"] - lowest["val_loss"]) < 1e-6  # the result is the best point's weights
    assert trainer.history[-1]["restored_best_step"] == lowest["step"]


def test_patience_stops_early_and_a_resumed_run_stays_stopped(tmp_path):
    model, trainer, validate = _over_fitting(tmp_path, keep_best="loss", patience=3)
    summary = trainer.fit()
    assert summary["stopped_early"] and summary["step"] == summary["best_step"] + 3 * 20
    best = validate(model)["loss"]
    again, trainer2, _ = _over_fitting(tmp_path, keep_best="loss", patience=3)
    assert trainer2.step == summary["step"]
    assert trainer2.fit()["step"] == summary["step"]  # no further steps
    assert abs(validate(again)["loss"] - best) < 1e-6


def test_without_keep_best_the_last_weights_stay(tmp_path):
    model, trainer, validate = _over_fitting(tmp_path)
    summary = trainer.fit()
    assert "best_step" not in summary and not (tmp_path / "best.safetensors").exists()
    assert abs(validate(model)["loss"] - [r for r in trainer.history if "val_loss" in r][-1]["val_loss"]) < 1e-6


def test_a_later_chunk_resumes_from_the_last_weights_not_the_best(tmp_path):
    model, trainer, validate = _over_fitting(tmp_path, steps=200, keep_best="loss")
    first = trainer.fit()
    last_point = [r for r in trainer.history if "val_loss" in r][-1]
    assert first["best_step"] < 200 and abs(validate(model)["loss"] - first["best"]) < 1e-6
    again, trainer2, _ = _over_fitting(tmp_path, steps=400, keep_best="loss")
    assert trainer2.step == 200 and trainer2.best["step"] == first["best_step"]
    assert abs(validate(again)["loss"] - last_point["val_loss"]) < 1e-6  # the checkpoint holds step 200's weights
    assert trainer2.fit()["best_step"] <= 400


def test_running_out_of_steps_is_not_stopping_early(tmp_path):
    model, sample, loss_fn = _problem()
    scores = iter([1.0, 0.5, 0.6, 0.7])  # steps 0, 20, 40, 60: the second stale check falls on the last step
    trainer = Trainer(model=model, loss_fn=loss_fn, sample=sample, validate=lambda m: {"loss": next(scores)}, out_dir=tmp_path,
                      config=TrainConfig(steps=60, lr=1e-2, validate_every=20, keep_best="loss", patience=2))
    summary = trainer.fit()
    assert summary["step"] == 60 and summary["best_step"] == 20 and not summary["stopped_early"]


def test_keep_best_refuses_an_ema(tmp_path):
    with pytest.raises(ValueError, match="ema"):
        _over_fitting(tmp_path, keep_best="loss", ema_decay=0.9)


def test_a_time_boxed_stage_that_resumes_plans_its_steps_from_where_it_stands(tmp_path, monkeypatch):
    """A stage given only minutes times a probe stretch first; a resumed run
    (its checkpoint past the probe) must time a stretch of its own, not
    plan from a probe that ran no step."""
    from backend.train import stages
    from backend.train.distributed import DistContext

    monkeypatch.setattr(stages, "PROBE_STEPS", 20)
    model, sample, loss_fn = _problem()
    ctx = DistContext(0, 1, 0, torch.device("cpu"))
    kwargs = dict(ctx=ctx, out=tmp_path, lr=1e-2, weight_decay=0.0, validate_every=0)
    trainer, first = stages.fit_stage("toy", model, sample, loss_fn, None, steps=100, minutes=None, **kwargs)
    assert trainer.step == 100
    # A box already spent by the probe itself: the plan is the resumed step plus the probe stretch.
    trainer, again = stages.fit_stage("toy", model, sample, loss_fn, None, steps=0, minutes=1e-5, **kwargs)
    assert again["total_steps"] == 100 + 20 and trainer.step == 100 + 20


def test_momask_stage_steps_zero_plans_a_whole_schedule_to_the_box(tmp_path, monkeypatch):
    """`momask train --masked-steps 0 --minutes M`: the schedule is planned to
    fit the box and ends decayed; a step count keeps MoMask's own schedule
    (cut by the box, resumed by the next run)."""
    from backend.generators.momask.train import fit_momask_stage
    from backend.train import stages
    from backend.train.distributed import DistContext

    monkeypatch.setattr(stages, "PROBE_STEPS", 20)
    model, sample, loss_fn = _problem()
    kwargs = dict(ctx=DistContext(0, 1, 0, torch.device("cpu")), lr=1e-2, validate_every=0, keep_best=False, patience=0)
    planned, summary = fit_momask_stage("masked", model, sample, loss_fn, None, out=tmp_path / "a", steps=0, minutes=0.01, **kwargs)
    assert planned.step == planned.config.steps == summary["total_steps"] > 20, "the schedule planned to the box ran to its end"
    fixed, _ = fit_momask_stage("masked", model, sample, loss_fn, None, out=tmp_path / "b", steps=30, minutes=None, **kwargs)
    assert fixed.step == fixed.config.steps == 30 and fixed.config.warmup_steps == 500
    with pytest.raises(ValueError, match="time box"):
        fit_momask_stage("masked", model, sample, loss_fn, None, out=tmp_path / "c", steps=0, minutes=None, **kwargs)
