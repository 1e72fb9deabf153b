"""ReMoDiffuse on a user's own library (``python -m backend library train``):
fine-tuning starts from the base pack's weights and keeps its feature
normalisation, principal components and length estimator (text to duration
is general); the denoiser trains on the library's captions, ending on its
weights of lowest validation x0-MSE; the retrieval database is rebuilt from
the library's training split, so the pack retrieves the studio's own motion.
From scratch, both stages train."""

from __future__ import annotations

from pathlib import Path

STAGES = ("length", "denoiser")
KEPT = "its feature normalisation, principal components and length estimator kept; the retrieval database rebuilt from this library"  # by fine-tuning (the model card says so)
FINE_TUNE_STAGES = ("denoiser",)


def check_stages(stages: tuple[str, ...], fine_tuning: bool) -> None:
    return None


def prepare(*, pack: Path, work: Path, run: Path, base: str, base_folder: Path | None, log) -> None:
    """First process only: the base pack becomes the run's starting weights."""
    from ...train.library import start_from_base
    from .weights import PACK_FILE

    if start_from_base(base_folder, run, PACK_FILE):
        log(f"fine-tuning ReMoDiffuse's {base!r} pack ({base_folder}); its retrieval database is rebuilt from the library")


def train(*, pack: Path, work: Path, run: Path, base_folder: Path | None, stages: tuple[str, ...], steps: int, batch: int, device: str,
          minutes: float | None, validate_every: int, patience: int) -> dict:
    from .train import train_remodiffuse

    return train_remodiffuse(pack, run, stages=stages, steps={s: steps for s in STAGES}, batch=batch, device=device,
                             minutes={} if minutes is None else {s: minutes for s in STAGES}, sources=None,
                             validate_every=validate_every, keep_best=True, patience=patience)


def write(*, run: Path, work: Path, out: Path) -> None:
    from ...train.library import publish_weights

    publish_weights(run, out)
