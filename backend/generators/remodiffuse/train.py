"""Training ReMoDiffuse in stages through the shared harness
(``python -m backend remodiffuse train --pack .carry/labels --out runs/... --stages length,denoiser``).

First (once per run): the principal components of the training features and
the retrieval database of the training split (``database``), saved with the
pack. Then:

* ``length``: the length estimator (sentence vector -> 4-frame classes).
* ``denoiser``: x0-prediction in motion space on random crops (half a clip
  up to 196 frames), t uniform over the 1000 linear-schedule steps, masked
  MSE on normalised features. Each sample retrieves the top k entries for
  one of its captions and its crop length, never from its own take (the
  test-time database holds no test take either); the text and the
  retrieval are dropped independently ``text_drop`` / ``retrieval_drop``
  of the time (the four mixture branches).

Each stage resumes from its own checkpoint, is time-boxed by ``minutes``,
logs a validation curve (x0 MSE of the validation draw at fixed noise
levels, with retrieval) and then writes the whole pack to
``<out>/weights`` (fp16), so a later call continues from that folder alone.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from ...train.distributed import init_distributed
from ...train.pack_data import PackData
from ...train.text_noise import check_text_noise
from ...train.stages import ValData, crops, data_meta, fit_stage, length_stage, masked_mse, validation_curve
from .config import RemoConfig
from .database import RetrievalDatabase, build_database, principal_components, top
from .model import ReMoDiffuse
from .sampling import schedule_of
from .weights import load_pack_state, save_pack

STAGES = ("length", "denoiser")
LR = {"length": 1e-3, "denoiser": 2e-4}


class TrainingDenoiser(nn.Module):
    """The denoiser with its condition encoders in one forward (what the harness wraps)."""

    def __init__(self, model: ReMoDiffuse) -> None:
        super().__init__()
        self.denoiser = model.denoiser

    def forward(self, x, t, frame_mask, text, retrieved, text_on, retrieval_on):
        return self.denoiser(x, t, frame_mask, self.denoiser.conditions(text, retrieved), text_on, retrieval_on)


class DeviceDatabase:
    """A database's arrays on the training device, padded for gathering."""

    def __init__(self, database: RetrievalDatabase, config: RemoConfig, device: torch.device) -> None:
        motion, read = database.padded_motion(config.retrieved_frames)
        self.motion = torch.from_numpy(motion).to(device)
        self.read = torch.from_numpy(read).to(device)
        self.text = torch.from_numpy(database.text).to(device)
        self.lengths = torch.from_numpy(database.lengths).to(device)
        self.takes = torch.from_numpy(database.takes).to(device)
        self.config = config

    def retrieved(self, query: torch.Tensor, requested: torch.Tensor, takes: torch.Tensor | None = None):
        r = self.config.retrieval
        exclude = None if takes is None else takes[:, None] == self.takes[None]
        k = min(r.top_k, len(self.lengths))  # a small library may hold fewer entries than k: the rest are empty (read 0), as at inference
        entries = top(self.text, self.lengths, query, requested, k=k, length_weight=r.length_weight, exclude=exclude)
        motion, read, text = self.motion[entries], self.read[entries], self.text[entries]
        if k < r.top_k:
            pad = r.top_k - k
            motion = torch.cat([motion, motion.new_zeros(len(entries), pad, *motion.shape[2:])], 1)
            read = torch.cat([read, read.new_zeros(len(entries), pad)], 1)
            text = torch.cat([text, text.new_zeros(len(entries), pad, text.shape[-1])], 1)
        return motion, read, text


def make_database(model: ReMoDiffuse, data: PackData, sources) -> RetrievalDatabase:
    """Principal components into the model (first run only) and the training split's database."""
    c = model.config
    if not model.basis.any():
        basis, centre = principal_components([i.features for i in data.train.items], data.train.mean, data.train.std,
                                             stride=c.retrieval.stride, components=c.retrieval.components)
        model.basis.copy_(torch.from_numpy(basis))
        model.basis_centre.copy_(torch.from_numpy(centre))
    table = data.table.float().cpu().numpy()
    vectors = lambda captions: table[[data.caption_index[t] for t in captions]]  # noqa: E731
    meta = {"text_encoder": data.encoder, "build": data.manifest["config"]["name"],
            "sources": list(sources or data.manifest["config"]["sources"]), "split": "train"}
    return build_database(data.train, vectors, mean=data.train.mean, std=data.train.std, basis=model.basis.float().cpu().numpy(),
                          centre=model.basis_centre.float().cpu().numpy(), stride=c.retrieval.stride, max_frames=c.max_frames, meta=meta)


