"""Training MoMask in stages through the shared harness
(``python -m backend momask train --stages tokenizer,length,masked,residual``).

Each stage resumes from its own checkpoint, is time-boxed by ``minutes`` (the
next stage then starts from what it reached), and afterwards writes the
whole weight pack (fp16, sharded safetensors <= 16 MiB) so a later call, even
on a fresh machine, continues from it.
"""

from __future__ import annotations

import copy
import json
import math
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from ...data.dataset import load_build
from ...motion.features import LAYOUT, recover_from_ric
from ...train.distributed import init_distributed
from ...train.harness import Trainer, TrainConfig
from ...components.token_clips import encode_all
from ...eval.tensors import split_tensors
from ...train.pack_data import PackData
from ...train.stages import fit_stage
from ...train.text_noise import check_text_noise
from .config import MoMaskConfig
from .model import MoMask
from .weights import TRAINING_ONLY, load_pack_state, save_pack

STAGES = ("tokenizer", "length", "masked", "residual")
WINDOW = 64


def _tokenizer_stage(model: MoMask, data: PackData, batch: int):
    long_enough = torch.nonzero(data.tensors.lengths >= WINDOW)[:, 0].cpu()
    config = model.config.tokenizer

    def sample(generator):
        index = long_enough[torch.randint(len(long_enough), (batch,), generator=generator)]
        lengths = data.tensors.lengths[index.to(data.device)].cpu()
        start = (torch.rand(batch, generator=generator) * (lengths - WINDOW + 1).float()).long()
        frames = start[:, None] + torch.arange(WINDOW)[None]
        return data.tensors.features[index.to(data.device)[:, None], frames.to(data.device)]

    def loss_fn(net, x):
        recon, _, commitment = net(x)
        loss = F.smooth_l1_loss(recon, x) + 0.5 * F.l1_loss(recon[..., LAYOUT.ric], x[..., LAYOUT.ric]) + config.commitment * commitment
        return loss, {"commit": float(commitment)}

    return model.tokenizer, sample, loss_fn


def _masked_stage(model: MoMask, data: PackData, codes: torch.Tensor, tokens: torch.Tensor, batch: int, text_noise: float = 0.0):
    net = model.masked
    drop = net.config.cond_drop

    def sample(generator):
        index = torch.randint(len(tokens), (batch,), generator=generator)
        dev = index.to(data.device)
        return codes[dev, :, 0], tokens[dev], data.text(index, generator, drop, text_noise), torch.rand(batch, generator=generator).to(data.device), torch.rand(batch, codes.shape[1], generator=generator).to(data.device), torch.randint(net.codebook_size, (batch, codes.shape[1]), generator=generator).to(data.device), torch.rand(batch, codes.shape[1], generator=generator).to(data.device)

    def loss_fn(wrapped, b):
        target, lengths, text, tau, scores, random_codes, corrupt = b
        length = target.shape[1]
        padding = torch.arange(length, device=target.device)[None] >= lengths[:, None]
        count = torch.clamp(torch.ceil(torch.cos(tau * math.pi / 2) * lengths).long(), min=1)
        scores = scores.masked_fill(padding, 2.0)
        rank = scores.argsort(1).argsort(1)
        masked = rank < count[:, None]
        inputs = torch.where(masked & (corrupt < 0.1), random_codes, torch.where(masked, net.mask_id, target))
        inputs = inputs.masked_fill(padding, net.pad_id)
        logits = wrapped(inputs, text, padding)
        loss = F.cross_entropy(logits[masked].float(), target[masked])
        accuracy = (logits[masked].argmax(-1) == target[masked]).float().mean()
        return loss, {"acc": float(accuracy)}

    return net, sample, loss_fn


def _residual_stage(model: MoMask, data: PackData, codes: torch.Tensor, tokens: torch.Tensor, batch: int, text_noise: float = 0.0):
    net = model.residual
    drop = net.config.cond_drop

    def sample(generator):
        index = torch.randint(len(tokens), (batch,), generator=generator)
        dev = index.to(data.device)
        layer = torch.randint(1, net.quantizers, (batch,), generator=generator).to(data.device)
        return codes[dev], tokens[dev], layer, data.text(index, generator, drop, text_noise)

    def loss_fn(wrapped, b):
        target, lengths, layer, text = b
        padding = torch.arange(target.shape[1], device=target.device)[None] >= lengths[:, None]
        logits = wrapped(target, layer, text, padding)
        chosen = target.gather(2, layer[:, None, None].expand(-1, target.shape[1], 1))[..., 0]
        valid = ~padding
        loss = F.cross_entropy(logits[valid].float(), chosen[valid])
        return loss, {"acc": float((logits[valid].argmax(-1) == chosen[valid]).float().mean())}

    return net, sample, loss_fn


VAL_BATCHES = 4  # fixed draws of the validation split per point of the curve


