"""What the staged generator trainers (MLD, ReMoDiffuse) share: a fixed
validation draw, random crops, masked MSE, the length-estimator stage, the
pack's data block, and ``fit_stage``: one stage through the ``Trainer``,
given a number of steps or only a time box (then a first stretch is timed
and the cosine schedule is planned from its rate)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import torch
from torch.nn import functional as F

from ..data.dataset import load_build
from ..eval.tensors import random_crops, split_tensors
from .harness import Trainer, TrainConfig
from .pack_data import PackData

VAL_CLIPS = 512
PROBE_STEPS = 300  # a stage given only a time box times the second half of this many steps first
CMU_LICENCE = "Commercial use allowed (CMU terms: the data itself may not be resold)"


class ValData:
    """A fixed draw of validation clips (whole, up to ``max_frames``) and one caption each."""

    def __init__(self, pack: Path, data: PackData, max_frames: int, sources) -> None:
        val = load_build(pack, "val", mirrored=False)
        if sources:
            val = type(val)(val.name, tuple(i for i in val.items if i.source in sources), val.mean, val.std)
        tensors = split_tensors(val, data.caption_index, data.device, max_frames=200)
        generator = torch.Generator().manual_seed(1234)
        pick = torch.randperm(len(tensors.lengths), generator=generator)[:VAL_CLIPS].to(data.device)
        mean, std = torch.from_numpy(data.train.mean).to(data.device), torch.from_numpy(data.train.std).to(data.device)
        self.features = ((tensors.features[pick] - mean) / std)[:, :max_frames]
        self.lengths = torch.clamp(tensors.lengths[pick], max=max_frames)
        self.padding = torch.arange(self.features.shape[1], device=data.device)[None] >= self.lengths[:, None]
        self.features = self.features.masked_fill(self.padding[..., None], 0.0)
        self.text = data.table[tensors.caption_rows[pick, 0]]
        self.generator = generator
        self.items = [val.items[int(i)] for i in pick.cpu()]


def crops(data: PackData, index: torch.Tensor, generator: torch.Generator, max_frames: int, min_fraction: float):
    """Random crops of the chosen training clips -> (B, T, F), padding (B, T) True where padded."""
    x, valid = random_crops(data.tensors, index, generator, min_fraction=min_fraction, min_frames=24)
    return x[:, :max_frames], ~valid[:, :max_frames]


def masked_mse(pred: torch.Tensor, target: torch.Tensor, padding: torch.Tensor) -> torch.Tensor:
    weight = (~padding).to(pred.dtype)[..., None]
    return ((pred.float() - target.float()) ** 2 * weight).sum() / (weight.sum() * pred.shape[-1])


def length_targets(config, lengths: torch.Tensor) -> torch.Tensor:
    """Clip lengths -> classes of ``config.length_step`` frames."""
    return torch.clamp(torch.clamp(lengths, max=config.max_frames) // config.length_step, max=config.length_classes - 1)


def length_stage(model, data: PackData, val: ValData, batch: int):
    """The length estimator (``model.length``: sentence vector -> classes)."""
    net = model.length

    def sample(generator):
        index = torch.randint(len(data.tensors.lengths), (batch,), generator=generator)
        return data.text(index, generator, 0.0), length_targets(model.config, data.tensors.lengths[index.to(data.device)])

    def loss_fn(wrapped, b):
        text, target = b
        logits = wrapped(text)
        return F.cross_entropy(logits.float(), target), {"acc": float((logits.argmax(-1) == target).float().mean())}

    def validate(wrapped):
        target = length_targets(model.config, val.lengths)
        logits = wrapped(val.text).float()
        return {"loss": float(F.cross_entropy(logits, target)), "acc": float((logits.argmax(-1) == target).float().mean())}

    return net, sample, loss_fn, validate


def data_meta(data: PackData, sources: tuple[str, ...] | None) -> dict:
    """The pack JSON's ``data`` block: build, sources, the licence they carry, commit."""
    return {"build": data.manifest["config"]["name"], "sources": list(sources or data.manifest["config"]["sources"]),
            "licence": CMU_LICENCE if sources == ("cmu",) else data.manifest["licence"], "commit": data.manifest["commit"]}


def fit_stage(stage: str, net, sample: Callable, loss_fn: Callable, validate: Callable, *, ctx, out: Path, lr: float, weight_decay: float,
              steps: int, minutes: float | None, validate_every: int, ema_decay: float | None = None,
              keep_best: str = "", patience: int = 0) -> tuple[Trainer, dict]:
    """Train one stage (resuming ``<out>/<stage>_run``); ``steps`` 0: as many
    as fit ``minutes``; ``keep_best``: a validation metric whose lowest point's
    weights end the stage, ``patience``: validations without a new best before
    it stops (``TrainConfig``; the rate probes ignore both)."""
    stage_start = time.time()

    def trainer_for(total: int, box: float | None, best: str = "", patience: int = 0) -> Trainer:
        return Trainer(model=net, loss_fn=loss_fn, sample=sample, ctx=ctx, out_dir=Path(out) / f"{stage}_run", validate=validate,
                       config=TrainConfig(steps=total, lr=lr, weight_decay=weight_decay, warmup_steps=PROBE_STEPS, log_every=250,
                                          checkpoint_every=2500, max_minutes=box, validate_every=validate_every, ema_decay=ema_decay,
                                          keep_best=best, patience=patience))

    total = steps
    if not total:
        if minutes is None:
            raise ValueError(f"{stage}: give a number of steps or a time box")
        # (the rate of the second half only: the first pays for warm-up),
        # counted from where a resumed run stands
        start = trainer_for(PROBE_STEPS, None).step
        trainer_for(start + PROBE_STEPS // 2, None).fit()
        probe_start = time.time()
        trainer_for(start + PROBE_STEPS, None).fit()
        rate = (PROBE_STEPS - PROBE_STEPS // 2) / max(time.time() - probe_start, 1e-3)
        total = start + PROBE_STEPS + int(rate * max(minutes * 60 - (time.time() - stage_start), 0) * 0.97)
    trainer = trainer_for(total, minutes, keep_best, patience if keep_best else 0)
    result = trainer.fit()
    result["minutes"] = (time.time() - stage_start) / 60
    result["total_steps"] = total
    return trainer, result


def validation_curve(trainer: Trainer) -> list[dict]:
    return [r for r in trainer.history if any(k.startswith("val_") for k in r)]
