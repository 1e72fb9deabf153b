"""Types shared by the data sources."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TakeSpec:
    """What a source knows about a take before its motion is read."""

    source: str
    take: str
    path: str
    split: str
    text: dict
    crops: tuple[tuple[int, int], ...] = ()
    aliases: tuple[str, ...] = ()
    labels: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """An item the build left out, and why (the build never drops silently)."""

    source: str
    item: str
    reason: str