def validation_data(data: PackData, pack: Path, sources: tuple[str, ...] | None) -> PackData:
    """The validation split in PackData's form (same captions table, same normalisation)."""
    val = load_build(pack, "val", mirrored=False)
    if sources:
        val = type(val)(val.name, tuple(i for i in val.items if i.source in sources), val.mean, val.std)
    holder = copy.copy(data)
    holder.tensors = split_tensors(val, data.caption_index, data.device, max_frames=200)
    mean, std = torch.from_numpy(data.train.mean).to(data.device), torch.from_numpy(data.train.std).to(data.device)
    holder.tensors.features = (holder.tensors.features - mean) / std
    return holder


def stage_validation(sample, loss_fn, net):
    """``validate`` for the harness: the stage's own loss over fixed draws
    (clips, captions, masks) of the validation split."""
    draws = [sample(torch.Generator().manual_seed(4321 + k)) for k in range(VAL_BATCHES)]

    def validate(model) -> dict[str, float]:
        results = [loss_fn(model, b) for b in draws]
        return {"loss": float(sum(float(r[0]) for r in results) / len(results)),
                "acc": float(np.mean([r[1]["acc"] for r in results]))}

    return validate


def _length_stage(model: MoMask, data: PackData, tokens: torch.Tensor, batch: int):
    net = model.length

    def sample(generator):
        index = torch.randint(len(tokens), (batch,), generator=generator)
        return data.text(index, generator, 0.0), tokens[index.to(data.device)]

    def loss_fn(wrapped, b):
        text, target = b
        logits = wrapped(text)
        return F.cross_entropy(logits.float(), target), {"acc": float((logits.argmax(-1) == target).float().mean())}

    return net, sample, loss_fn


@torch.no_grad()
def tokenizer_report(model: MoMask, pack: Path, device: torch.device, sources: tuple[str, ...] | None) -> dict:
    """Reconstruction of the validation split: mean joint error (mm), with each
    frame's joints taken relative to its pelvis (MoMask's MPJPE) and, stricter,
    in global coordinates (root drift included)."""
    val = load_build(pack, "val", mirrored=False)
    errors, global_errors = [], []
    model.eval()
    for item in val.items:
        if sources and item.source not in sources:
            continue
        n = min(len(item.features), model.config.max_frames) // 4 * 4
        x = model.normalise(torch.from_numpy(item.features[:n]).to(device))[None]
        recon = model.denormalise(model.tokenizer.decode(model.tokenizer.encode(x)))[0].cpu().numpy()
        pred, true = recover_from_ric(recon), recover_from_ric(item.features[:n])
        global_errors.append(np.linalg.norm(pred - true, axis=-1).mean() * 1000)
        errors.append(np.linalg.norm((pred - pred[:, :1]) - (true - true[:, :1]), axis=-1).mean() * 1000)
    return {"val_clips": len(errors), "mpjpe_mm": float(np.mean(errors)), "global_mpjpe_mm": float(np.mean(global_errors))}


INIT_PARTS = ("tokenizer.", "mean", "std")


def init_tokenizer(model: MoMask, source: Path) -> list[str]:
    """Load the tokenizer and the feature mean / std of ``source`` (a pack
    folder or one safetensors file) into ``model``; every tensor of those
    parts must be present. Returns the loaded tensor names."""
    from safetensors.torch import load_file

    source = Path(source)
    files = sorted(source.glob("*.safetensors")) if source.is_dir() else [source]
    tensors = {k: v for f in files for k, v in load_file(str(f)).items() if k.startswith(INIT_PARTS)}
    wanted = [k for k in model.state_dict() if k.startswith(INIT_PARTS) and not any(t in k for t in TRAINING_ONLY)]
    missing = [k for k in wanted if k not in tensors]
    if missing:
        raise ValueError(f"{source} holds no {missing[:4]} ({len(missing)} tokenizer tensor(s) missing)")
    state = model.state_dict()
    for k in wanted:
        state[k].copy_(tensors[k].to(state[k].dtype))
    return wanted


def fit_momask_stage(stage: str, net, sample, loss_fn, validate, *, ctx, out: Path, lr: float, steps: int, minutes: float | None,
                     validate_every: int, keep_best: bool, patience: int):
    """One stage: ``steps`` steps of a cosine schedule, cut by ``minutes``
    (the time box of a resumable chunk: run again to go on); ``steps`` 0: a
    whole schedule planned to fit ``minutes`` (``train.stages.fit_stage``, as
    the other generators' trainers do) -> (trainer, summary)."""
    weight_decay = 0.01 if stage != "tokenizer" else 0.0
    validate_every = 0 if validate is None else validate_every
    best = "loss" if keep_best and validate is not None else ""
    if not steps:
        return fit_stage(stage, net, sample, loss_fn, validate, ctx=ctx, out=Path(out), lr=lr, weight_decay=weight_decay, steps=0, minutes=minutes,
                         validate_every=validate_every, keep_best=best, patience=patience)
    trainer = Trainer(model=net, loss_fn=loss_fn, sample=sample, ctx=ctx, out_dir=Path(out) / f"{stage}_run", validate=validate,
                      config=TrainConfig(steps=steps, lr=lr, weight_decay=weight_decay, warmup_steps=500, log_every=500, checkpoint_every=5000, max_minutes=minutes,
                                         validate_every=validate_every, keep_best=best, patience=patience))
    return trainer, trainer.fit()