def _denoiser_stage(model: ReMoDiffuse, data: PackData, val: ValData, batch: int, db: DeviceDatabase, text_noise: float = 0.0):
    config = model.config
    d = config.diffusion
    schedule = schedule_of(config)
    bars = schedule.alpha_bars.float().to(data.device)
    net = TrainingDenoiser(model)
    takes = db.takes  # entry i of the database is row i of the training tensors

    def sample(generator):
        index = torch.randint(len(data.tensors.lengths), (batch,), generator=generator)
        x, padding = crops(data, index, generator, config.max_frames, 0.5)
        text = data.text(index, generator, 0.0, text_noise)
        text_on = (torch.rand(batch, generator=generator) >= d.text_drop).to(data.device)
        retrieval_on = (torch.rand(batch, generator=generator) >= d.retrieval_drop).to(data.device)
        t = torch.randint(schedule.steps, (batch,), generator=generator).to(data.device)
        device_generator = torch.Generator(data.device).manual_seed(int(torch.randint(2**62, (1,), generator=generator)))
        noise = torch.randn(x.shape, generator=device_generator, device=data.device)
        with torch.no_grad():
            retrieved = db.retrieved(text, (~padding).sum(1), takes[index.to(data.device)])
        return x, padding, text, retrieved, text_on, retrieval_on, t, noise

    def loss_fn(wrapped, b):
        x, padding, text, retrieved, text_on, retrieval_on, t, noise = b
        a = bars[t].view(-1, 1, 1)
        xt = (a.sqrt() * x + (1 - a).sqrt() * noise) * (~padding)[..., None]
        loss = masked_mse(wrapped(xt, t, ~padding, text, retrieved, text_on, retrieval_on), x, padding)
        return loss, {}

    clips = len(val.lengths)
    fixed_t = torch.linspace(0, schedule.steps - 1, clips).long().to(data.device)
    fixed_noise = torch.randn(val.features.shape, generator=val.generator).to(data.device)
    with torch.no_grad():
        val_retrieved = db.retrieved(val.text, val.lengths)
    on = torch.ones(clips, dtype=torch.bool, device=data.device)

    def validate(wrapped):
        a = bars[fixed_t].view(-1, 1, 1)
        xt = (a.sqrt() * val.features + (1 - a).sqrt() * fixed_noise) * (~val.padding)[..., None]
        out, high = {}, fixed_t >= schedule.steps // 2
        for name, retrieval in (("", on), ("_no_retrieval", ~on)):
            pred = wrapped(xt, fixed_t, ~val.padding, val.text, val_retrieved, on, retrieval)
            weight = (~val.padding).float()[..., None]
            error = ((pred.float() - val.features) ** 2 * weight).sum((1, 2)) / (weight.sum((1, 2)) * val.features.shape[-1])
            out.update({f"x0_mse{name}": float(error.mean()), f"x0_mse_low_t{name}": float(error[~high].mean()),
                        f"x0_mse_high_t{name}": float(error[high].mean())})
        return out

    return net, sample, loss_fn, validate


