"""MLD on a user's own library (``python -m backend library train``):
fine-tuning starts from the base pack and keeps its VAE (the latent space),
feature normalisation, latent statistics and length estimator; the latent
denoiser trains on the library's captions and the few-step student is then
distilled again from it, each ending on its weights of lowest validation
error. From scratch, every stage trains."""

from __future__ import annotations

from pathlib import Path

STAGES = ("vae", "length", "denoiser", "consistency")
KEPT = "its VAE, feature normalisation, latent statistics and length estimator kept; the few-step student distilled again"  # by fine-tuning (the model card says so)
FINE_TUNE_STAGES = ("denoiser", "consistency")


def check_stages(stages: tuple[str, ...], fine_tuning: bool) -> None:
    if fine_tuning and "vae" in stages:
        raise ValueError("fine-tuning keeps the base pack's VAE (its latent space): leave 'vae' out, or train from scratch with --base none")


def prepare(*, pack: Path, work: Path, run: Path, base: str, base_folder: Path | None, log) -> None:
    """First process only: the base pack becomes the run's starting weights."""
    from ...train.library import start_from_base
    from .weights import PACK_FILE

    if start_from_base(base_folder, run, PACK_FILE):
        log(f"fine-tuning MLD's {base!r} pack ({base_folder})")


def train(*, pack: Path, work: Path, run: Path, base_folder: Path | None, stages: tuple[str, ...], steps: int, batch: int, device: str,
          minutes: float | None, validate_every: int, patience: int) -> dict:
    from .train import train_mld

    return train_mld(pack, run, stages=stages, steps={s: steps for s in STAGES}, batch=batch, device=device,
                     minutes={} if minutes is None else {s: minutes for s in STAGES}, sources=None,
                     validate_every=validate_every, keep_best=True, patience=patience)


def write(*, run: Path, work: Path, out: Path) -> None:
    from ...train.library import publish_weights

    publish_weights(run, out)
