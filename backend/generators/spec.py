"""What a generator declares about itself: one ``GeneratorSpec`` per
generator, in its folder's ``spec.py`` (plain data: importing it loads no
model and no torch).

Everything outside a generator's folder (the UI enum, the CLI choices, the
bench rows, the contract tests, the studio) reads these fields instead of
naming a generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT_INPUTS = ("pooled", "tokens")


@dataclass(frozen=True)
class PackSpec:
    """A weight pack a generator may ship: ``<generator>/<name>/`` under the
    bundled assets or a user's models folder."""

    name: str
    label: str
    licence: str


@dataclass(frozen=True)
class GeneratorSpec:
    """One generator.

    ``factory``: ``"module:Class"`` whose ``load(folder, *, text, device)``
    returns the generator (module paths starting with ``.`` are relative to
    ``backend.generators``). ``tiny``: ``"module:function"`` returning a
    tiny random-weight instance for the contract tests (CPU, seconds).
    ``cli``: a module with ``add_parser(subparsers)`` for the generator's own
    commands (training), added to ``python -m backend``.
    ``options``: ``"module:Class"``, the frozen per-call options dataclass
    (torch-free module); ``ui_options`` maps the sidebar's generic names
    (``guidance``, ``steps``) to its fields. ``pack_file``: the JSON beside
    the weights (config, text encoder, licence, sampling defaults).
    ``text_input``: ``pooled`` (one sentence vector) or ``tokens`` (per-word
    states and mask) from ``text_encoder``.
    """

    name: str
    label: str
    description: str
    paper: str
    factory: str
    options: str
    pack_file: str
    tiny: str = ""
    cli: str = ""
    order: int = 100
    predicts_length: bool = False
    edits_natively: bool = False
    reconstructs: bool = False
    min_frames: int = 24
    max_frames: int = 196
    # The longest clip ``generate`` makes (0: ``max_frames``). Longer than
    # ``max_frames`` only for generators that chain windows themselves;
    # edits always work within ``max_frames``.
    longest_frames: int = 0
    text_encoder: str = "minilm"
    text_input: str = "pooled"
    packs: tuple[PackSpec, ...] = ()
    ui_options: tuple[tuple[str, str], ...] = field(default=())
    # Extra bench rows sampled with these numbers of steps (the sidebar's
    # ``steps``), e.g. a few-step sampler beside the default.
    bench_steps: tuple[int, ...] = ()
    # Extra bench rows ``<name>_<variant>`` sampled with these per-call
    # options, e.g. an ablation: (("noretrieval", (("retrieval", False),)),).
    bench_variants: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()
    # Extra in-betweening rows ``<name>_inbetween_<variant>`` edited with these
    # per-call options, e.g. a baseline: (("crossfade", (("edit_guidance", 0.0),)),).
    bench_edit_variants: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()
    # Training on a user's own library (``python -m backend library train``):
    # a module with STAGES, FINE_TUNE_STAGES, check_stages, prepare, train and
    # write (see ``train/library.py``); "" when the generator has none yet.
    library: str = ""

    def __post_init__(self) -> None:
        if not self.name.isidentifier() or self.name != self.name.lower():
            raise ValueError(f"generator name {self.name!r} must be a lower-case identifier")
        if self.text_input not in TEXT_INPUTS:
            raise ValueError(f"{self.name}: text_input must be one of {TEXT_INPUTS}, got {self.text_input!r}")
        if not 1 <= self.min_frames <= self.max_frames:
            raise ValueError(f"{self.name}: need 1 <= min_frames <= max_frames")
        if self.bench_steps and "steps" not in dict(self.ui_options):
            raise ValueError(f"{self.name}: bench_steps needs a 'steps' ui option")
        if any(not v.isidentifier() or v.startswith("steps") for v, _ in self.bench_variants + self.bench_edit_variants):
            raise ValueError(f"{self.name}: bench variant names must be identifiers not starting with 'steps'")
        if self.longest_frames and self.longest_frames < self.max_frames:
            raise ValueError(f"{self.name}: longest_frames must be 0 or at least max_frames")

    @property
    def longest(self) -> int:
        """The longest clip ``generate`` makes, in generator frames."""
        return self.longest_frames or self.max_frames
