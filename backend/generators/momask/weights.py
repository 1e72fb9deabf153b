"""MoMask weight packs: fp16 sharded safetensors (each file <= 16 MiB) plus
``momask.json`` (frozen config, text encoder id/hash, data, licence,
training, sampling defaults, and the SHA-256 of every weight file)."""

from __future__ import annotations

import json
from pathlib import Path

from ...train.checkpoint import save_sharded
from ..packs import PackError, check_sizes, file_hashes, load_state, read_pack_info, verify_files, weight_files
from .config import MoMaskConfig
from .model import MoMask

PREFIX = "momask"
PACK_FILE = "momask.json"
TRAINING_ONLY = (".ema_",)  # EMA statistics of the codebooks: not shipped


def save_pack(model: MoMask, folder: Path, meta: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in weight_files(folder, PREFIX):
        old.unlink()
    state = {k: (v.half() if v.dtype.is_floating_point else v) for k, v in model.state_dict().items() if not any(s in k for s in TRAINING_ONLY)}
    save_sharded(state, folder, PREFIX)
    info = {"config": model.config.to_dict(), **{k: v for k, v in meta.items() if k != "files"}, "files": file_hashes(folder, PREFIX)}
    (folder / PACK_FILE).write_text(json.dumps(info, indent=1) + "\n")


def _load_into(model: MoMask, files: list[Path]) -> None:
    missing, unexpected = model.load_state_dict(load_state(files), strict=False)
    missing = [k for k in missing if not any(s in k for s in TRAINING_ONLY)]  # training-only state is never shipped
    if unexpected or missing:
        folder = files[0].parent if files else "the pack"
        raise PackError(f"{folder}: the weight files do not match the config: {len(missing)} tensor(s) missing {missing[:6]}, "
                        f"{len(unexpected)} unexpected {unexpected[:6]}; reinstall the weight pack")


def load_pack_state(model: MoMask, folder: Path) -> bool:
    """Load a (training run's) pack into ``model``; False when it has no weights yet."""
    if not weight_files(folder, PREFIX):
        return False
    _load_into(model, verify_files(folder, PREFIX, read_pack_info(folder / PACK_FILE), where=str(folder / PACK_FILE)))
    return True


def load_model(folder: Path) -> tuple[MoMask, dict]:
    """The model of a pack and its JSON, every file checked before anything large is allocated."""
    where = str(Path(folder) / PACK_FILE)
    info = read_pack_info(Path(folder) / PACK_FILE)
    config = MoMaskConfig.from_dict(info.get("config"), where=where)
    files = verify_files(folder, PREFIX, info, where=where)
    check_sizes(lambda: MoMask(config), files, where=where, skip=TRAINING_ONLY)
    model = MoMask(config)
    _load_into(model, files)
    return model, info
