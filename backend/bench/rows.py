"""Which benchmark rows exist: derived from the registry and the packs on disk.

For each registered generator and each of its installed packs (``<name>`` for
the default pack, ``<name>_<pack>`` otherwise) there is a plain row plus
``_footlock`` and ``_inbetween``; ``_outpaint``, ``_prefix`` and ``_suffix``
where the spec says it edits natively; ``_recon`` where it reconstructs
(tokenizer or VAE round trip), ``_autolen`` where it predicts lengths and
``_steps<N>`` for each of the spec's ``bench_steps`` (the sidebar's steps)
and ``_<variant>`` for each of its ``bench_variants`` (other per-call options),
``_inbetween_<variant>`` for each of its ``bench_edit_variants`` (in-betweening
with other per-call options).
``sanity_real`` and ``sanity_random_train`` prove the benchmark itself;
``sanity_random_train``, ``sanity_retrieval`` (nearest training caption's
motion) and ``sanity_real_val`` (validation takes) are the FID floors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..generators import registry

SANITY = ("sanity_real", "sanity_random_train", "sanity_retrieval", "sanity_real_val")
NATIVE_EDIT_TASKS = ("outpaint", "prefix", "suffix")  # edit-task rows (``tasks.EDIT_TASKS``) for generators that edit natively


def generator_rows(*, root: Path | str | None = None) -> dict[str, tuple[str, str, str]]:
    """row -> (generator, pack, task) with task in "", recon, autolen, footlock, inbetween, outpaint, prefix, suffix, steps<N>,
    a bench variant's name or inbetween_<edit variant's name>."""
    rows = {}
    for spec in registry.specs():
        tasks = (["", "footlock", "inbetween"] + (list(NATIVE_EDIT_TASKS) if spec.edits_natively else [])
                 + (["recon"] if spec.reconstructs else []) + (["autolen"] if spec.predicts_length else [])
                 + [f"steps{n}" for n in spec.bench_steps] + [v for v, _ in spec.bench_variants]
                 + [f"inbetween_{v}" for v, _ in spec.bench_edit_variants])
        for pack in registry.installed_packs(spec.name, root=root):
            key = spec.name if pack == "default" else f"{spec.name}_{pack}"
            for task in tasks:
                rows[key + (f"_{task}" if task else "")] = (spec.name, pack, task)
    return rows


def row_names(*, root: Path | str | None = None) -> list[str]:
    return list(SANITY) + list(generator_rows(root=root))


def text_input_for(spec, vectors: Callable):
    """A bench text input: the caption vectors for pooled generators; the
    spec's text encoder for token-state generators."""
    from ..generators.text_input import from_encoder, from_vectors

    if spec.text_input == "pooled":
        return from_vectors(vectors)
    from ..text import get_text_encoder

    return from_encoder(get_text_encoder(spec.text_encoder), "tokens")
