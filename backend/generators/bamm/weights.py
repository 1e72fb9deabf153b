"""BAMM weight packs: ``bamm.json`` plus ``bamm-NNNNN.safetensors``
(``module_packs``: fp16 shards, frozen config, SHA-256 of every file).

BAMM reuses a token model's tokenizer, residual transformer and
normalisation: those of the generator ``registry.SHARES_WITH`` names
for it. A pack either holds them (self-contained) or, with
``shared`` in its JSON, reads them from that generator's pack of the same
name beside it (``<root>/<that generator>/<pack>/``), whose files must match the
SHA-256 recorded at packing time. The shipped packs share: the two
generators are installed together, and the add-on zip carries those 23 MB
once.
"""

from __future__ import annotations

from pathlib import Path

from .. import registry
from ..module_packs import load_module_pack, save_module_pack
from ..packs import PackError, check_sizes, file_hashes, load_state, read_pack_info, verify_files
from .config import BAMMConfig
from .model import BAMM

PREFIX = "bamm"
PACK_FILE = "bamm.json"
TRAINING_ONLY = (".ema_",)  # EMA statistics of the codebooks: not shipped
SHARED_PARTS = ("tokenizer.", "residual.", "mean", "std")  # state-dict name prefixes the shared pack provides


def shared_generator() -> str:
    """The generator whose packs hold the networks BAMM shares (``registry.SHARES_WITH``)."""
    return registry.shares_with(PREFIX)


def shared_layout(generator: str | None = None) -> tuple[str, str, str]:
    """(pack JSON name, weight file prefix, label) of the shared generator's packs."""
    try:
        spec = registry.get_spec(generator or shared_generator())
    except ValueError as error:
        raise PackError(f"BAMM shares the networks of a generator that is not installed ({error})") from None
    return spec.pack_file, Path(spec.pack_file).stem, spec.label


def _is_shared(name: str) -> bool:
    return name.startswith(SHARED_PARTS)


def save_pack(model: BAMM, folder: Path, meta: dict, *, share_with: Path | None = None) -> None:
    """``share_with``: the shared generator's pack folder the shared parts
    come from; they are then left out of this pack and its files' hashes
    recorded."""
    if share_with is None:
        save_module_pack(model, folder, meta, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY)
        return
    share_with = Path(share_with)
    generator = shared_generator()
    _, prefix, label = shared_layout(generator)
    shared = {"generator": generator, "pack": share_with.name, "parts": [p.rstrip(".") for p in SHARED_PARTS],
              "files": file_hashes(share_with, prefix)}
    if not shared["files"]:
        raise PackError(f"{share_with} holds no {label} weight files to share")
    save_module_pack(model, folder, {**meta, "shared": shared}, prefix=PREFIX, pack_file=PACK_FILE, skip=TRAINING_ONLY,
                     keep=lambda name: not _is_shared(name))


def shared_folder(folder: Path, info: dict) -> Path:
    shared = info["shared"]
    return Path(folder).parent.parent / shared.get("generator", shared_generator()) / str(shared.get("pack"))


def _shared_files(folder: Path, info: dict) -> list[Path]:
    source = shared_folder(folder, info)
    pack_file, prefix, label = shared_layout(info["shared"].get("generator"))
    if not (source / pack_file).is_file():
        raise PackError(f"{folder}: this BAMM pack uses the tokenizer and residual transformer of {label}'s "
                        f"'{source.name}' pack, which is not installed at {source}; install that {label} pack")
    try:
        return verify_files(source, prefix, {"files": info["shared"].get("files")}, where=str(folder / PACK_FILE))
    except PackError as error:
        raise PackError(f"{folder}: the {label} '{source.name}' pack it shares is not the one it was packed with ({error})") from None


def _shared_state(files: list[Path]) -> dict:
    return {k: v for k, v in load_state(files).items() if _is_shared(k)}


def load_shared(source: Path) -> tuple[BAMM, dict]:
    """A BAMM whose shared parts come from ``source``, a pack of the shared
    generator (hashes checked), its base transformer untrained (for
    ``tokenize``) -> (model, that pack's JSON)."""
    source = Path(source)
    pack_file, prefix, label = shared_layout()
    where = str(source / pack_file)
    info = read_pack_info(source / pack_file)
    config = BAMMConfig.sharing(info.get("config") or {}, where=where)
    files = verify_files(source, prefix, info, where=where)
    check_sizes(lambda: BAMM(config), files, where=f"{where} ({label}'s parts BAMM shares)", skip=TRAINING_ONLY, only=_is_shared)
    model = BAMM(config)
    missing, _ = model.load_state_dict(_shared_state(files), strict=False)
    missing = [k for k in missing if _is_shared(k) and not any(s in k for s in TRAINING_ONLY)]
    if missing:
        raise PackError(f"{where}: lacks {len(missing)} tensor(s) BAMM shares: {missing[:6]}")
    return model, info


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
    shared_state = _shared_state(shared)
    missing, unexpected = model.load_state_dict({**own_state, **shared_state}, strict=False)
    missing = [k for k in missing if not any(s in k for s in TRAINING_ONLY)]
    if missing or unexpected:
        raise PackError(f"{folder}: the weight files do not match the config: {len(missing)} tensor(s) missing {missing[:6]}, "
                        f"{len(unexpected)} unexpected {unexpected[:6]}; reinstall the weight pack")
    return model, info
