"""Padded tensors of a split for training and scoring on one device."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..data.items import TextMotionSplit


def text_group(item) -> str:
    """Items in one group share their text (label or take description)."""
    if item.source == "bandai":
        key = f"b:{item.labels.get('content')}:{item.labels.get('style')}"
    else:
        key = "c:" + "|".join(item.labels.get("descriptions") or [item.take])
    return key + (":M" if item.mirrored else "")


@dataclass
class SplitTensors:
    features: torch.Tensor  # (N, T, 263)
    lengths: torch.Tensor  # (N,)
    caption_rows: torch.Tensor  # (N, C) rows into the caption vector table, -1 padded
    caption_counts: torch.Tensor  # (N,)
    groups: torch.Tensor  # (N,)

    def __len__(self) -> int:
        return int(self.lengths.shape[0])


def pad_features(features: list[np.ndarray], max_frames: int) -> tuple[np.ndarray, np.ndarray]:
    out = np.zeros((len(features), max_frames, features[0].shape[1]), dtype=np.float32)
    lengths = np.zeros(len(features), dtype=np.int64)
    for i, f in enumerate(features):
        n = min(len(f), max_frames)
        out[i, :n] = f[:n]
        lengths[i] = n
    return out, lengths


def split_tensors(split: TextMotionSplit, caption_index: dict[str, int], device: torch.device, *, max_frames: int = 200) -> SplitTensors:
    features, lengths = pad_features([i.features for i in split.items], max_frames)
    width = max(len(i.captions) for i in split.items)
    rows = np.full((len(split.items), width), -1, dtype=np.int64)
    for n, item in enumerate(split.items):
        ids = [caption_index[c] for c in item.captions]
        rows[n, : len(ids)] = ids
    group_names = [text_group(i) for i in split.items]
    lookup = {g: k for k, g in enumerate(sorted(set(group_names)))}
    return SplitTensors(
        features=torch.from_numpy(features).to(device),
        lengths=torch.from_numpy(lengths).to(device),
        caption_rows=torch.from_numpy(rows).to(device),
        caption_counts=torch.from_numpy((rows >= 0).sum(1)).to(device),
        groups=torch.tensor([lookup[g] for g in group_names], device=device),
    )


def random_crops(data: SplitTensors, index: torch.Tensor, generator: torch.Generator, *, min_fraction: float, min_frames: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Random temporal crops of the chosen clips -> (B, T, 263), (B, T) mask."""
    lengths = data.lengths[index].cpu()
    u = torch.rand(len(index), generator=generator)
    low = torch.clamp((lengths.float() * min_fraction).long(), min=min(min_frames, int(lengths.min())))
    low = torch.minimum(low, lengths)
    crop = low + (u * (lengths - low + 1).float()).long().clamp(max=lengths - low)
    start = (torch.rand(len(index), generator=generator) * (lengths - crop + 1).float()).long()
    frames = int(crop.max())
    steps = torch.arange(frames)
    gather = (start[:, None] + steps[None, :]).clamp(max=data.features.shape[1] - 1)
    mask = steps[None, :] < crop[:, None]
    device = data.features.device
    out = data.features[index.to(device)[:, None], gather.to(device)]
    mask = mask.to(device)
    return out * mask[..., None], mask


def pick_captions(data: SplitTensors, index: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    counts = data.caption_counts[index].cpu()
    choice = (torch.rand(len(index), generator=generator) * counts.float()).long().clamp(max=counts - 1)
    return data.caption_rows[index.to(data.caption_rows.device), choice.to(data.caption_rows.device)]