def train_remodiffuse(pack: Path, out: Path, *, stages: tuple[str, ...], steps: dict, batch: int, device: str, minutes: dict,
                      sources: tuple[str, ...] | None, config: RemoConfig | None = None, validate_every: int = 500,
                      keep_best: bool = False, patience: int = 0, text_noise: float = 0.0) -> dict:
    """``text_noise``: the denoiser trains on sentence vectors moved by that
    much noise (``PackData.text``; they also query the database, as a free
    prompt does; validation never); recorded in the pack.
    ``keep_best``: the denoiser stage too ends on its weights of lowest
    validation x0-MSE, stopping after ``patience`` validations without a new
    best (own-library fine-tuning: a small library over-fits). A run that
    starts from a trained pack (resuming, or fine-tuning one on another
    build) keeps the pack's feature normalisation and principal components:
    the data is normalised like the pack's, and the retrieval database is
    rebuilt from this build's training split."""
    started = time.time()
    check_text_noise(text_noise)
    ctx = init_distributed(device)
    data = PackData(Path(pack), ctx.device, sources)
    weights = Path(out) / "weights"
    meta_path = weights / "remodiffuse.json"
    meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
    if config is None:
        config = RemoConfig.from_dict(meta["config"], where=str(meta_path)) if "config" in meta else RemoConfig()
    model = ReMoDiffuse(config).to(ctx.device)
    resumed = load_pack_state(model, weights)
    if resumed:
        data.renormalise(model.mean.cpu().numpy(), model.std.cpu().numpy())
    else:
        model.mean.copy_(torch.from_numpy(data.train.mean))
        model.std.copy_(torch.from_numpy(data.train.std))
    database = make_database(model, data, sources)
    db = DeviceDatabase(database, config, ctx.device)
    val = ValData(Path(pack), data, config.max_frames, sources)
    meta.update({"text_encoder": data.encoder, "data": data_meta(data, sources)})
    meta.setdefault("training", {})
    report: dict = {"resumed_pack": resumed, "database": {"entries": len(database), "motion_rows": int(database.offsets[-1])}, "stages": {}}
    device_name = torch.cuda.get_device_name(ctx.device) if ctx.device.type == "cuda" else "cpu"
    for stage in stages:
        done = meta["training"].get(stage, {})
        if stage == "length":
            net, sample, loss_fn, validate = length_stage(model, data, val, batch)
        else:
            net, sample, loss_fn, validate = _denoiser_stage(model, data, val, batch, db, text_noise)
        fresh = not (Path(out) / f"{stage}_run").exists()  # a new run folder (a fresh machine): its steps add to the pack's earlier ones
        before = done.get("steps_total", 0) if fresh else done.get("steps_before", 0)
        trainer, result = fit_stage(stage, net, sample, loss_fn, validate, ctx=ctx, out=Path(out), lr=LR[stage], weight_decay=0.01,
                                    steps=steps[stage], minutes=minutes.get(stage), validate_every=validate_every,
                                    # the length estimator over-fits after a few hundred steps
                                    keep_best="loss" if stage == "length" else "x0_mse" if keep_best else "", patience=patience)
        curve = validation_curve(trainer)
        meta["training"][stage] = {"steps": trainer.step, "steps_before": before, "steps_total": before + trainer.step, "of": result["total_steps"],
                                   "minutes": done.get("minutes", 0.0) + result["minutes"], "batch": batch, "lr": LR[stage], "device": device_name,
                                   "final": next((r for r in reversed(trainer.history) if "loss" in r), {}),
                                   "validation": curve[-1] if curve else {}}
        if stage == "denoiser":
            meta["training"][stage]["text_noise"] = text_noise
        report["stages"][stage] = {**result, "validation": curve[-3:]}
        if ctx.is_main:
            save_pack(model, weights, meta, database)
    report["minutes"] = (time.time() - started) / 60
    return report


def database_command(pack: Path, weights: Path, sources: tuple[str, ...] | None) -> dict:
    """Rebuild a trained pack's retrieval database from another carry pack's
    (or build's) training split: a user's own library."""
    from .weights import load_networks

    model, info = load_networks(Path(weights))
    data = PackData(Path(pack), torch.device("cpu"), sources)
    if data.encoder.get("id") != info.get("text_encoder", {}).get("id") or \
            data.encoder.get("weights_sha256") != info.get("text_encoder", {}).get("weights_sha256"):
        raise ValueError(f"{pack} was embedded with text encoder {data.encoder.get('id')!r}, the pack was trained with "
                         f"{info.get('text_encoder', {}).get('id')!r}: embed the build with that encoder")
    database = make_database(model, data, sources)
    meta = {k: v for k, v in info.items() if k not in ("config", "files")}
    save_pack(model, Path(weights), meta, database)
    return {"entries": len(database), "bytes": (Path(weights) / "database.safetensors").stat().st_size, "build": database.meta["build"],
            "motion_rows": int(database.offsets[-1]), "mean_frames": float(np.mean(database.lengths))}
