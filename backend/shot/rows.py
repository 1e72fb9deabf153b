"""A shot as data: frozen rows (prompt, duration, generator, seed, muted)
loaded from JSON with errors that name the row and the field.

The file::

    {"generator": "<generator>",       # optional default for every row
     "rows": [{"prompt": "a person walks to the table", "duration": 3.0,
               "generator": "<generator>", "seed": 0, "muted": false}, ...]}

Rows are numbered from 1 in messages, the sidecar and the CLI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..generators import registry
from ..generators.requests import MAX_SEED
from ..motion.timebase import FPS

MAX_ROW_SECONDS = 60.0
MAX_TOTAL_SECONDS = 120.0
ROW_FIELDS = ("prompt", "duration", "generator", "seed", "muted")


@dataclass(frozen=True)
class ShotRow:
    prompt: str
    duration: float  # seconds
    generator: str
    seed: int = 0
    muted: bool = False

    @property
    def frames(self) -> int:
        """Frames at ``FPS`` (at least 1)."""
        return max(1, int(round(self.duration * FPS)))


@dataclass(frozen=True)
class Shot:
    rows: tuple[ShotRow, ...]

    def active(self) -> list[tuple[int, ShotRow]]:
        """(row number from 1, row) of every unmuted row, in order."""
        return [(n, row) for n, row in enumerate(self.rows, 1) if not row.muted]

    def row(self, number: int) -> ShotRow:
        if not 1 <= number <= len(self.rows):
            raise ValueError(f"row {number} does not exist: the shot has rows 1 to {len(self.rows)}")
        return self.rows[number - 1]


def _row(data, number: int, default_generator: str | None, where: str) -> ShotRow:
    at = f"{where}row {number}"
    if not isinstance(data, dict):
        raise ValueError(f"{at}: expected an object with {', '.join(ROW_FIELDS)}, got {type(data).__name__}")
    unknown = sorted(set(data) - set(ROW_FIELDS))
    if unknown:
        raise ValueError(f"{at}: unknown field {unknown[0]!r} (fields: {', '.join(ROW_FIELDS)})")
    prompt = data.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError(f"{at}: prompt must be a non-empty text, got {prompt!r}")
    duration = data.get("duration")
    if isinstance(duration, bool) or not isinstance(duration, (int, float)):
        raise ValueError(f"{at}: duration must be a number of seconds, got {duration!r}")
    if not 0 < duration <= MAX_ROW_SECONDS:
        raise ValueError(f"{at}: duration must be more than 0 and at most {MAX_ROW_SECONDS:g} s, got {duration:g}")
    generator = data.get("generator", default_generator)
    if generator is None:
        raise ValueError(f"{at}: generator is missing (give it on the row or once at the top of the file)")
    if not isinstance(generator, str) or generator not in registry.names():
        raise ValueError(f"{at}: generator {generator!r} is not registered; registered: {', '.join(registry.names())}")
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"{at}: seed must be a whole number from 0 to {MAX_SEED}, got {seed!r}")
    muted = data.get("muted", False)
    if not isinstance(muted, bool):
        raise ValueError(f"{at}: muted must be true or false, got {muted!r}")
    return ShotRow(prompt=prompt.strip(), duration=float(duration), generator=generator, seed=seed, muted=muted)


def parse_shot(data, *, where: str = "") -> Shot:
    """A JSON value -> ``Shot``; ValueError naming the row and field."""
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise ValueError(f"{where}expected an object with a list 'rows'")
    unknown = sorted(set(data) - {"generator", "rows"})
    if unknown:
        raise ValueError(f"{where}unknown top-level field {unknown[0]!r} (fields: generator, rows)")
    default = data.get("generator")
    if default is not None and default not in registry.names():
        raise ValueError(f"{where}generator {default!r} is not registered; registered: {', '.join(registry.names())}")
    rows = tuple(_row(r, n, default, where) for n, r in enumerate(data["rows"], 1))
    shot = Shot(rows)
    active = shot.active()
    if not active:
        raise ValueError(f"{where}the shot has no unmuted rows")
    total = sum(row.duration for _, row in active)
    if total > MAX_TOTAL_SECONDS:
        raise ValueError(f"{where}the unmuted rows last {total:g} s in all; a shot lasts at most {MAX_TOTAL_SECONDS:g} s")
    return shot


def read_json(path: Path | str, hint: str):
    """A JSON file's value; ValueError naming the file (``hint``: what to give instead)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path} does not exist: give {hint}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path} is not valid JSON ({error})") from None


def load_shot(path: Path | str) -> Shot:
    data = read_json(path, "a shot .json file (see docs/examples/shot.json)")
    return parse_shot(data, where=f"{path}: ")
