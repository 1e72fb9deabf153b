"""Training MLD in stages through the shared harness
(``python -m backend mld train --pack .carry/labels --out runs/... --stages vae,length,denoiser,consistency``).

* ``vae``: the motion VAE on random crops (half a clip up to 196 frames),
  masked MSE on normalised features + ``kl_weight`` x KL.
* ``length``: the length estimator (sentence vector -> 4-frame classes).
* ``denoiser``: the latent statistics are measured once (posterior means of
  training clips, per dimension), then DDPM with eps-prediction on latents
  sampled from the frozen VAE's posterior, text dropped ``cond_drop`` of the
  time (classifier-free guidance).
* ``consistency``: latent consistency distillation (MotionLCM): the student
  starts as a copy of the denoiser; at a random point t of the teacher's
  50-step DDIM grid, one guided teacher DDIM step (guidance w drawn from the
  config's range, also fed to the student) gives the point before; the
  student at t must match an EMA copy of itself at that point (pseudo-Huber
  loss), and at the first grid point the teacher's clean estimate.

Each stage resumes from its own checkpoint, is time-boxed by ``minutes``,
logs a validation curve (``val_*``: reconstruction MSE; length accuracy;
eps MSE at fixed noise levels; distance of the student's 1- and 2-step
samples to the teacher's 50-step ones) and then writes the whole weight
pack to ``<out>/weights`` (fp16), so a later call, even on a fresh machine
with only that folder, continues from it.
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from ...motion.features import recover_from_ric
from ...train.distributed import init_distributed
from ...train.pack_data import PackData
from ...train.text_noise import check_text_noise
from ...train.stages import ValData, crops, data_meta, fit_stage, length_stage, masked_mse, validation_curve
from ...samplers.consistency import grid_timesteps
from .config import MLDConfig
from .model import MLD
from .sampling import consistency_latents, ddim_latents, schedule_of
from .weights import load_pack_state, save_pack

STAGES = ("vae", "length", "denoiser", "consistency")
BEST = {"denoiser": "eps_mse", "consistency": "mse_1step_to_ddim50"}  # the validation metric ``keep_best`` watches
LR = {"vae": 2e-4, "length": 1e-3, "denoiser": 2e-4, "consistency": 2e-5}
# The tensors each stage trains (name prefixes in the model's state dict).
PARTS = {"vae": ("vae.",), "length": ("length.",), "denoiser": ("denoiser.", "latent_mean", "latent_std"), "consistency": ("student.",)}
_crops = crops


def kl_divergence(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(q || N(0, I)), summed over latent dimensions, mean over the batch."""
    return 0.5 * (mu.float() ** 2 + logvar.float().exp() - 1 - logvar.float()).sum((1, 2)).mean()


def _vae_stage(model: MLD, data: PackData, val: ValData, batch: int):
    net, config = model.vae, model.config.vae

    def sample(generator):
        index = torch.randint(len(data.tensors.lengths), (batch,), generator=generator)
        return _crops(data, index, generator, config.max_frames, 0.5) + (torch.randn(batch, config.latent_tokens, config.latent_dim, generator=generator).to(data.device),)

    def loss_fn(wrapped, b):
        x, padding, eps = b
        mu, logvar = wrapped.encode(x, padding)
        recon = wrapped.decode(mu + (0.5 * logvar).exp() * eps, padding)
        mse, kl = masked_mse(recon, x, padding), kl_divergence(mu, logvar)
        return mse + config.kl_weight * kl, {"mse": float(mse.detach()), "kl": float(kl.detach())}

    def validate(wrapped):
        mses, kls = [], []
        for rows in torch.arange(len(val.lengths), device=data.device).split(128):
            mu, logvar = wrapped.encode(val.features[rows], val.padding[rows])
            mses.append(float(masked_mse(wrapped.decode(mu, val.padding[rows]), val.features[rows], val.padding[rows])) * len(rows))
            kls.append(float(kl_divergence(mu, logvar)) * len(rows))
        return {"mse": sum(mses) / len(val.lengths), "kl": sum(kls) / len(val.lengths)}

    return net, sample, loss_fn, validate


@torch.no_grad()
def latent_statistics(model: MLD, data: PackData, clips: int = 4096) -> None:
    """Per-dimension mean and std of the posterior means of up to ``clips`` training clips -> the model's latent buffers."""
    model.vae.eval()
    generator = torch.Generator().manual_seed(7)
    index = torch.randperm(len(data.tensors.lengths), generator=generator)[:clips]
    latents = []
    for rows in index.split(256):
        x, padding = _crops(data, rows, generator, model.config.max_frames, 1.0)
        latents.append(model.vae.encode(x, padding)[0].float())
    latents = torch.cat(latents)
    model.latent_mean.copy_(latents.mean(0))
    model.latent_std.copy_(latents.std(0).clamp(min=1e-4))


