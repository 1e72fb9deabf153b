"""Training BAMM's base transformer on top of a pack of the generator it
shares networks with (``registry.SHARES_WITH``), in
three commands:

1. ``python -m backend bamm tokenize --pack .carry/labels --shared <pack folder> --out .carry/bamm-tokens``
   (CPU, here): every training and validation clip through that pack's
   tokenizer. The carry holds base codes, lengths, caption rows and the
   caption embeddings: a few MB, where the clips plus the shared pack would
   not fit in what travels to the GPU.
2. ``python -m backend bamm train --tokens .carry/bamm-tokens --out runs/...``
   (GPU): the base transformer, resumable and time-boxed like every stage
   (the harness), a validation loss on the validation split every
   ``validate_every`` steps (the curve committed with the weights); writes
   the base weights (fp16) and ``base.json``.
3. ``python -m backend bamm pack --run runs/... --tokens .carry/bamm-tokens --out <folder>``
   (anywhere): the weight pack, with the tokenizer, the residual transformer
   and the normalisation of the shared pack, which ``tokenize`` stored in
   the tokens folder (``reused-*.safetensors``, hashes checked), so a BAMM
   pack never depends on another being installed.

Each training sample is either autoregressive (no condition visible) or
bidirectional (conditions visible: scattered codes, as in the paper, or a
kept prefix and/or suffix, the shapes editing and long motion give), with
the stream inputs corrupted by random codes at a rate U(0, ``max_corrupt``).
Loss: cross-entropy on every code and END the sample does not show.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from ...data.dataset import load_build
from ...data.pack import EMBEDDINGS, read_pack_embeddings
from ...eval.tensors import split_tensors
from ...train.checkpoint import load_sharded, save_sharded
from ...train.distributed import init_distributed
from ...train.harness import Trainer, TrainConfig
from ...train.pack_data import PackData
from ...train.text_noise import check_text_noise, move_vectors
from ...components.token_clips import encode_all
from ..packs import PackError, file_hashes
from .config import BAMMConfig
from .model import BAMM
from .transformer import BAMMTransformer
from .weights import load_shared, save_pack, shared_generator, shared_layout

TOKENS = "tokens.npz"
SOURCE = "source.json"
REUSED = "reused"  # reused-NNNNN.safetensors: the shared pack's tokenizer, residual transformer, mean and std (fp16)
REUSED_PARTS = ("tokenizer.", "residual.", "mean", "std")
BASE = "base"  # run sub-folder: base weights (fp16) and base.json
VAL_CLIPS = 512


def corrupt_batch(net, codes: torch.Tensor, lengths: torch.Tensor, u: torch.Tensor) -> dict:
    """One training batch's sequences and masks.

    codes (B, S-1) base codes (0 past the length), lengths (B,) in codes, u
    (B, 6 + 3 S) uniform numbers (the sample's randomness, drawn by the
    caller so a batch is reproducible) -> dict with ``seq`` (B, S) targets
    (codes, END, PAD), ``context``/``visible`` (B, S), ``inputs`` (B, S-1)
    and ``loss_mask`` (B, S)."""
    config = net.config
    batch, slots = len(codes), net.slots
    device = codes.device
    pos = torch.arange(slots, device=device)[None]
    seq = torch.full((batch, slots), net.pad_id, dtype=torch.long, device=device)
    seq[:, : codes.shape[1]] = codes
    seq = torch.where(pos < lengths[:, None], seq, net.pad_id)
    seq = torch.where(pos == lengths[:, None], net.end_id, seq)
    is_code = pos < lengths[:, None]
    mode, pattern, fraction, first, last, rate = (u[:, i] for i in range(6))
    scores, corrupt_scores, random_codes = u[:, 6: 6 + slots], u[:, 6 + slots: 6 + 2 * slots], u[:, 6 + 2 * slots: 6 + 3 * slots]
    n = lengths.float()
    scattered = scores < (fraction * config.max_visible)[:, None]
    # Spans: both ends (inpainting), a prefix (prefix completion, long motion), a suffix (suffix completion).
    # pattern: [0, 1/2) scattered, [1/2, 2/3) both ends, [2/3, 5/6) prefix, [5/6, 1) suffix.
    both, prefix_only = (pattern >= 1 / 2) & (pattern < 2 / 3), (pattern >= 2 / 3) & (pattern < 5 / 6)
    head = torch.where(both, first * 0.45, first * 0.9) * n
    tail = torch.where(both, last * 0.45, last * 0.9) * n
    head = torch.where(both | prefix_only, head, torch.zeros_like(head))
    tail = torch.where(both | ~prefix_only, tail, torch.zeros_like(tail))
    spans = (pos < head.long()[:, None]) | (pos >= (n - tail).ceil().long()[:, None])
    bidirectional = (mode < config.bidirectional)[:, None]
    visible = torch.where((pattern < 0.5)[:, None], scattered, spans) & is_code
    visible = (visible | ~is_code) & bidirectional
    context = torch.where(visible, seq, net.mask_id)
    corrupted = is_code & ~visible & (corrupt_scores < (rate * config.max_corrupt)[:, None])
    inputs = torch.where(corrupted, (random_codes * net.codebook_size).long().clamp(max=net.codebook_size - 1), seq)[:, :-1]
    loss_mask = (pos <= lengths[:, None]) & ~visible
    return {"seq": seq, "context": context, "visible": visible, "inputs": inputs, "loss_mask": loss_mask}


def base_loss(wrapped, net, text, codes, lengths, u) -> tuple[torch.Tensor, dict]:
    b = corrupt_batch(net, codes, lengths, u)
    logits = wrapped(text, b["context"], b["visible"], b["inputs"])
    chosen = b["loss_mask"]
    loss = F.cross_entropy(logits[chosen].float(), b["seq"][chosen])
    accuracy = (logits[chosen].argmax(-1) == b["seq"][chosen]).float().mean()
    ends = b["seq"][chosen] == net.end_id
    end_accuracy = (logits[chosen][ends].argmax(-1) == net.end_id).float().mean() if bool(ends.any()) else torch.zeros(())
    return loss, {"acc": float(accuracy), "end_acc": float(end_accuracy)}


def _randomness(batch: int, slots: int, generator: torch.Generator, device) -> torch.Tensor:
    return torch.rand(batch, 6 + 3 * slots, generator=generator).to(device)


# 1. Tokenize.
def _split_rows(tensors) -> dict:
    return {"caption_rows": tensors.caption_rows.cpu().numpy().astype(np.int32), "caption_counts": tensors.caption_counts.cpu().numpy().astype(np.int32)}


def tokenize(pack: Path, shared_pack: Path, out: Path, *, sources: tuple[str, ...] | None = None, renormalise: bool = False) -> dict:
    """Base codes of every training and validation clip (the tokenizer of
    ``shared_pack``, a pack of the generator BAMM shares networks with) ->
    ``out``. ``renormalise``: the pack's clips come from another build (a
    user's own library, fine-tuning): normalise them with the shared pack's
    statistics so its codes keep their meaning."""
    device = torch.device("cpu")
    data = PackData(pack, device, sources)
    model, info = load_shared(shared_pack)
    gap = float(np.abs(model.mean.numpy() - data.train.mean).max() / np.abs(data.train.mean).max())
    if renormalise:
        data.renormalise(model.mean.numpy(), model.std.numpy())
    elif gap > 1e-3:
        raise ValueError(f"{shared_pack} was trained on another build (its feature mean differs by {gap:.1%} from this pack's): "
                         "tokenize the build that pack saw")
    codes, tokens = encode_all(model, data)
    val = load_build(pack, "val", mirrored=False)
    if sources:
        val = type(val)(val.name, tuple(i for i in val.items if i.source in sources), val.mean, val.std)
    holder = type("Split", (), {})()
    holder.tensors, holder.device = split_tensors(val, data.caption_index, device, max_frames=200), device
    holder.tensors.features = (holder.tensors.features - torch.from_numpy(data.train.mean)) / torch.from_numpy(data.train.std)
    val_codes, val_tokens = encode_all(model, holder)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    arrays = {"train_codes": codes[..., 0].numpy().astype(np.int16), "train_lengths": tokens.numpy().astype(np.int16),
              "val_codes": val_codes[..., 0].numpy().astype(np.int16), "val_lengths": val_tokens.numpy().astype(np.int16)}
    arrays.update({f"train_{k}": v for k, v in _split_rows(data.tensors).items()})
    arrays.update({f"val_{k}": v for k, v in _split_rows(holder.tensors).items()})
    np.savez_compressed(out / TOKENS, **arrays)
    shutil.copyfile(Path(pack) / EMBEDDINGS, out / EMBEDDINGS)
    config = model.config.to_dict()
    source = {
        "shared": {"generator": shared_generator(), "pack": str(shared_pack), "files": info.get("files", {}),
                   "tokenizer": config["tokenizer"], "residual": config["residual"], "max_frames": config["max_frames"],
                   "training": {k: info.get("training", {}).get(k) for k in ("tokenizer", "residual")}},
        "text_encoder": data.encoder,
        "data": {"build": data.manifest["config"]["name"], "sources": list(sources or data.manifest["config"]["sources"]),
                 "licence": "Commercial use allowed (CMU terms: the data itself may not be resold)" if sources == ("cmu",) else data.manifest["licence"],
                 "commit": data.manifest["commit"]},
        "clips": {"train": len(tokens), "val": len(val_tokens)},
    }
    for old in out.glob(f"{REUSED}-*.safetensors"):
        old.unlink()
    reused = {k: v.half() for k, v in model.state_dict().items() if k.startswith(REUSED_PARTS) and ".ema_" not in k}
    save_sharded(reused, out, REUSED)
    source["reused_files"] = file_hashes(out, REUSED)
    (out / SOURCE).write_text(json.dumps(source, indent=1) + "\n")
    return {"train_clips": len(tokens), "val_clips": len(val_tokens), "mean_tokens": float(tokens.float().mean())}


# 2. Train.
class TokenData:
    """A tokenize folder on ``device``."""

    def __init__(self, folder: Path, device: torch.device) -> None:
        self.source = json.loads((Path(folder) / SOURCE).read_text())
        _, vectors, self.encoder = read_pack_embeddings(folder)
        self.table = torch.from_numpy(vectors).to(device)
        with np.load(Path(folder) / TOKENS) as arrays:
            self.arrays = {k: torch.from_numpy(arrays[k].astype(np.int64)).to(device) for k in arrays.files}
        self.device = device

    def split(self, name: str):
        a = self.arrays
        return a[f"{name}_codes"], a[f"{name}_lengths"], a[f"{name}_caption_rows"], a[f"{name}_caption_counts"]

    def text(self, split: str, index: torch.Tensor, generator: torch.Generator, drop: float, noise: float = 0.0) -> torch.Tensor:
        """One random caption's sentence vector per clip, zeroed ``drop`` of the
        time, moved by ``noise`` (``train.text_noise.move_vectors``)."""
        _, _, rows, counts = self.split(split)
        chosen = (torch.rand(len(index), generator=generator) * counts[index.to(self.device)].float().cpu()).long()
        chosen = torch.minimum(chosen, counts[index.to(self.device)].cpu() - 1)
        vectors = self.table[rows[index.to(self.device), chosen.to(self.device)]]
        keep = (torch.rand(len(index), generator=generator) >= drop).to(self.device)
        return move_vectors(vectors, noise, generator) * keep[:, None]


def config_of(source: dict) -> BAMMConfig:
    return BAMMConfig.sharing(source["shared"], where=SOURCE)


class Validation:
    """A fixed draw of validation clips and captions: the loss in
    autoregressive mode and in bidirectional mode, and END accuracy."""

    def __init__(self, data: TokenData, slots: int) -> None:
        codes, lengths, _, _ = data.split("val")
        generator = torch.Generator().manual_seed(1234)
        pick = torch.randperm(len(codes), generator=generator)[:VAL_CLIPS]
        self.codes, self.lengths = codes[pick.to(data.device)], lengths[pick.to(data.device)]
        self.text = data.text("val", pick, generator, 0.0)
        self.u_ar = _randomness(len(pick), slots, generator, data.device)
        self.u_ar[:, 0] = 1.0  # autoregressive
        self.u_ar[:, 5] = 0.0  # no corruption
        self.u_bi = self.u_ar.clone()
        self.u_bi[:, 0] = 0.0  # bidirectional
        self.clips = len(pick)

    def __call__(self, net) -> dict:
        out = {}
        for name, u in (("ar", self.u_ar), ("bi", self.u_bi)):
            loss, metrics = base_loss(net, net, self.text, self.codes, self.lengths, u)
            out[f"{name}_loss"], out[f"{name}_acc"] = float(loss), metrics["acc"]
            if name == "ar":
                out["end_acc"] = metrics["end_acc"]
        return out


def train_bamm(tokens: Path, out: Path, *, steps: int, batch: int, device: str, minutes: float | None, validate_every: int = 1000,
               lr: float = 2e-4, init: Path | None = None, keep_best: bool = False, patience: int = 0, text_noise: float = 0.0) -> dict:
    """``text_noise``: training sentence vectors moved by that much noise
    (``train.text_noise.move_vectors``; validation never); recorded in the
    base's meta. ``init``: a BAMM weight pack whose base transformer starts a fresh run
    (fine-tuning; ignored once the run has checkpoints). ``keep_best``: end on
    the weights of lowest validation next-token loss (early stopping after
    ``patience`` validations without a new best)."""
    started = time.time()
    check_text_noise(text_noise)
    ctx = init_distributed(device)
    data = TokenData(tokens, ctx.device)
    config = config_of(data.source)
    net = BAMMTransformer(config.base, codebook_size=config.tokenizer.codebook_size).to(ctx.device)
    if init is not None and not (Path(out) / "base_run").exists():
        state = {k[len("base."):]: v.float() for k, v in load_sharded(Path(init), "bamm").items() if k.startswith("base.")}
        missing, unexpected = net.load_state_dict(state, strict=False)
        missing = [k for k in missing if ".ema_" not in k]
        if missing or unexpected:
            raise ValueError(f"{init}: its base transformer does not match this config (missing {missing[:4]}, unexpected {unexpected[:4]})")
    codes, lengths, _, _ = data.split("train")
    validation = Validation(data, net.slots)
    drop = net.config.cond_drop

    def sample(generator):
        index = torch.randint(len(lengths), (batch,), generator=generator)
        dev = index.to(data.device)
        return data.text("train", index, generator, drop, text_noise), codes[dev], lengths[dev], _randomness(batch, net.slots, generator, data.device)

    def loss_fn(wrapped, b):
        return base_loss(wrapped, net, *b)

    trainer = Trainer(model=net, loss_fn=loss_fn, sample=sample, ctx=ctx, out_dir=Path(out) / "base_run", validate=validation,
                      config=TrainConfig(steps=steps, lr=lr, weight_decay=0.01, warmup_steps=500, log_every=250,
                                         checkpoint_every=2000, max_minutes=minutes, validate_every=validate_every,
                                         keep_best="ar_loss" if keep_best else "", patience=patience))
    result = trainer.fit()
    folder = Path(out) / BASE
    meta_path = folder / "base.json"
    meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {"minutes": 0.0}
    curve = [r for r in trainer.history if "val_ar_loss" in r]
    meta.update({"config": config.to_dict(), "source": data.source, "steps": trainer.step, "of": steps, "batch": batch, "lr": lr,
                 "minutes": meta["minutes"] + result["minutes"],
                 "device": torch.cuda.get_device_name(ctx.device) if ctx.device.type == "cuda" else "cpu",
                 "final": next((r for r in reversed(trainer.history) if "loss" in r), {}), "validation": curve[-1] if curve else {},
                 "validation_clips": validation.clips, "text_noise": text_noise})
    if ctx.is_main:
        for old in folder.glob("bamm-base-*.safetensors"):
            old.unlink()
        save_sharded({k: v.half() for k, v in net.state_dict().items()}, folder, "bamm-base")
        meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    return {"base": result, "validation": curve[-3:], "minutes": (time.time() - started) / 60}


# 3. Pack.
def assemble(run: Path, tokens: Path, out: Path, *, sampling: dict | None = None, share_with: Path | None = None) -> dict:
    """Base weights of a run + the shared parts its tokenize folder holds
    (tokenizer, residual transformer, normalisation; hashes checked) -> a
    BAMM weight pack in ``out``. ``share_with``: the shared generator's pack
    those parts came from; the pack then reads them from there instead of
    holding a copy (``weights``)."""
    meta = json.loads((Path(run) / BASE / "base.json").read_text())
    source = meta["source"]
    if file_hashes(tokens, REUSED) != source.get("reused_files"):
        raise PackError(f"{tokens}: its shared parts are not the ones run {run} was trained with")
    model = BAMM(BAMMConfig.from_dict(meta["config"]))
    reused = {k: v.float() for k, v in load_sharded(Path(tokens), REUSED).items()}
    base = {f"base.{k}": v.float() for k, v in load_sharded(Path(run) / BASE, "bamm-base").items()}
    missing, unexpected = model.load_state_dict({**reused, **base}, strict=False)
    missing = [k for k in missing if ".ema_" not in k]
    if missing or unexpected:
        raise PackError(f"weights do not match the config: missing {missing[:6]}, unexpected {unexpected[:6]}")
    training = {"base": {**{k: meta[k] for k in ("steps", "of", "batch", "lr", "minutes", "device", "final", "validation", "validation_clips")},
                         "text_noise": meta.get("text_noise", 0.0)},
                **{k: v for k, v in source["shared"]["training"].items() if v is not None}}
    shared = source["shared"]
    pack_meta = {"text_encoder": source["text_encoder"], "data": source["data"], "training": training,
                 "reused_from": {"generator": shared["generator"], "pack": shared["pack"], "files": shared["files"],
                                 "parts": ["tokenizer", "residual", "mean", "std"]}}
    if sampling:
        pack_meta["sampling"] = sampling
    if share_with is not None and file_hashes(Path(share_with), shared_layout()[1]) != shared["files"]:
        raise PackError(f"{share_with} is not the {shared_layout()[2]} pack {tokens} was tokenized with ({shared['pack']})")
    save_pack(model, Path(out), pack_meta, share_with=share_with)
    return {"pack": str(out), "parameters": sum(p.numel() for p in model.parameters()),
            "bytes": sum(f.stat().st_size for f in Path(out).glob("bamm-*.safetensors"))}
