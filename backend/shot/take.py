"""A take: the shot's positions (T, 22, 3) at 20 fps and where each piece lies.

``write_take`` saves ``take.npy`` and the ``take.json`` sidecar beside it
(row spans, bridge spans, seeds, generators, the command);
``read_take`` loads both back for ``regenerate_row``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ..motion.timebase import FPS

SIDECAR_VERSION = 1
EXTRA_KEYS = ("history", "regenerated", "leg_m")  # sidecar keys kept through read_take (leg_m: the scale the take is retargeted at)


@dataclass(frozen=True)
class Span:
    """Take frames [start, end) of row ``row`` (numbered from 1).

    ``kind``: ``row`` (a row's generated frames, placed), or ``bridge``
    (frames regenerated across a boundary with row ``row``'s prompt: the
    row after the boundary; bridges between the windows of a row longer
    than one generator window carry the row's own number)."""

    kind: str
    row: int
    start: int
    end: int
    prompt: str
    generator: str
    seed: int


@dataclass(frozen=True)
class Take:
    positions: np.ndarray  # (T, 22, 3) float32, canonical, 20 fps
    spans: tuple[Span, ...]
    bridge_frames: int
    command: str = ""
    fps: int = FPS
    extra: dict = field(default_factory=dict)

    def rows(self) -> list[Span]:
        return [s for s in self.spans if s.kind == "row"]

    def row_span(self, number: int) -> tuple[int, int]:
        """[start, end) of row ``number`` (all its windows)."""
        pieces = [s for s in self.rows() if s.row == number]
        if not pieces:
            made = sorted({s.row for s in self.rows()})
            raise ValueError(f"row {number} is not in this take (it holds rows {', '.join(map(str, made))}; muted rows are not made)")
        return pieces[0].start, pieces[-1].end

    def sidecar(self) -> dict:
        return {"version": SIDECAR_VERSION, "fps": self.fps, "frames": int(len(self.positions)), "bridge_frames": self.bridge_frames,
                "command": self.command, "spans": [asdict(s) for s in self.spans], **self.extra}


def sidecar_path(npy: Path | str) -> Path:
    return Path(npy).with_suffix(".json")


def write_take(path: Path | str, take: Take) -> tuple[Path, Path]:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, take.positions.astype(np.float32))
    side = sidecar_path(path)
    side.write_text(json.dumps(take.sidecar(), indent=1) + "\n", encoding="utf-8")
    return path, side


def take_from_sidecar(data: dict, positions: np.ndarray, *, where: str = "take.json") -> Take:
    """A sidecar (``Take.sidecar()``) and its positions -> ``Take``."""
    try:
        spans = tuple(Span(**s) for s in data["spans"])
        bridge_frames = int(data["bridge_frames"])
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{where} is not a take sidecar ({error})") from None
    if positions.ndim != 3 or positions.shape[1:] != (22, 3) or len(positions) != data.get("frames"):
        raise ValueError(f"{where}: the positions are {positions.shape}, but the sidecar describes {data.get('frames')} frames of (22, 3)")
    extra = {k: data[k] for k in EXTRA_KEYS if k in data}
    return Take(positions=positions.astype(np.float32), spans=spans, bridge_frames=bridge_frames, command=data.get("command", ""),
                extra=extra)


def read_take(path: Path | str) -> Take:
    path = Path(path)
    side = sidecar_path(path)
    if not path.is_file() or not side.is_file():
        raise ValueError(f"{path}: a take needs both {path.name} and {side.name} (written by `python -m backend shot`)")
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{side} is not a take sidecar ({error})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{side} is not a take sidecar (not an object)")
    positions = np.load(path, allow_pickle=False)
    if positions.ndim != 3 or positions.shape[1:] != (22, 3) or len(positions) != data.get("frames"):
        raise ValueError(f"{path} holds {positions.shape}, but {side.name} describes {data.get('frames')} frames of (22, 3)")
    return take_from_sidecar(data, positions, where=str(side))
