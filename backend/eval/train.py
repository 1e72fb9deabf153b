"""Training the evaluator and the label recognisers on a carry pack's
training split (``python -m backend eval train``), through the shared harness."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from ..data.dataset import load_build
from ..data.pack import read_pack_embeddings
from ..train.distributed import init_distributed
from ..train.harness import Trainer, TrainConfig
from . import metrics
from .models import EvaluatorConfig, LabelRecogniser, RecogniserConfig, TextMotionEvaluator, info_nce
from .tensors import pad_features, pick_captions, random_crops, split_tensors
from .weights import save_model


def mirrored_label(name: str) -> str:
    swap = {"left": "right", "right": "left"}
    return "-".join(swap.get(part, part) for part in name.split("-"))


def content_label(item) -> str:
    """The Bandai content an item shows (a mirrored clip shows the mirrored one)."""
    content = item.labels.get("content", "")
    return mirrored_label(content) if item.mirrored else content


@torch.no_grad()
def embed_split(model: TextMotionEvaluator, split, vectors: np.ndarray, caption_index: dict, device, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One random caption per item -> text and motion embeddings (numpy)."""
    model.eval()
    texts, motions = [], []
    for start in range(0, len(split.items), 256):
        chunk = split.items[start:start + 256]
        feats, lengths = pad_features([i.features[: len(i.features) // 4 * 4] for i in chunk], 200)
        mask = torch.arange(200)[None, :] < torch.from_numpy(lengths)[:, None]
        caption_vectors = np.stack([vectors[caption_index[i.captions[rng.integers(len(i.captions))]]] for i in chunk])
        texts.append(model.encode_text(torch.from_numpy(caption_vectors).to(device)).cpu().numpy())
        motions.append(model.encode_motion(torch.from_numpy(feats).to(device), mask.to(device)).cpu().numpy())
    return np.concatenate(texts), np.concatenate(motions)


def train_all(pack: Path, out: Path, *, steps: int, recogniser_steps: int, batch: int, device: str, max_minutes: float | None) -> dict:
    started = time.time()
    ctx = init_distributed(device)
    caption_index, vectors, encoder = read_pack_embeddings(pack)
    train = load_build(pack, "train")
    test = load_build(pack, "test")
    table = torch.from_numpy(vectors).to(ctx.device)
    data = split_tensors(train, caption_index, ctx.device)
    manifest = json.loads((pack / "manifest.json").read_text())

    config = EvaluatorConfig()
    model = TextMotionEvaluator(config)
    model.mean.copy_(torch.from_numpy(train.mean))
    model.std.copy_(torch.from_numpy(train.std))

    def sampler(split):
        def sample(generator):
            index = torch.randint(len(split), (batch,), generator=generator)
            features, mask = random_crops(split, index, generator, min_fraction=0.7, min_frames=24)
            return features, mask, table[pick_captions(split, index, generator)], split.groups[index.to(split.groups.device)]
        return sample

    def loss_fn(wrapped, b):
        features, mask, text_vectors, groups = b
        text, motion = wrapped(features, mask, text_vectors)
        return info_nce(text, motion, groups, config.temperature), {}

    # Validation curve: the same loss over fixed draws of the validation split.
    val_data = split_tensors(load_build(pack, "val"), caption_index, ctx.device)
    val_draws = [sampler(val_data)(torch.Generator().manual_seed(4321 + k)) for k in range(4)]

    def validate(net) -> dict[str, float]:
        return {"loss": float(sum(float(loss_fn(net, b)[0]) for b in val_draws) / len(val_draws))}

    trainer = Trainer(
        model=model, loss_fn=loss_fn, sample=sampler(data), ctx=ctx, out_dir=out / "evaluator_run", validate=validate,
        config=TrainConfig(steps=steps, lr=2e-4, weight_decay=0.01, warmup_steps=300, log_every=200, checkpoint_every=2000, max_minutes=max_minutes,
                           validate_every=1000),
    )
    result = {"evaluator": trainer.fit()}
    minutes_evaluator = (time.time() - started) / 60

    # Label recognisers on the Bandai part (mirrors carry mirrored content labels);
    # a build without Bandai labels (e.g. a user's own library) trains none: the bench
    # then borrows the shipped recogniser.
    bandai_train = [i for i in train.items if i.source == "bandai"]
    recogniser = rec_config = contents = styles = None
    if bandai_train:
        contents = tuple(sorted({content_label(i) for i in bandai_train}))
        styles = tuple(sorted({i.labels["style"] for i in bandai_train}))
        rec_config = RecogniserConfig(contents=contents, styles=styles)
        recogniser = LabelRecogniser(rec_config)
        recogniser.mean.copy_(torch.from_numpy(train.mean))
        recogniser.std.copy_(torch.from_numpy(train.std))
        feats, lengths = pad_features([i.features for i in bandai_train], 200)
        rec_data = replace(data, features=torch.from_numpy(feats).to(ctx.device), lengths=torch.from_numpy(lengths).to(ctx.device))
        content_y = torch.tensor([contents.index(content_label(i)) for i in bandai_train], device=ctx.device)
        style_y = torch.tensor([styles.index(i.labels["style"]) for i in bandai_train], device=ctx.device)

        def rec_sample(generator):
            index = torch.randint(len(bandai_train), (batch,), generator=generator)
            features, mask = random_crops(rec_data, index, generator, min_fraction=0.8, min_frames=24)
            index = index.to(ctx.device)
            return features, mask, content_y[index], style_y[index]

        def rec_loss(wrapped, b):
            features, mask, cy, sy = b
            content_logits, style_logits = wrapped(features, mask)
            loss = F.cross_entropy(content_logits.float(), cy) + F.cross_entropy(style_logits.float(), sy)
            return loss, {"content_acc": float((content_logits.argmax(1) == cy).float().mean()), "style_acc": float((style_logits.argmax(1) == sy).float().mean())}

        rec_trainer = Trainer(
            model=recogniser, loss_fn=rec_loss, sample=rec_sample, ctx=ctx, out_dir=out / "recogniser_run",
            config=TrainConfig(steps=recogniser_steps, lr=3e-4, weight_decay=0.01, warmup_steps=200, log_every=200, checkpoint_every=2000, max_minutes=max_minutes),
        )
        result["recogniser"] = rec_trainer.fit()
    if not ctx.is_main:
        return result

    # Quick real-data scores on the test split (the bench repeats these 20 times);
    # a pack of the training and validation splits only skips them.
    rng = np.random.default_rng(0)
    model.load_state_dict(trainer.ema_state_dict())
    result["test_real"] = result["recogniser_test"] = None
    if len(test.items) >= metrics.BATCH:  # R-precision draws batches of 32
        _test_report(result, model, recogniser, test, vectors, caption_index, contents, styles, ctx.device, rng)
    result["minutes"] = {"evaluator": minutes_evaluator, "total": (time.time() - started) / 60}
    result["device"] = torch.cuda.get_device_name(ctx.device) if ctx.device.type == "cuda" else "cpu"
    meta = {
        "text_encoder": encoder,
        "data": {"build": manifest["config"]["name"], "sources": manifest["config"]["sources"], "licence": manifest["licence"], "commit": manifest["commit"]},
        "training": {"steps": steps, "batch": batch, "minutes": result["minutes"], "device": result["device"], "world_size": ctx.world_size},
        "test_real": result["test_real"],
    }
    save_model(model, out / "weights", "evaluator", config=config, meta=meta)
    if recogniser is not None:
        save_model(recogniser, out / "weights", "recogniser", config=rec_config, meta={**meta, "recogniser_test": result["recogniser_test"], "training": {**meta["training"], "steps": recogniser_steps}})
    (out / "weights" / "train_report.json").write_text(json.dumps(result, indent=1) + "\n")
    return result


def _test_report(result: dict, model, recogniser, test, vectors, caption_index, contents, styles, device, rng) -> None:
    text, motion = embed_split(model, test, vectors, caption_index, device, rng)
    (top1, top2, top3), mm = metrics.r_precision(text, motion, rng)
    result["test_real"] = {"top1": top1, "top2": top2, "top3": top3, "mm_dist": mm, "diversity": metrics.diversity(motion, rng)}
    bandai_test = [i for i in test.items if i.source == "bandai"]
    if recogniser is None or not bandai_test:
        return
    recogniser.eval()
    feats, lengths = pad_features([i.features for i in bandai_test], 200)
    mask = torch.arange(200)[None, :] < torch.from_numpy(lengths)[:, None]
    with torch.no_grad():
        c_logits, s_logits = recogniser(torch.from_numpy(feats).to(device), mask.to(device))
    c_true = [contents.index(content_label(i)) if content_label(i) in contents else -1 for i in bandai_test]
    s_true = [styles.index(i.labels["style"]) for i in bandai_test]
    result["recogniser_test"] = {
        "clips": len(bandai_test),
        "content_acc": float((c_logits.argmax(1).cpu().numpy() == np.array(c_true)).mean()),
        "style_acc": float((s_logits.argmax(1).cpu().numpy() == np.array(s_true)).mean()),
    }
