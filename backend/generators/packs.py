"""Weight packs on disk, read safely.

A pack folder holds ``<pack_file>`` (JSON: ``config``, ``text_encoder``,
licence, ``sampling`` defaults, and ``files``: the SHA-256 of every weight
file) and fp16 sharded safetensors ``<prefix>-NNNNN.safetensors``. Loading
checks, before anything large is allocated: the JSON parses; every weight
file is listed, present and matches its hash (a truncated or damaged file is
named); the model the config describes has exactly as many parameters as the
files hold (an absurd config is caught on the meta device, where nothing is
allocated); every weight is finite. Reading a pack's JSON needs no torch.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .configs import ConfigError

_CHUNK = 1 << 20


class PackError(ValueError):
    pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_pack_info(path: Path) -> dict:
    try:
        info = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise PackError(f"{path}: the weight pack's description is missing") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise PackError(f"{path}: not valid JSON ({error}); reinstall the weight pack") from None
    if not isinstance(info, dict):
        raise PackError(f"{path}: expected a JSON object")
    return info


def weight_files(folder: Path, prefix: str) -> list[Path]:
    return sorted(Path(folder).glob(f"{prefix}-*.safetensors"))


def file_hashes(folder: Path, prefix: str) -> dict[str, str]:
    """What a pack records: {file name: sha256} of its weight files."""
    return {path.name: sha256_file(path) for path in weight_files(folder, prefix)}


def verify_files(folder: Path, prefix: str, info: dict, *, where: str) -> list[Path]:
    """The weight files, each checked against ``info["files"]``."""
    recorded = info.get("files")
    if not isinstance(recorded, dict) or not recorded:
        raise PackError(f"{where}: no 'files' entry with the SHA-256 of each weight file; re-save the pack with this version")
    present = {p.name: p for p in weight_files(folder, prefix)}
    missing = sorted(set(recorded) - set(present))
    if missing:
        raise PackError(f"{folder}: weight file(s) {', '.join(missing)} are missing; reinstall the weight pack")
    extra = sorted(set(present) - set(recorded))
    if extra:
        raise PackError(f"{folder}: weight file(s) {', '.join(extra)} are not part of this pack; remove them")
    for name, expected in sorted(recorded.items()):
        if sha256_file(present[name]) != expected:
            raise PackError(f"{present[name]}: the file is damaged or truncated (SHA-256 differs from {where}); reinstall the weight pack")
    return [present[name] for name in sorted(recorded)]


def _header_numel(path: Path) -> dict[str, int]:
    """Tensor name -> element count, from a safetensors header (no data read)."""
    with open(path, "rb") as handle:
        size = int.from_bytes(handle.read(8), "little")
        if size <= 0 or size > 100 * 2**20:
            raise PackError(f"{path}: not a safetensors file")
        try:
            header = json.loads(handle.read(size))
        except json.JSONDecodeError:
            raise PackError(f"{path}: corrupt safetensors header") from None
    out = {}
    try:
        for name, entry in header.items():
            if name == "__metadata__":
                continue
            count = 1
            for dim in entry["shape"]:
                count *= int(dim)
            out[name] = count
    except (AttributeError, KeyError, TypeError, ValueError):
        raise PackError(f"{path}: corrupt safetensors header") from None
    return out


def check_sizes(make_model, files: list[Path], *, where: str, skip: tuple[str, ...] = (), only=None) -> None:
    """Build the model on the meta device (nothing allocated) and compare its
    parameter and buffer count with what the weight files hold (``only``: a
    predicate on tensor names, for files that hold part of the model)."""
    import torch

    try:
        with torch.device("meta"):
            model = make_model()
    except (ConfigError, ValueError, TypeError, RuntimeError) as error:
        raise PackError(f"{where}: the config does not describe a valid model ({error})") from None
    keep = only or (lambda name: True)
    wanted = {name: t.numel() for name, t in model.state_dict().items() if not any(s in name for s in skip) and keep(name)}
    held: dict[str, int] = {}
    for path in files:
        for name, count in _header_numel(path).items():
            base = name.rsplit("@@", 1)[0]
            if keep(base):
                held[base] = held.get(base, 0) + count
    missing = sorted(set(wanted) - set(held))
    unexpected = sorted(set(held) - set(wanted))
    if missing or unexpected:
        raise PackError(f"{where}: the weight files ({', '.join(f.name for f in files)}) lack {len(missing)} tensor(s) the config needs "
                        f"{missing[:6]} and hold {len(unexpected)} it does not {unexpected[:6]}; the config or the weights are wrong")
    wrong = [name for name in wanted if wanted[name] != held[name]]
    if wrong:
        expected, total = sum(wanted.values()), sum(held.values())
        raise PackError(f"{where}: the config describes a model of {expected:,} values but the weight files hold {total:,} "
                        f"(sizes differ for {wrong[:6]}); the config or the weights are wrong")


def load_state(files: list[Path]) -> dict:
    """Merged, float32, finite state dict from verified shard files."""
    import torch

    from ..train.checkpoint import read_shards

    try:
        merged = read_shards(files)
    except ValueError as error:
        raise PackError(f"{error}; reinstall the weight pack") from None
    for name, tensor in merged.items():
        if tensor.dtype.is_floating_point and not torch.isfinite(tensor).all():
            raise PackError(f"weight {name!r} holds NaN or infinite values; the weight pack is damaged: reinstall it")
    return {k: (v.float() if v.dtype.is_floating_point else v) for k, v in merged.items()}
