"""BAMM on a user's own library (``python -m backend library train``): the
library is tokenized with the tokenizer the base BAMM pack shares (its
``registry.SHARES_WITH``; normalised like that pack), and the base
transformer starts from the shipped BAMM pack's (from scratch: the shared
generator's CMU tokenizer, a fresh base). The pack written holds its shared
parts itself."""

from __future__ import annotations

from pathlib import Path

STAGES = ("base",)
KEPT = "its shared tokenizer, residual transformer and feature normalisation kept"  # by fine-tuning (the model card says so)
FINE_TUNE_STAGES = ("base",)


def check_stages(stages: tuple[str, ...], fine_tuning: bool) -> None:
    return None


def prepare(*, pack: Path, work: Path, run: Path, base: str, base_folder: Path | None, log) -> None:
    """First process only: the library's codes."""
    from .. import registry
    from .train import SOURCE, TOKENS, tokenize
    from .weights import shared_generator

    tokens = work / "tokens"
    if (tokens / SOURCE).is_file() and (tokens / TOKENS).is_file():
        return
    generator = shared_generator()
    shared = registry.pack_folder(generator, "cmu" if base_folder is None else base)
    log(f"tokenizing the library with the tokenizer of {generator}'s {shared.name!r} pack -> {tokens}")
    tokenize(pack, shared, tokens, renormalise=True)


def train(*, pack: Path, work: Path, run: Path, base_folder: Path | None, stages: tuple[str, ...], steps: int, batch: int, device: str,
          minutes: float | None, validate_every: int, patience: int) -> dict:
    from .train import train_bamm

    result = train_bamm(work / "tokens", run, steps=steps, batch=batch, device=device, minutes=minutes, init=base_folder,
                        validate_every=validate_every, keep_best=True, patience=patience)
    return {"stages": {"base": result["base"]}}


def write(*, run: Path, work: Path, out: Path) -> None:
    from .train import assemble

    assemble(run, work / "tokens", out)