def _denoiser_stage(model: MLD, data: PackData, val: ValData, batch: int, text_noise: float = 0.0):
    net, config = model.denoiser, model.config
    schedule = schedule_of(config)
    bars = schedule.alpha_bars.float().to(data.device)
    shape = (config.vae.latent_tokens, config.vae.latent_dim)
    model.vae.eval()

    def diffusion_latents(x, padding, eps=None):
        with torch.no_grad():
            mu, logvar = model.vae.encode(x, padding)
            latent = mu if eps is None else mu + (0.5 * logvar).exp() * eps
            return model.to_diffusion(latent.float())

    def sample(generator):
        index = torch.randint(len(data.tensors.lengths), (batch,), generator=generator)
        x, padding = _crops(data, index, generator, config.max_frames, 0.9)
        draws = [torch.randn(batch, *shape, generator=generator).to(data.device) for _ in range(2)]
        t = torch.randint(schedule.steps, (batch,), generator=generator).to(data.device)
        return x, padding, data.text(index, generator, config.denoiser.cond_drop, text_noise), t, draws[0], draws[1]

    def loss_fn(wrapped, b):
        x, padding, text, t, noise, posterior = b
        z0 = diffusion_latents(x, padding, posterior)
        a = bars[t].view(-1, 1, 1)
        zt = a.sqrt() * z0 + (1 - a).sqrt() * noise
        loss = F.mse_loss(wrapped(zt, t, text).float(), noise)
        return loss, {}

    fixed_t = torch.linspace(0, schedule.steps - 1, len(val.lengths)).long().to(data.device)
    fixed_noise = torch.randn(len(val.lengths), *shape, generator=val.generator).to(data.device)

    def validate(wrapped):
        z0 = diffusion_latents(val.features, val.padding)
        a = bars[fixed_t].view(-1, 1, 1)
        zt = a.sqrt() * z0 + (1 - a).sqrt() * fixed_noise
        error = (wrapped(zt, fixed_t, val.text).float() - fixed_noise) ** 2
        high = fixed_t >= schedule.steps // 2
        return {"eps_mse": float(error.mean()), "eps_mse_low_t": float(error[~high].mean()), "eps_mse_high_t": float(error[high].mean())}

    return net, sample, loss_fn, validate


def pseudo_huber(a: torch.Tensor, b: torch.Tensor, c: float = 0.03) -> torch.Tensor:
    return (((a.float() - b.float()) ** 2).flatten(1).mean(1) + c * c).sqrt().mean() - c


def _consistency_stage(model: MLD, data: PackData, val: ValData, batch: int, text_noise: float = 0.0):
    config = model.config
    cc = config.consistency
    schedule = schedule_of(config)
    bars = schedule.alpha_bars.float().to(data.device)
    points = torch.tensor(grid_timesteps(schedule, cc.grid), device=data.device)
    skip = schedule.steps // cc.grid
    shape = (config.vae.latent_tokens, config.vae.latent_dim)
    teacher, student = model.denoiser.eval(), model.student
    for p in teacher.parameters():
        p.requires_grad_(False)
    target = copy.deepcopy(student).eval()
    for p in target.parameters():
        p.requires_grad_(False)
    model.vae.eval()

    def sample(generator):
        index = torch.randint(len(data.tensors.lengths), (batch,), generator=generator)
        x, padding = _crops(data, index, generator, config.max_frames, 0.9)
        j = torch.randint(cc.grid, (batch,), generator=generator).to(data.device)
        w = (cc.guidance_min + torch.rand(batch, generator=generator) * (cc.guidance_max - cc.guidance_min)).to(data.device)
        draws = [torch.randn(batch, *shape, generator=generator).to(data.device) for _ in range(2)]
        return x, padding, data.text(index, generator, 0.0, text_noise), j, w, draws[0], draws[1]

    def f(net, z, t, text, w):
        a = bars[t].view(-1, 1, 1)
        return (z - (1 - a).sqrt() * net(z, t, text, w)) / a.sqrt()

    def loss_fn(wrapped, b):
        x, padding, text, j, w, noise, posterior = b
        with torch.no_grad():
            # The EMA target follows the student (one step behind).
            for p_target, p in zip(target.parameters(), student.parameters()):
                p_target.mul_(cc.target_ema).add_(p.detach(), alpha=1 - cc.target_ema)
            mu, logvar = model.vae.encode(x, padding)
            z0 = model.to_diffusion((mu + (0.5 * logvar).exp() * posterior).float())
            t = points[j]
            s = t - skip
            a_t = bars[t].view(-1, 1, 1)
            zt = a_t.sqrt() * z0 + (1 - a_t).sqrt() * noise
            both = teacher(torch.cat([zt, zt]), torch.cat([t, t]), torch.cat([text, torch.zeros_like(text)]))
            cond, uncond = both.float().chunk(2)
            eps = uncond + w.view(-1, 1, 1) * (cond - uncond)
            x0 = (zt - (1 - a_t).sqrt() * eps) / a_t.sqrt()
            a_s = bars[s.clamp(min=0)].view(-1, 1, 1)
            zs = a_s.sqrt() * x0 + (1 - a_s).sqrt() * eps
            goal = torch.where((s >= 0).view(-1, 1, 1), f(target, zs, s.clamp(min=0), text, w).float(), x0)
        loss = pseudo_huber(f(wrapped, zt, t, text, w), goal)
        return loss, {}

    guidance = 7.5
    clips = min(256, len(val.text))  # a small library has fewer validation clips
    text = val.text[:clips]
    noise = torch.randn(clips, *shape, generator=val.generator).to(data.device)
    renoise = torch.randn(clips, 1, *shape, generator=val.generator).to(data.device)
    with torch.no_grad():
        reference = ddim_latents(teacher, schedule, text, noise, steps=50, guidance=guidance).float()

    def validate(wrapped):
        out = {}
        for steps in (1, 2):
            z = consistency_latents(wrapped, schedule, cc.grid, text, noise, renoise[:, : steps - 1], steps=steps, guidance=guidance)
            out[f"mse_{steps}step_to_ddim50"] = float(((z.float() - reference) ** 2).mean())
        return out

    return student, sample, loss_fn, validate


