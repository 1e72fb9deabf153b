"""MoMask weight packs: ``momask.json`` plus ``momask-NNNNN.safetensors``
(``module_packs``: fp16 shards, frozen config, SHA-256 of every file)."""

from __future__ import annotations

from pathlib import Path

from ..module_packs import load_module_pack, load_module_state, save_module_pack
from .config import MoMaskConfig
from .model import MoMask

PREFIX = "momask"
PACK_FILE = "momask.json"
TRAINING_ONLY = (".ema_",)  # EMA statistics of the codebooks: not shipped


def save_pack(model: MoMask, folder: Path, meta: dict) -> None:
    save_module_pack(model, folder, meta, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY)


def load_pack_state(model: MoMask, folder: Path) -> bool:
    """Load a (training run's) pack into ``model``; False when it has no weights yet."""
    return load_module_state(model, folder, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY)


def load_model(folder: Path) -> tuple[MoMask, dict]:
    """The model of a pack and its JSON, every file checked before anything large is allocated."""
    def build(config: dict, where: str):
        parsed = MoMaskConfig.from_dict(config, where=where)
        return lambda: MoMask(parsed)

    return load_module_pack(folder, build, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY)
