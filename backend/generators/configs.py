"""Frozen config dataclasses <-> the JSON saved beside the weights, checked.

``config_from_dict(Config, data, where=...)`` rebuilds a (nested) frozen
dataclass and refuses, naming the file and the field, anything that is not
exactly what the dataclass declares: a missing or unknown key, a wrong type
(``1e7`` where an int is expected), a value outside the field's ``bounds``.
Bounds are declared with ``bounded(default, low, high)``; they keep an absurd
size (``ff = 10_000_000``) from being allocated before it is noticed.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import field


class ConfigError(ValueError):
    pass


def bounded(default, low, high, **kwargs):
    """A dataclass field whose value must lie in [low, high]."""
    return field(default=default, metadata={"bounds": (low, high)}, **kwargs)


def _check_value(value, kind, name: str, where: str, bounds):
    if dataclasses.is_dataclass(kind):
        return config_from_dict(kind, value, where=where, prefix=name + ".")
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        try:
            value = float(value) if ok else value
        except OverflowError:
            raise ConfigError(f"{where}: {name} = {value!r} is far too large") from None
    elif kind is str:
        ok = isinstance(value, str)
    elif typing.get_origin(kind) is tuple:
        ok = isinstance(value, (list, tuple))
        value = tuple(value) if ok else value
    else:
        ok = True
    if not ok:
        raise ConfigError(f"{where}: {name} must be {getattr(kind, '__name__', kind)}, got {value!r}")
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        raise ConfigError(f"{where}: {name} = {value!r} is outside {bounds[0]}..{bounds[1]}")
    return value


def config_from_dict(cls, data, *, where: str, prefix: str = ""):
    """``data`` (parsed JSON) -> ``cls(...)``; ``where`` names the file in errors."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: {prefix.rstrip('.') or 'config'} must be an object, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(prefix + u for u in unknown)}")
    missing = [prefix + name for name in fields if name not in data]
    if missing:
        raise ConfigError(f"{where}: missing field(s) {', '.join(missing)}")
    values = {name: _check_value(data[name], hints[name], prefix + name, where, f.metadata.get("bounds")) for name, f in fields.items()}
    try:
        return cls(**values)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{where}: {prefix.rstrip('.') or 'config'}: {error}") from None