@torch.no_grad()
def vae_report(model: MLD, val: ValData) -> dict:
    """Reconstruction of the validation draw: mean joint error (mm) with each
    frame's joints relative to its pelvis (as MoMask's tokenizer row) and in
    global coordinates."""
    model.eval()
    errors, global_errors = [], []
    for rows in torch.arange(len(val.lengths), device=val.features.device).split(128):
        mu, _ = model.vae.encode(val.features[rows], val.padding[rows])
        recon = model.denormalise(model.vae.decode(mu, val.padding[rows])).float().cpu().numpy()
        true = model.denormalise(val.features[rows]).float().cpu().numpy()
        for r, x, n in zip(recon, true, val.lengths[rows].cpu().tolist()):
            pred, real = recover_from_ric(r[:n].astype(np.float64)), recover_from_ric(x[:n].astype(np.float64))
            global_errors.append(np.linalg.norm(pred - real, axis=-1).mean() * 1000)
            errors.append(np.linalg.norm((pred - pred[:, :1]) - (real - real[:, :1]), axis=-1).mean() * 1000)
    return {"val_clips": len(errors), "mpjpe_mm": float(np.mean(errors)), "global_mpjpe_mm": float(np.mean(global_errors))}


def untrained_parts(meta: dict) -> tuple[str, ...]:
    """Name prefixes of the networks a run's pack may lack: those of the
    stages its ``training`` record does not list (``mld trim`` drops them so
    a run carries less to the GPU; they start afresh when their stage runs)."""
    trained = meta.get("training", {})
    return tuple(prefix for stage, prefixes in PARTS.items() if stage not in trained for prefix in prefixes)


def vae_moved(meta: dict) -> None:
    """After the VAE trained again its latents mean something else: the
    denoiser's latent statistics are measured again and the student is
    copied from the teacher again when their stages next run."""
    training = meta.setdefault("training", {})
    if "denoiser" in training:
        training["denoiser"]["latent_statistics"] = False
    if "consistency" in training:
        training["consistency"]["student_from_teacher"] = False


def stale_stages(meta: dict) -> list[str]:
    """Stages whose networks were trained on an older VAE's latents."""
    training = meta.get("training", {})
    return [stage for stage, flag in (("denoiser", "latent_statistics"), ("consistency", "student_from_teacher"))
            if stage in training and not training[stage].get(flag, True)]