def train_momask(pack: Path, out: Path, *, stages: tuple[str, ...], steps: dict, batch: int, device: str, minutes: float | None,
                 sources: tuple[str, ...] | None, init: Path | None = None, validate_every: int = 1000, keep_best: bool = False,
                 patience: int = 0, text_noise: float = 0.0) -> dict:
    """``keep_best``: each text stage ends on its weights of lowest validation
    loss (early stopping after ``patience`` validations without a new best;
    own-library fine-tuning, where a small library over-fits within minutes).
    ``text_noise``: the masked and residual transformers train on sentence
    vectors moved by that much noise (``PackData.text``; validation never),
    towards prompts phrased away from the captions; recorded in the pack."""
    check_text_noise(text_noise)
    started = time.time()
    ctx = init_distributed(device)
    data = PackData(pack, ctx.device, sources)
    model = MoMask(MoMaskConfig()).to(ctx.device)
    resumed = load_pack_state(model, out / "weights")
    if init is not None and not resumed:
        # The tokenizer's own normalisation stays: its codes mean what they meant.
        init_tokenizer(model, init)
        if not (np.allclose(model.mean.cpu().numpy(), data.train.mean, rtol=2e-3, atol=1e-3) and np.allclose(model.std.cpu().numpy(), data.train.std, rtol=2e-3, atol=1e-3)):
            raise ValueError(f"{init}: its tokenizer was trained with another feature normalisation than {pack}'s; "
                             "train the tokenizer on this pack instead")
        if "tokenizer" in stages:
            raise ValueError("--init starts from a trained tokenizer; leave 'tokenizer' out of --stages")
    elif not resumed or "tokenizer" in stages:
        model.mean.copy_(torch.from_numpy(data.train.mean))
        model.std.copy_(torch.from_numpy(data.train.std))
    renormalised = False
    if resumed and "tokenizer" not in stages:
        # Fine-tuning a pack on another build (e.g. a user's own library):
        # the data takes the pack's normalisation, so its codes keep their meaning.
        renormalised = data.renormalise(model.mean.cpu().numpy(), model.std.cpu().numpy())
    report: dict = {"resumed_pack": resumed, "renormalised_to_pack": renormalised, "init": str(init) if init is not None and not resumed else None, "stages": {}}
    meta_path = out / "weights" / "momask.json"
    meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
    meta.update({
        "text_encoder": data.encoder,
        "data": {"build": data.manifest["config"]["name"], "sources": list(sources or data.manifest["config"]["sources"]), "licence": "Commercial use allowed (CMU terms: the data itself may not be resold)" if sources == ("cmu",) else data.manifest["licence"], "commit": data.manifest["commit"]},
    })
    meta.setdefault("training", {})
    codes = tokens = None
    val = val_codes = val_tokens = None
    for stage in stages:
        stage_start = time.time()
        validate = None
        if stage == "tokenizer":
            net, sample, loss_fn = _tokenizer_stage(model, data, batch)
            lr = 2e-4
        else:
            if codes is None:
                codes, tokens = encode_all(model, data)
                val = validation_data(data, pack, sources)
                val_codes, val_tokens = encode_all(model, val)
            make = {"length": lambda d, c, t, n: _length_stage(model, d, t, batch), "masked": lambda d, c, t, n: _masked_stage(model, d, c, t, batch, n),
                    "residual": lambda d, c, t, n: _residual_stage(model, d, c, t, batch, n)}[stage]
            net, sample, loss_fn = make(data, codes, tokens, text_noise)
            _, val_sample, val_loss = make(val, val_codes, val_tokens, 0.0)
            validate = stage_validation(val_sample, val_loss, net)
            lr = 1e-3 if stage == "length" else 2e-4
        trainer, result = fit_momask_stage(stage, net, sample, loss_fn, validate, ctx=ctx, out=out, lr=lr, steps=steps[stage], minutes=minutes,
                                           validate_every=validate_every, keep_best=keep_best, patience=patience)
        result["minutes"] = (time.time() - stage_start) / 60
        report["stages"][stage] = result
        meta["training"][stage] = {"steps": trainer.step, "of": trainer.config.steps, "minutes": result["minutes"], "batch": batch, "device": torch.cuda.get_device_name(ctx.device) if ctx.device.type == "cuda" else "cpu", "final": trainer.history[-1] if trainer.history else {}}
        if stage in ("masked", "residual"):
            meta["training"][stage]["text_noise"] = text_noise
        if stage == "tokenizer":
            meta["training"]["tokenizer"]["reconstruction"] = report["stages"]["tokenizer"]["reconstruction"] = tokenizer_report(model, pack, ctx.device, sources)
            codes = None
        if ctx.is_main:
            save_pack(model, out / "weights", meta)
    report["minutes"] = (time.time() - started) / 60
    return report
