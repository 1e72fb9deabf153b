"""The registry of generators: the only list of them.

A generator is a folder of ``backend/generators/`` with a ``spec.py`` that
defines ``SPEC`` (a ``GeneratorSpec``); the registry finds those folders the
first time it is asked and imports nothing else, so listing generators loads
no model and no torch. ``register`` adds one from elsewhere (a test's toy).
Weight packs live in ``<root>/<generator>/<pack>/``: a user's models folder
wins where it holds that pack, else the bundled ``backend/assets``.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from .spec import GeneratorSpec

ASSETS = Path(__file__).resolve().parents[1] / "assets"
_HERE = Path(__file__).resolve().parent
_specs: dict[str, GeneratorSpec] = {}
# Generator -> the generator whose pack of the same name holds networks its
# packs read instead of copying (installed together): BAMM reuses MoMask's
# tokenizer, residual transformer and normalisation.
SHARES_WITH = {"bamm": "momask"}
_discovered = False


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    _discovered = True
    for module in pkgutil.iter_modules([str(_HERE)]):
        if module.ispkg and (_HERE / module.name / "spec.py").is_file():
            spec = importlib.import_module(f"{__package__}.{module.name}.spec").SPEC
            _specs.setdefault(spec.name, spec)


def register(spec: GeneratorSpec) -> GeneratorSpec:
    """Add a generator (its folder need not be under ``backend/generators``)."""
    _discover()
    if spec.name in _specs and _specs[spec.name] != spec:
        raise ValueError(f"a different generator named {spec.name!r} is already registered")
    _specs[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    _specs.pop(name, None)


def specs() -> list[GeneratorSpec]:
    """Every registered generator, in UI order."""
    _discover()
    return sorted(_specs.values(), key=lambda s: (s.order, s.name))


def names() -> list[str]:
    return [s.name for s in specs()]


def shares_with(name: str) -> str:
    """The generator whose packs ``name``'s packs share networks with ("" if none)."""
    return SHARES_WITH.get(name, "")


def get_spec(name: str) -> GeneratorSpec:
    _discover()
    if name not in _specs:
        raise ValueError(f"unknown generator {name!r}; registered: {', '.join(names())}")
    return _specs[name]


def resolve(path: str):
    """``"module:attribute"`` -> the attribute (``.module`` is relative to this package)."""
    module, _, attribute = path.partition(":")
    package = __package__ if module.startswith(".") else None
    return getattr(importlib.import_module(module, package), attribute)


def pack_folder(generator: str, pack: str = "default", *, root: Path | str | None = None) -> Path:
    """``<root>/<generator>/<pack>`` where a user folder (``root``) holds that
    pack, else the bundled assets."""
    if root and (Path(root) / generator / pack).is_dir():
        return Path(root) / generator / pack
    return ASSETS / generator / pack


def installed_packs(generator: str, *, root: Path | str | None = None) -> list[str]:
    """Packs of ``generator`` found on disk (bundled and in ``root``), declared ones first."""
    spec = get_spec(generator)
    found = []
    for base in ([Path(root)] if root else []) + [ASSETS]:
        folder = base / generator
        if folder.is_dir():
            found += [p.name for p in sorted(folder.iterdir()) if (p / spec.pack_file).is_file()]
    declared = [p.name for p in spec.packs]
    return sorted(set(found), key=lambda name: (declared.index(name) if name in declared else len(declared), name))


def pack_options(generator: str, pack: str = "default", *, root: Path | str | None = None):
    """The per-call options a pack defaults to (its ``sampling`` entry over
    the options class's defaults), read without loading the model."""
    from .packs import read_pack_info

    spec = get_spec(generator)
    options_class = resolve(spec.options)
    folder = pack_folder(generator, pack, root=root)
    info = read_pack_info(folder / spec.pack_file) if (folder / spec.pack_file).is_file() else {}
    return options_class.from_pack(info)


def load_generator(name: str, *, pack: str = "default", text, device, root: Path | str | None = None):
    """Load ``name`` with weight pack ``pack``; ``text`` is the text input the
    spec asks for (``text_input.TextInput``)."""
    spec = get_spec(name)
    folder = pack_folder(name, pack, root=root)
    if not (folder / spec.pack_file).is_file():
        where = f"{folder}" + (f" or {Path(root) / name / pack}" if root else "")
        raise ValueError(f"no {pack!r} weight pack is installed for {spec.label} (looked in {where})")
    return resolve(spec.factory).load(folder, text=text, device=device)


def tiny_generator(name: str):
    """A tiny random-weight instance for the contract tests (CPU)."""
    spec = get_spec(name)
    if not spec.tiny:
        raise ValueError(f"{name} declares no tiny config for the contract tests")
    return resolve(spec.tiny)()


def describe() -> str:
    """One line per generator (CLI help)."""
    return "; ".join(f"{s.name}: {s.description}" for s in specs())

