"""BAMM weight packs: ``bamm.json`` plus ``bamm-NNNNN.safetensors``
(``module_packs``: fp16 shards, frozen config, SHA-256 of every file).

BAMM reuses MoMask's tokenizer, residual transformer and normalisation. A pack
either holds them (self-contained) or, with ``shared`` in its JSON, reads them
from the MoMask pack of the same name beside it (``<root>/momask/<pack>/``),
whose files must match the SHA-256 recorded at packing time. The shipped packs
share: the two generators are installed together, and the add-on zip carries
those 23 MB once.
"""

from __future__ import annotations

from pathlib import Path

from ..module_packs import load_module_pack, save_module_pack
from ..packs import PackError, check_sizes, file_hashes, load_state, read_pack_info, verify_files
from .config import BAMMConfig
from .model import BAMM

PREFIX = "bamm"
PACK_FILE = "bamm.json"
TRAINING_ONLY = (".ema_",)  # EMA statistics of the codebooks: not shipped
SHARED_PARTS = ("tokenizer.", "residual.", "mean", "std")  # state-dict name prefixes MoMask provides
SHARED_GENERATOR = "momask"
SHARED_PREFIX = "momask"


def _is_shared(name: str) -> bool:
    return name.startswith(SHARED_PARTS)


def save_pack(model: BAMM, folder: Path, meta: dict, *, share_with: Path | None = None) -> None:
    """``share_with``: the MoMask pack folder the shared parts come from; they
    are then left out of this pack and its files' hashes recorded."""
    if share_with is None:
        save_module_pack(model, folder, meta, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY)
        return
    share_with = Path(share_with)
    shared = {"generator": SHARED_GENERATOR, "pack": share_with.name, "parts": [p.rstrip(".") for p in SHARED_PARTS],
              "files": file_hashes(share_with, SHARED_PREFIX)}
    if not shared["files"]:
        raise PackError(f"{share_with} holds no MoMask weight files to share")
    save_module_pack(model, folder, {**meta, "shared": shared}, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY,
                     keep=lambda name: not _is_shared(name))


def shared_folder(folder: Path, info: dict) -> Path:
    shared = info["shared"]
    return Path(folder).parent.parent / shared.get("generator", SHARED_GENERATOR) / str(shared.get("pack"))


def _shared_files(folder: Path, info: dict) -> list[Path]:
    source = shared_folder(folder, info)
    if not (source / "momask.json").is_file():
        raise PackError(f"{folder}: this BAMM pack uses the tokenizer and residual transformer of MoMask's "
                        f"'{source.name}' pack, which is not installed at {source}; install that MoMask pack")
    try:
        return verify_files(source, SHARED_PREFIX, {"files": info["shared"].get("files")}, where=str(folder / PACK_FILE))
    except PackError as error:
        raise PackError(f"{folder}: the MoMask '{source.name}' pack it shares is not the one it was packed with ({error})") from None


def load_model(folder: Path) -> tuple[BAMM, dict]:
    def build(config: dict, where: str):
        parsed = BAMMConfig.from_dict(config, where=where)
        return lambda: BAMM(parsed)

    folder = Path(folder)
    info = read_pack_info(folder / PACK_FILE)
    if "shared" not in info:
        return load_module_pack(folder, build, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY)
    where = str(folder / PACK_FILE)
    make = build(info.get("config"), where)
    own = verify_files(folder, PREFIX, info, where=where)
    shared = _shared_files(folder, info)
    check_sizes(make, own, where=where, skip=TRAINING_ONLY, only=lambda name: not _is_shared(name))
    check_sizes(make, shared, where=f"{where} (shared from {shared[0].parent})", skip=TRAINING_ONLY, only=_is_shared)
    model = make()
    own_state = load_state(own)
    shared_state = {k: v for k, v in load_state(shared).items() if _is_shared(k)}
    missing, unexpected = model.load_state_dict({**own_state, **shared_state}, strict=False)
    missing = [k for k in missing if not any(s in k for s in TRAINING_ONLY)]
    if missing or unexpected:
        raise PackError(f"{folder}: the weight files do not match the config: {len(missing)} tensor(s) missing {missing[:6]}, "
                        f"{len(unexpected)} unexpected {unexpected[:6]}; reinstall the weight pack")
    return model, info
