"""MoMask on a user's own library (``python -m backend library train``):
fine-tuning keeps the base pack's tokenizer (its motion codes), feature
normalisation and length estimator; from scratch, every stage trains."""

from __future__ import annotations

from pathlib import Path

STAGES = ("tokenizer", "length", "masked", "residual")
# The length estimator maps text to a duration, which is general; on a small
# library it over-fits within minutes (validation loss 22 after a 3-minute
# CPU box on a 1-hour library).
KEPT = "its tokenizer, feature normalisation and length estimator kept"  # by fine-tuning (the model card says so)
FINE_TUNE_STAGES = ("masked", "residual")


def check_stages(stages: tuple[str, ...], fine_tuning: bool) -> None:
    if fine_tuning and "tokenizer" in stages:
        raise ValueError("fine-tuning keeps the base pack's tokenizer (its motion codes): leave 'tokenizer' out, or train from scratch with --base none")


def prepare(*, pack: Path, work: Path, run: Path, base: str, base_folder: Path | None, log) -> None:
    """First process only: the base pack becomes the run's starting weights."""
    from ...train.library import start_from_base

    if start_from_base(base_folder, run, "momask.json"):
        log(f"fine-tuning MoMask's {base!r} pack ({base_folder})")


def train(*, pack: Path, work: Path, run: Path, base_folder: Path | None, stages: tuple[str, ...], steps: int, batch: int, device: str,
          minutes: float | None, validate_every: int, patience: int) -> dict:
    from .train import train_momask

    return train_momask(pack, run, stages=stages, steps={s: steps for s in STAGES}, batch=batch, device=device, minutes=minutes, sources=None,
                        validate_every=validate_every, keep_best=True, patience=patience)


def write(*, run: Path, work: Path, out: Path) -> None:
    from ...train.library import publish_weights

    publish_weights(run, out)
