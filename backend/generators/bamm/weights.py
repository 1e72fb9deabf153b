"""BAMM weight packs: ``bamm.json`` plus ``bamm-NNNNN.safetensors``
(``module_packs``: fp16 shards, frozen config, SHA-256 of every file)."""

from __future__ import annotations

from pathlib import Path

from ..module_packs import load_module_pack, load_module_state, save_module_pack
from .config import BAMMConfig
from .model import BAMM

PREFIX = "bamm"
PACK_FILE = "bamm.json"
TRAINING_ONLY = (".ema_",)  # EMA statistics of the codebooks: not shipped


def save_pack(model: BAMM, folder: Path, meta: dict) -> None:
    save_module_pack(model, folder, meta, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY)


def load_pack_state(model: BAMM, folder: Path) -> bool:
    return load_module_state(model, folder, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY)


def load_model(folder: Path) -> tuple[BAMM, dict]:
    def build(config: dict, where: str):
        parsed = BAMMConfig.from_dict(config, where=where)
        return lambda: BAMM(parsed)

    return load_module_pack(folder, build, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY)
