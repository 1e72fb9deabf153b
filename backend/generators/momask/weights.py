"""MoMask weight packs: fp16 sharded safetensors (each file <= 16 MiB) plus
``momask.json`` (frozen config, text encoder id/hash, data, licence, training)."""

from __future__ import annotations

import json
from pathlib import Path

from ...train.checkpoint import load_sharded, save_sharded
from .model import MoMask


def save_pack(model: MoMask, folder: Path, meta: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("momask-*.safetensors"):
        old.unlink()
    # EMA statistics of the codebooks are training-only state: not shipped.
    state = {k: (v.half() if v.dtype.is_floating_point else v) for k, v in model.state_dict().items() if ".ema_" not in k}
    save_sharded(state, folder, "momask")
    (folder / "momask.json").write_text(json.dumps({"config": model.config.to_dict(), **meta}, indent=1) + "\n")


def load_pack_state(model: MoMask, folder: Path) -> bool:
    state = load_sharded(folder, "momask")
    if not state:
        return False
    missing, unexpected = model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    if unexpected or any(".ema_" not in k for k in missing):
        raise ValueError(f"weight pack does not match the model: missing {missing[:5]}, unexpected {unexpected[:5]}")
    return True