def trim_pack(source: Path, out: Path, keep: tuple[str, ...]) -> dict:
    """A copy of the pack at ``source`` holding only the networks of the
    ``keep`` stages (the others' records dropped, so training starts them
    afresh): a smaller pack to carry to a training call."""
    unknown = [stage for stage in keep if stage not in STAGES]
    if unknown:
        raise ValueError(f"unknown stage(s) {unknown}; choose from {STAGES}")
    meta_path = Path(source) / "mld.json"
    if not meta_path.is_file():
        raise FileNotFoundError(f"{meta_path}: no MLD pack there")
    meta = {k: v for k, v in json.loads(meta_path.read_text()).items() if k != "files"}
    model = MLD(MLDConfig.from_dict(meta["config"], where=str(meta_path)))
    load_pack_state(model, Path(source), skip=untrained_parts(meta))
    meta["training"] = {stage: entry for stage, entry in meta.get("training", {}).items() if stage in keep}
    drop = untrained_parts(meta)
    save_pack(model, Path(out), meta, keep=lambda name: not name.startswith(drop))
    return meta


def train_mld(pack: Path, out: Path, *, stages: tuple[str, ...], steps: dict, batch: int, device: str, minutes: dict,
              sources: tuple[str, ...] | None, config: MLDConfig | None = None, validate_every: int = 500,
              keep_best: bool = False, patience: int = 0, text_noise: float = 0.0) -> dict:
    """``text_noise``: the denoiser and the consistency student train on
    sentence vectors moved by that much noise (``PackData.text``; validation
    never); recorded per stage. ``keep_best``: the denoiser and consistency stages too end on their
    weights of lowest validation error, stopping after ``patience``
    validations without a new best (own-library fine-tuning). A run that
    starts from a trained pack keeps its feature normalisation (the data is
    normalised like the pack's: its VAE's latents keep their meaning)."""
    started = time.time()
    check_text_noise(text_noise)
    ctx = init_distributed(device)
    data = PackData(Path(pack), ctx.device, sources)
    weights = Path(out) / "weights"
    meta_path = weights / "mld.json"
    meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
    if config is None:
        config = MLDConfig.from_dict(meta["config"], where=str(meta_path)) if "config" in meta else MLDConfig()
    model = MLD(config).to(ctx.device)
    resumed = load_pack_state(model, weights, skip=untrained_parts(meta))
    if resumed:
        data.renormalise(model.mean.cpu().numpy(), model.std.cpu().numpy())
    else:
        model.mean.copy_(torch.from_numpy(data.train.mean))
        model.std.copy_(torch.from_numpy(data.train.std))
    val = ValData(Path(pack), data, config.max_frames, sources)
    meta.update({"text_encoder": data.encoder, "data": data_meta(data, sources)})
    meta.setdefault("training", {})
    report: dict = {"resumed_pack": resumed, "stages": {}}
    device_name = torch.cuda.get_device_name(ctx.device) if ctx.device.type == "cuda" else "cpu"
    for stage in stages:
        done = meta["training"].get(stage, {})
        if stage == "denoiser" and not done.get("latent_statistics"):
            latent_statistics(model, data)
        if stage == "consistency" and not done.get("student_from_teacher"):
            model.student.load_state_dict(model.denoiser.state_dict(), strict=False)
        make = {"vae": _vae_stage, "length": length_stage, "denoiser": _denoiser_stage, "consistency": _consistency_stage}[stage]
        noisy = stage in ("denoiser", "consistency")
        net, sample, loss_fn, validate = make(model, data, val, batch, text_noise) if noisy else make(model, data, val, batch)
        trainer, result = fit_stage(stage, net, sample, loss_fn, validate, ctx=ctx, out=Path(out), lr=LR[stage],
                                    weight_decay=0.0 if stage == "vae" else 0.01, steps=steps[stage], minutes=minutes.get(stage),
                                    validate_every=validate_every,
                                    # the length estimator over-fits after a few hundred steps
                                    keep_best="loss" if stage == "length" else BEST.get(stage, "") if keep_best else "", patience=patience)
        total = result["total_steps"]
        curve = validation_curve(trainer)
        entry = {"steps": trainer.step, "of": total, "minutes": done.get("minutes", 0.0) + result["minutes"], "batch": batch, "lr": LR[stage],
                 "device": device_name, "final": next((r for r in reversed(trainer.history) if "loss" in r), {}),
                 "validation": curve[-1] if curve else {}}
        if noisy:
            entry["text_noise"] = text_noise
        if stage == "denoiser":
            entry["latent_statistics"] = True
        if stage == "consistency":
            entry["student_from_teacher"] = True
        if stage == "vae":
            entry["reconstruction"] = vae_report(model, val)
        meta["training"][stage] = entry
        if stage == "vae":
            vae_moved(meta)
        report["stages"][stage] = {**result, "validation": curve[-3:], **({"reconstruction": entry["reconstruction"]} if stage == "vae" else {})}
        if ctx.is_main:
            save_pack(model, weights, meta)
    report["minutes"] = (time.time() - started) / 60
    report["stale"] = stale_stages(meta)  # trained on an older VAE: run them again before shipping
    return report
