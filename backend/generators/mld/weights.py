"""MLD weight packs: ``mld.json`` plus ``mld-NNNNN.safetensors``
(``module_packs``: fp16 shards, frozen config, SHA-256 of every file)."""

from __future__ import annotations

from pathlib import Path

from ..module_packs import load_module_pack, load_module_state, save_module_pack
from .config import MLDConfig
from .model import MLD

PREFIX = "mld"
PACK_FILE = "mld.json"


def save_pack(model: MLD, folder: Path, meta: dict, keep=lambda name: True) -> None:
    save_module_pack(model, folder, meta, prefix=PREFIX, pack_file=PACK_FILE, keep=keep)


def load_pack_state(model: MLD, folder: Path, skip: tuple[str, ...] = ()) -> bool:
    """A training run's pack into ``model``; False when it has no weights yet.
    ``skip``: tensors the pack may lack (networks it was trimmed of)."""
    return load_module_state(model, folder, prefix=PREFIX, pack_file=PACK_FILE, skip=skip)


def load_model(folder: Path) -> tuple[MLD, dict]:
    def build(config: dict, where: str):
        parsed = MLDConfig.from_dict(config, where=where)
        return lambda: MLD(parsed)

    return load_module_pack(Path(folder), build, prefix=PREFIX, pack_file=PACK_FILE)
