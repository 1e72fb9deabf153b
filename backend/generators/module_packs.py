"""Saving and loading a generator whose networks are one ``nn.Module`` with a
frozen ``config`` (``config.to_dict()``, ``Config.from_dict``): fp16 sharded
safetensors (each file <= 16 MiB) plus the pack JSON (frozen config, text
encoder id/hash, data, licence, training, sampling defaults, and the SHA-256
of every weight file). Every check of ``packs`` runs before anything large
is allocated."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..train.checkpoint import save_sharded
from .packs import PackError, check_sizes, file_hashes, load_state, read_pack_info, verify_files, weight_files


def save_module_pack(model, folder: Path, meta: dict, *, prefix: str, pack_file: str, skip: tuple[str, ...] = (),
                     keep: Callable[[str], bool] = lambda name: True) -> None:
    """Weights (fp16, without tensors whose name holds one of ``skip`` or
    fails ``keep``) and the JSON."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in weight_files(folder, prefix):
        old.unlink()
    state = {k: (v.half() if v.dtype.is_floating_point else v) for k, v in model.state_dict().items() if not any(s in k for s in skip) and keep(k)}
    save_sharded(state, folder, prefix)
    info = {"config": model.config.to_dict(), **{k: v for k, v in meta.items() if k != "files"}, "files": file_hashes(folder, prefix)}
    (folder / pack_file).write_text(json.dumps(info, indent=1) + "\n")


def _load_into(model, files: list[Path], skip: tuple[str, ...]) -> None:
    missing, unexpected = model.load_state_dict(load_state(files), strict=False)
    missing = [k for k in missing if not any(s in k for s in skip)]  # training-only state is never shipped
    if unexpected or missing:
        folder = files[0].parent if files else "the pack"
        raise PackError(f"{folder}: the weight files do not match the config: {len(missing)} tensor(s) missing {missing[:6]}, "
                        f"{len(unexpected)} unexpected {unexpected[:6]}; reinstall the weight pack")


def load_module_state(model, folder: Path, *, prefix: str, pack_file: str, skip: tuple[str, ...] = ()) -> bool:
    """Load a (training run's) pack into ``model``; False when it has no weights yet."""
    folder = Path(folder)
    if not weight_files(folder, prefix):
        return False
    _load_into(model, verify_files(folder, prefix, read_pack_info(folder / pack_file), where=str(folder / pack_file)), skip)
    return True


def load_module_pack(folder: Path, build: Callable[[dict, str], object], *, prefix: str, pack_file: str,
                     skip: tuple[str, ...] = ()) -> tuple[object, dict]:
    """``build(config dict, where)`` -> model; the model of a pack and its JSON."""
    folder = Path(folder)
    where = str(folder / pack_file)
    info = read_pack_info(folder / pack_file)
    make = build(info.get("config"), where)
    files = verify_files(folder, prefix, info, where=where)
    check_sizes(make, files, where=where, skip=skip)
    model = make()
    _load_into(model, files, skip)
    return model, info
