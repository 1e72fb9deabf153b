"""``RemoGenerator``: hybrid retrieval from the pack's database, the
condition mixture over four branches in one batch, DDIM in motion space
(x0-prediction), its own length estimate, and frame-range edits by
inpainting (``sampling``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from ..base import BaseGenerator, Prompt
from ..editing import edit_batches
from ..estimated_length import EstimatedLength
from ..precision import bf16, cpu_has_native_bf16
from ..smoothing import smooth_frames
from ..text_input import TextBatch, TextInput, hashed_vectors
from .config import RemoConfig, tiny_config
from .database import RetrievalDatabase, basis_hash, top
from .model import ReMoDiffuse
from .options import RemoOptions
from .sampling import branch_batch, ddim_motion, mixture_weights, schedule_of
from .spec import SPEC
from .weights import load_model


GENERATE_BATCH = 64  # clips per denoiser batch in generate()
COMPILE_BACKEND = "inductor"  # torch.compile's backend for ``accelerate(compiled=True)`` (tests trace with "eager": no compiler)


class RemoGenerator(EstimatedLength, BaseGenerator):
    spec = SPEC

    def __init__(self, *, model: ReMoDiffuse, database: RetrievalDatabase, text: TextInput, device: torch.device,
                 info: dict | None = None, defaults: RemoOptions | None = None) -> None:
        super().__init__(text=text, device=device, info=info, defaults=defaults or RemoOptions())
        self.model = model.to(device).eval()
        self.schedule = schedule_of(model.config)
        self.database = database
        self._db_text = torch.from_numpy(database.text).to(device)
        self._db_lengths = torch.from_numpy(database.lengths).to(device)
        self._graphs: dict = {}
        self._step_net = self.model.denoiser  # what the graphed loops call (``accelerate(compiled=True)``: fused)
        self.bf16 = False  # CPU fast path (``accelerate``)
        self.compiled = False  # whether the recorded loops run the compiled denoiser

    @classmethod
    def load(cls, folder: Path, *, text: TextInput, device: torch.device) -> "RemoGenerator":
        model, info, database = load_model(Path(folder))
        defaults = RemoOptions.from_pack(info, where=str(Path(folder) / SPEC.pack_file))
        return cls(model=model, database=database, text=text, device=device, info=info, defaults=defaults)

    @property
    def config(self) -> RemoConfig:
        return self.model.config

    # Text (the length methods: EstimatedLength).
    def _condition(self, texts) -> torch.Tensor:
        batch: TextBatch = self.text(list(texts))
        return torch.from_numpy(np.asarray(batch.pooled, dtype=np.float32)).to(self.device)

    # Retrieval.
    def retrieve(self, query: torch.Tensor, frames: list[int]) -> torch.Tensor:
        """(B, k) database entries for sentence vectors ``query`` and requested lengths."""
        r = self.config.retrieval
        requested = torch.tensor(frames, device=self.device)
        return top(self._db_text, self._db_lengths, query, requested, k=min(r.top_k, len(self.database)), length_weight=r.length_weight)

    def retrieved_inputs(self, entries: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(B, k) entries -> motion (B, k, F, C), frames read (B, k), text (B, k, D) on the device.
        The texts come from the dequantised table already on the device (dequantising
        the whole table per call cost ~8 ms of host time); only the k motions are read."""
        k = self.config.retrieval.top_k
        frames, components = self.config.retrieved_frames, self.config.retrieval.components
        ids = entries.cpu().numpy()
        motion = np.zeros((len(ids), k, frames, components), dtype=np.float32)
        read = np.zeros((len(ids), k), dtype=np.int64)
        for b, row in enumerate(ids):
            for j, i in enumerate(row):
                m = self.database.motion(int(i))[:frames]
                motion[b, j, : len(m)], read[b, j] = m, len(m)
        to = lambda a: torch.from_numpy(a).to(self.device)  # noqa: E731
        text = torch.zeros(len(ids), k, self._db_text.shape[1], device=self.device)
        text[:, : entries.shape[1]] = self._db_text[entries.to(self.device)]  # fewer than k entries in a tiny database: zeros
        return to(motion), to(read), text

    def _no_retrieval(self, count: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        k, frames, c = self.config.retrieval.top_k, self.config.retrieved_frames, self.config.retrieval
        return (torch.zeros(count, k, frames, c.components, device=self.device), torch.zeros(count, k, dtype=torch.long, device=self.device),
                torch.zeros(count, k, self.config.denoiser.text_dim, device=self.device))

    # Sampling.
    def _noise(self, count: int, frames: int, seed: int) -> torch.Tensor:
        """One (max_frames, F) draw per clip in order (CPU: the same on every
        device; a clip's noise does not depend on the others in its batch)."""
        generator = torch.Generator().manual_seed(seed)
        feature_dim = self.config.denoiser.feature_dim
        noise = torch.stack([torch.randn(self.max_frames, feature_dim, generator=generator) for _ in range(count)])
        return noise[:, :frames].to(self.device)

    def _sample(self, text: torch.Tensor, frames: list[int], options: RemoOptions, seed: int,
                known: torch.Tensor | None = None, keep: torch.Tensor | None = None, noise: torch.Tensor | None = None) -> torch.Tensor:
        """``noise`` (count, >= length, F): the clips' draws (default: ``_noise`` with ``seed``)."""
        count = len(frames)
        # Retrieval ranks in float32 always (bfloat16 scores can reorder the top k).
        retrieved = self.retrieved_inputs(self.retrieve(text, frames)) if options.retrieval else self._no_retrieval(count)
        low = options.bf16 or self.bf16
        with bf16(self.device, low):
            return self._denoise(text, retrieved, frames, options, seed, known, keep, noise, graphed=self.accelerated, low=low)

    def _denoise(self, text, retrieved, frames, options, seed, known, keep, noise, *, graphed: bool, low: bool = False) -> torch.Tensor:
        count = len(frames)
        length = self.max_frames if graphed and known is None else max(frames)
        frame_mask = torch.arange(length, device=self.device)[None] < torch.tensor(frames, device=self.device)[:, None]
        noise = self._noise(count, length, seed) if noise is None else noise[:, :length]
        weights = mixture_weights(options.guidance, options.shares)
        if known is not None:
            conditions = self.model.denoiser.conditions(text, retrieved)
            return ddim_motion(self.model.denoiser, self.schedule, noise, branch_batch(conditions, frame_mask, weights), steps=options.steps,
                               known=known, keep=keep)
        if graphed:
            key = (options.steps, weights, count, low)  # a bfloat16 loop is recorded under autocast: its own graph
            if key not in self._graphs:
                from ..cuda_graphs import GraphedForward

                self._graphs[key] = GraphedForward(self._loop(options.steps, weights))
            return self._graphs[key](noise, frame_mask, text, *retrieved)
        return self._loop(options.steps, weights)(noise, frame_mask, text, *retrieved)

    def _loop(self, steps: int, weights):
        """The whole sampling call from the sentence vector and the retrieved
        entries on: the condition encoders run once, inside the same CUDA graph
        as the steps (eager, they were ~60 small kernels per call)."""
        def run(noise, frame_mask, text, *retrieved):
            conditions = self.model.denoiser.conditions(text, retrieved)
            return ddim_motion(self._step_net, self.schedule, noise, branch_batch(conditions, frame_mask, weights), steps=steps)

        return run

    @torch.no_grad()
    def accelerate(self, *, compiled: bool = False) -> bool:
        """CUDA: each (steps, mixture, batch) sampling loop replays as one
        CUDA graph over clips padded to ``max_frames``; recorded here (the
        default sampling) and on first use. ``compiled``: the denoiser in
        those loops goes through ``torch.compile`` first (fused kernels:
        fewer per step; compiled once per process); where that fails, the
        loops are recorded uncompiled. CPU with native bfloat16
        (``precision.cpu_has_native_bf16``): the denoiser runs in bfloat16
        (as the per-call option ``bf16`` asks on any device), about 1.6x
        faster here; its quality is the bench row ``remodiffuse_bf16``.
        Other CPUs: no fast path."""
        if self.device.type == "cpu":
            self.bf16 = cpu_has_native_bf16()
            return self.bf16
        if self.device.type != "cuda":
            return False
        for fuse in ((True, False) if compiled else (False,)):
            self._step_net = torch.compile(self.model.denoiser, dynamic=False, backend=COMPILE_BACKEND) if fuse else self.model.denoiser
            self.accelerated = True
            try:
                # Recorded with an empty-text condition: warming up needs no text encoder.
                condition = torch.zeros(1, self.config.denoiser.text_dim, device=self.device)
                self._sample(condition, [self.max_frames], self.defaults, 0)
                torch.cuda.synchronize(self.device)
                self.compiled = fuse
                return True
            except Exception:  # noqa: BLE001 - the eager path always works
                self._graphs.clear()
                self.accelerated = False
        self._step_net = self.model.denoiser
        return False

    @torch.no_grad()
    def _generate(self, prompts: list[Prompt], options: RemoOptions, *, seed: int) -> list[np.ndarray]:
        """In batches of GENERATE_BATCH clips (the denoiser works on whole
        motions: a test split at once needs tens of GB); each clip's noise is
        its own draw, whatever the batching."""
        noise = self._noise(len(prompts), self.max_frames, seed)
        out = []
        for start in range(0, len(prompts), GENERATE_BATCH):
            part = prompts[start: start + GENERATE_BATCH]
            frames = [p.frames for p in part]
            x = self._sample(self._condition([p.text for p in part]), frames, options, seed, noise=noise[start: start + len(part)])
            out += [smooth_frames(f[:n], options.smooth) for f, n in zip(self.model.denormalise(x).float().cpu().numpy(), frames)]
        return out

    def _edit(self, features: np.ndarray, keep: np.ndarray, text: str, options: RemoOptions, *, seed: int) -> np.ndarray:
        return self._edit_many([features], [keep], [text], options, seeds=[seed])[0]

    @torch.no_grad()
    def _edit_many(self, features: list[np.ndarray], keeps: list[np.ndarray], texts: list[str], options: RemoOptions, *,
                   seeds: list[int]) -> list[np.ndarray]:
        """Edits in batches of ``GENERATE_BATCH`` clips of similar length,
        padded to the longest (padded frames are masked out of the
        denoiser); each clip has its own seed's noise."""
        out: list[np.ndarray | None] = [None] * len(features)
        for chunk, frames, known, kept in edit_batches(features, keeps, GENERATE_BATCH):
            noise = torch.cat([self._noise(1, known.shape[1], seeds[i]) for i in chunk])
            x = self._sample(self._condition([texts[i] for i in chunk]), frames, options, 0,
                             known=self.model.normalise(torch.from_numpy(known).to(self.device)), keep=torch.from_numpy(kept).to(self.device),
                             noise=noise)
            # (smoothing mixes kept frames into the range's first frames; the platform restores the kept ones exactly)
            for b, (i, n) in enumerate(zip(chunk, frames)):
                out[i] = smooth_frames(self.model.denormalise(x[b, :n]).float().cpu().numpy(), options.smooth)
        return out

def tiny_database(config: RemoConfig, entries: int = 6) -> RetrievalDatabase:
    """Random entries for the contract tests."""
    rng = np.random.default_rng(0)
    frames = rng.integers(24, config.max_frames + 1, size=entries)
    read = -(-frames // config.retrieval.stride)
    text = rng.normal(size=(entries, config.denoiser.text_dim))
    text /= np.linalg.norm(text, axis=1, keepdims=True)
    return RetrievalDatabase(
        text_codes=np.round(text * 127 / np.abs(text).max(1, keepdims=True)).astype(np.int8),
        text_scales=(np.abs(text).max(1) / 127).astype(np.float32),
        motion_codes=rng.integers(-127, 128, size=(int(read.sum()), config.retrieval.components)).astype(np.int8),
        motion_scales=np.full(config.retrieval.components, 0.01, dtype=np.float32),
        offsets=np.concatenate([[0], np.cumsum(read)]).astype(np.int64), lengths=frames.astype(np.int64),
        takes=np.arange(entries, dtype=np.int64), meta={"basis": basis_hash(np.zeros((config.retrieval.components, 263)))})


def tiny_generator() -> RemoGenerator:
    """Random tiny weights (contract tests): text vectors from a hash of the
    prompt; the zero-initialised output layers get small random weights so
    the sample depends on its inputs."""
    torch.manual_seed(0)
    config = tiny_config()
    model = ReMoDiffuse(config)
    with torch.no_grad():
        for p in model.parameters():
            if not p.any():
                p.normal_(0.0, 0.05)
    return RemoGenerator(model=model, database=tiny_database(config), text=hashed_vectors(), device=torch.device("cpu"))
