"""The caption writers' phrase tables: TOML files in this folder, checked once when read.

``load(name)`` reads ``<name>.toml`` (one file per writer: ``bandai``,
``cmu``, ``phrasing``, ``sides``, ``augment``), checks it against
``schema.SCHEMAS[name]`` and returns it as plain Python data, every TOML
array as a tuple. A file that does not fit its schema raises ``TableError``
naming the file and the key (".../tables/cmu.toml: fragments.climb: expected
a non-empty string, got 3"). Each file is parsed and checked once per process.
"""

from __future__ import annotations

import copy
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired, Required, get_args, get_origin, get_type_hints, is_typeddict

from .schema import EMPTY_OK, SCHEMAS, Regex, Weight

FOLDER = Path(__file__).resolve().parent


class TableError(ValueError):
    """A phrase table file is missing, is not valid TOML or does not fit its schema."""


def path(name: str) -> Path:
    """Return the file of the table ``name``."""
    return FOLDER / f"{name}.toml"


def load(name: str) -> dict[str, Any]:
    """Return the checked contents of the table file ``name`` (a fresh copy; arrays are tuples)."""
    return copy.deepcopy(_checked(name))


def weighted(entries: tuple[dict[str, Any], ...]) -> tuple[tuple[str, int], ...]:
    """Return (template, weight) pairs from a table's ``{ template = ..., weight = ... }`` entries."""
    return tuple((entry["template"], entry["weight"]) for entry in entries)


def rewrites(entries: tuple[dict[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Return (pattern, replacement) pairs from a table's ``{ pattern = ..., replace = ... }`` entries."""
    return tuple((entry["pattern"], entry["replace"]) for entry in entries)


@cache
def _checked(name: str) -> dict[str, Any]:
    if name not in SCHEMAS:
        raise TableError(f"no caption table named {name!r}; known: {', '.join(sorted(SCHEMAS))}")
    return read(path(name), SCHEMAS[name])


def read(file: Path, schema: Any) -> dict[str, Any]:
    """Return the TOML file ``file`` checked against ``schema`` (a TypedDict of schema.py), arrays as tuples."""
    try:
        with file.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise TableError(f"{file}: caption table file is missing") from None
    except tomllib.TOMLDecodeError as error:
        raise TableError(f"{file}: not valid TOML: {error}") from None
    return _check(data, schema, _Where(file))


class _Where:
    """Where a value sits: the table file and the dotted key path inside it."""

    def __init__(self, file: Path, key: str = "") -> None:
        self.file, self.key = file, key

    def __truediv__(self, part: str | int) -> _Where:
        if isinstance(part, int):
            return _Where(self.file, f"{self.key}[{part}]")
        step = part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else f'"{part}"'
        return _Where(self.file, f"{self.key}.{step}" if self.key else step)

    def error(self, message: str) -> TableError:
        return TableError(f"{self.file}: {self.key or '(top level)'}: {message}")

    def fail(self, expected: str, value: Any) -> TableError:
        shown = repr(value)
        return self.error(f"expected {expected}, got {shown if len(shown) <= 80 else shown[:77] + '...'}")


def _check(value: Any, kind: Any, where: _Where, empty_ok: bool = False) -> Any:
    """Return ``value`` with arrays as tuples after checking it is a ``kind``; raise TableError otherwise."""
    if get_origin(kind) is Annotated:
        inner, *marks = get_args(kind)
        return _check(value, inner, where, empty_ok=EMPTY_OK in marks)
    if kind is Regex:
        if not isinstance(value, str) or not value:
            raise where.fail("a regular expression", value)
        try:
            re.compile(value)
        except re.error as error:
            raise where.fail(f"a regular expression ({error})", value) from None
        return value
    if kind is Weight:
        if type(value) is not int or value <= 0:
            raise where.fail("a positive integer weight", value)
        return value
    if kind is str:
        if not isinstance(value, str) or not (value or empty_ok):
            raise where.fail("a string" if empty_ok else "a non-empty string", value)
        return value
    if get_origin(kind) is Literal:
        if value not in get_args(kind):
            raise where.fail("one of " + ", ".join(map(repr, get_args(kind))), value)
        return value
    if is_typeddict(kind):
        return _check_record(value, kind, where)
    origin, args = get_origin(kind), get_args(kind)
    if origin is tuple:
        if not isinstance(value, list):
            raise where.fail("an array", value)
        if len(args) == 2 and args[1] is Ellipsis:
            if not value and not empty_ok:
                raise where.fail("a non-empty array", value)
            return tuple(_check(v, args[0], where / i) for i, v in enumerate(value))
        if len(value) != len(args):
            raise where.fail(f"an array of {len(args)} items", value)
        return tuple(_check(v, a, where / i) for i, (v, a) in enumerate(zip(value, args)))
    if origin is dict:
        if not isinstance(value, dict):
            raise where.fail("a table", value)
        if not value and not empty_ok:
            raise where.fail("a non-empty table", value)
        return {k: _check(v, args[1], where / k) for k, v in value.items()}
    raise TypeError(f"schema kind {kind!r} is not supported")  # a bug in schema.py, not in the file


def _check_record(value: Any, kind: Any, where: _Where) -> dict[str, Any]:
    """Return the table ``value`` checked against the TypedDict ``kind`` (required keys, no unknown keys)."""
    hints = get_type_hints(kind, include_extras=True)
    if not isinstance(value, dict):
        raise where.fail(f"a table with the keys {', '.join(hints)}", value)
    missing = sorted(kind.__required_keys__ - value.keys())
    if missing:
        raise where.error(f"missing key(s) {', '.join(missing)}")
    unknown = sorted(value.keys() - hints.keys())
    if unknown:
        raise where.error(f"unknown key(s) {', '.join(unknown)}; the keys are {', '.join(hints)}")
    return {k: _check(v, _bare(hints[k]), where / k) for k, v in value.items()}


def _bare(kind: Any) -> Any:
    """Return ``kind`` without its Required / NotRequired wrapper."""
    return get_args(kind)[0] if get_origin(kind) in (Required, NotRequired) else kind


__all__ = ["FOLDER", "TableError", "load", "path", "read", "rewrites", "weighted"]
