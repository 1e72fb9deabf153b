"""ReMoDiffuse weight packs: ``remodiffuse.json``, ``remodiffuse-NNNNN.safetensors``
(``module_packs``: fp16 shards, frozen config, SHA-256 of every file) and the
retrieval database ``database.safetensors`` (its SHA-256 in the JSON's
``database`` entry; checked against the model's text encoder and principal
components on load)."""

from __future__ import annotations

from pathlib import Path

from ..module_packs import load_module_pack, load_module_state, save_module_pack
from ..packs import PackError, sha256_file
from .config import RemoConfig
from .database import FILE, RetrievalDatabase
from .model import ReMoDiffuse

PREFIX = "remodiffuse"
PACK_FILE = "remodiffuse.json"


def save_pack(model: ReMoDiffuse, folder: Path, meta: dict, database: RetrievalDatabase | None) -> None:
    """Weights, the JSON and (when given) a new database; without one the
    folder's database stays and keeps its recorded hash."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if database is not None:
        path = database.save(folder)
        meta["database"] = {"file": FILE, "sha256": sha256_file(path), "entries": len(database), "bytes": path.stat().st_size,
                            "build": database.meta.get("build"), "sources": database.meta.get("sources")}
    save_module_pack(model, folder, meta, prefix=PREFIX, pack_file=PACK_FILE)


def load_pack_state(model: ReMoDiffuse, folder: Path) -> bool:
    """A training run's pack into ``model``; False when it has no weights yet."""
    return load_module_state(model, folder, prefix=PREFIX, pack_file=PACK_FILE)


def load_database(folder: Path, info: dict, model: ReMoDiffuse) -> RetrievalDatabase:
    folder = Path(folder)
    where = str(folder / PACK_FILE)
    recorded = info.get("database")
    if not isinstance(recorded, dict) or not recorded.get("sha256"):
        raise PackError(f"{where}: the pack records no retrieval database; rebuild it (python -m backend remodiffuse database)")
    path = folder / FILE
    if not path.is_file():
        raise PackError(f"{path}: the retrieval database is missing; reinstall the pack or rebuild it (python -m backend remodiffuse database)")
    if sha256_file(path) != recorded["sha256"]:
        raise PackError(f"{path}: the retrieval database does not match its recorded hash (damaged or replaced); reinstall the pack or rebuild it")
    database = RetrievalDatabase.load(folder)
    database.check(encoder=info.get("text_encoder", {}), basis=model.basis.float().numpy(), where=str(path))
    return database


def load_networks(folder: Path) -> tuple[ReMoDiffuse, dict]:
    """The model and JSON of a pack, without its database (rebuilding one)."""
    def build(config: dict, where: str):
        parsed = RemoConfig.from_dict(config, where=where)
        return lambda: ReMoDiffuse(parsed)

    return load_module_pack(Path(folder), build, prefix=PREFIX, pack_file=PACK_FILE)


def load_model(folder: Path) -> tuple[ReMoDiffuse, dict, RetrievalDatabase]:
    model, info = load_networks(folder)
    return model, info, load_database(folder, info, model)
