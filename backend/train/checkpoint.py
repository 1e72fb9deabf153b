"""Sharded safetensors checkpoints (each file <= 16 MiB), never pickles.

A checkpoint folder holds ``model-00000.safetensors`` ... (parameters and
buffers), ``optim-00000.safetensors`` ... (optimiser tensors, flattened as
``<param index>.<state key>``), ``ema-...`` when EMA is used, and
``state.json`` (step, epoch, config, scalar optimiser state, log).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

SHARD_BYTES = 16 * 2**20 - 64 * 1024  # headroom for the safetensors header


def save_sharded(tensors: dict[str, torch.Tensor], folder: Path, prefix: str, *, shard_bytes: int = SHARD_BYTES) -> list[str]:
    """Write ``tensors`` into as many ``<prefix>-NNNNN.safetensors`` files as
    needed; returns their names. A single tensor larger than a shard is
    split along its first dimension."""
    folder.mkdir(parents=True, exist_ok=True)
    pieces: list[tuple[str, torch.Tensor]] = []
    for name, tensor in tensors.items():
        tensor = tensor.detach().contiguous().cpu()
        size = tensor.numel() * tensor.element_size()
        if size <= shard_bytes or tensor.dim() == 0:
            pieces.append((name, tensor))
            continue
        rows = max(1, shard_bytes // max(1, tensor[0].numel() * tensor.element_size()))
        for i, start in enumerate(range(0, tensor.shape[0], rows)):
            pieces.append((f"{name}@@{i}", tensor[start:start + rows].clone()))
    files, current, used = [], {}, 0
    for name, tensor in pieces:
        size = tensor.numel() * tensor.element_size()
        if current and used + size > shard_bytes:
            files.append(current)
            current, used = {}, 0
        current[name] = tensor
        used += size
    if current or not files:
        files.append(current)
    names = []
    for i, chunk in enumerate(files):
        name = f"{prefix}-{i:05d}.safetensors"
        save_file(chunk, str(folder / name))
        names.append(name)
    return names


def load_sharded(folder: Path, prefix: str) -> dict[str, torch.Tensor]:
    return read_shards(sorted(Path(folder).glob(f"{prefix}-*.safetensors")))


def read_shards(paths: list[Path]) -> dict[str, torch.Tensor]:
    """The tensors of shard files, split tensors joined again; a file that
    cannot be read raises ``ValueError`` naming it."""
    merged: dict[str, torch.Tensor] = {}
    split: dict[str, dict[int, torch.Tensor]] = {}
    for path in paths:
        try:
            tensors = load_file(str(path))
        except Exception as error:  # noqa: BLE001 - safetensors raises its own types
            raise ValueError(f"{path}: cannot be read ({error}); the file is damaged or truncated") from None
        for name, tensor in tensors.items():
            if "@@" in name:
                base, index = name.rsplit("@@", 1)
                split.setdefault(base, {})[int(index)] = tensor
            else:
                merged[name] = tensor
    for base, parts in split.items():
        merged[base] = torch.cat([parts[i] for i in sorted(parts)])
    return merged


def optimizer_tensors(optimizer: torch.optim.Optimizer) -> tuple[dict[str, torch.Tensor], dict]:
    """Split an optimiser state dict into tensors and JSON-able scalars."""
    state = optimizer.state_dict()
    tensors, scalars = {}, {}
    for index, entry in state["state"].items():
        for key, value in entry.items():
            if torch.is_tensor(value):
                tensors[f"{index}.{key}"] = value
            else:
                scalars[f"{index}.{key}"] = value
    return tensors, {"scalars": scalars, "param_groups": state["param_groups"]}


def restore_optimizer(optimizer: torch.optim.Optimizer, tensors: dict[str, torch.Tensor], meta: dict) -> None:
    state: dict[int, dict] = {}
    for name, value in tensors.items():
        index, key = name.split(".", 1)
        state.setdefault(int(index), {})[key] = value
    for name, value in meta["scalars"].items():
        index, key = name.split(".", 1)
        state.setdefault(int(index), {})[key] = value
    optimizer.load_state_dict({"state": state, "param_groups": meta["param_groups"]})


def write_checkpoint(folder: Path, *, model: torch.nn.Module, optimizer: torch.optim.Optimizer | None, ema: dict | None, state: dict) -> None:
    """Atomically replace ``folder`` with a new checkpoint."""
    tmp = folder.with_name(folder.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    save_sharded(model.state_dict(), tmp, "model")
    if optimizer is not None:
        tensors, meta = optimizer_tensors(optimizer)
        save_sharded(tensors, tmp, "optim")
        state = dict(state, optimizer=meta)
    if ema is not None:
        save_sharded(ema, tmp, "ema")
    (tmp / "state.json").write_text(json.dumps(state, indent=1, default=str) + "\n")
    if folder.exists():
        shutil.rmtree(folder)
    tmp.rename(folder)


def read_state(folder: Path) -> dict | None:
    path = folder / "state.json"
    return json.loads(path.read_text()) if path.is_file() else None
