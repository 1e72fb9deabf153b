"""``make_shot``: a shot's rows made into one take; ``regenerate_row``: one
row and its two bridges made again, every other frame bit-identical.

Each unmuted row is generated through the generator interface the CLI's
``generate`` uses (``generate_positions``: canonical (T, 22, 3) at 20 fps)
at its duration; a row longer than the generator's longest clip
(``spec.longest``: BAMM chains windows itself up to 60 s) is made of
windows of at most ``max_frames`` with seeds seed, seed + 1, ... Pieces are
placed end to end (``placement.place_after``: each starts at the previous
one's last root and facing), then every boundary is bridged
(``bridges.bridge``): ``bridge_frames`` frames each side of it are
regenerated through the generator's edit path with the next piece's
prompt, generator and seed, so the change of action is a generated
transition, not a cross-fade.

``load(name)`` returns a loaded generator (the CLI passes the studio
engine's cached ones; the tests pass tiny ones).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .bridges import bridge, bridge_half
from .placement import fit_end, place_after
from .rows import Shot, ShotRow
from .take import Span, Take

BRIDGE_FRAMES = 10  # frames each side of a boundary (0.5 s + 0.5 s at 20 fps)

Load = Callable[[str], object]


def row_pieces(row: ShotRow, generator) -> list[tuple[int, int]]:
    """(frames, seed) of each window a row is generated in: one when it fits
    ``generator.longest``, else equal windows of at most ``max_frames``."""
    frames = row.frames
    if frames <= generator.longest:
        return [(frames, row.seed)]
    count = math.ceil(frames / generator.max_frames)
    sizes = [frames // count + (1 if k < frames % count else 0) for k in range(count)]
    return [(size, row.seed + k) for k, size in enumerate(sizes)]


def _generate_piece(generator, prompt: str, frames: int, seed: int) -> np.ndarray:
    """(frames, 22, 3) float64; shorter than the generator's minimum: its
    minimum, cut."""
    clip = generator.generate_positions(prompt, max(frames, generator.min_frames), seed=seed)
    return np.asarray(clip[:frames], dtype=np.float64)


def _bridge_spans(take: np.ndarray, boundaries: list[tuple[int, int, int, Span]], bridge_frames: int, load: Load) -> tuple[np.ndarray, list[Span]]:
    """Bridge each (boundary, frames before, frames after, next piece) in order."""
    spans = []
    for boundary, before, after, nxt in boundaries:
        generator = load(nxt.generator)
        half = bridge_half(bridge_frames, before, after, max_frames=generator.max_frames)
        if half == 0:
            continue
        take = bridge(take, boundary, half, generator, nxt.prompt, seed=nxt.seed)
        spans.append(Span("bridge", nxt.row, boundary - half, boundary + half, nxt.prompt, nxt.generator, nxt.seed))
    return take, spans


def _make_row(number: int, row: ShotRow, generator, anchor: np.ndarray | None, start: int) -> tuple[np.ndarray, list[Span]]:
    """A row's pieces placed end to end after ``anchor`` (None: as generated)
    -> (frames, 22, 3) float64 and its row spans from take frame ``start``."""
    clips, spans = [], []
    for frames, seed in row_pieces(row, generator):
        clip = _generate_piece(generator, row.prompt, frames, seed)
        if anchor is not None:
            clip = place_after(clip, anchor)
        clips.append(clip)
        anchor = clip[-1]
        spans.append(Span("row", number, start, start + frames, row.prompt, row.generator, seed))
        start += frames
    return np.concatenate(clips, 0), spans


def _inner_boundaries(spans: list[Span]) -> list[tuple[int, int, int, Span]]:
    return [(b.start, a.end - a.start, b.end - b.start, b) for a, b in zip(spans, spans[1:])]


def make_shot(shot: Shot, load: Load, *, bridge_frames: int = BRIDGE_FRAMES, command: str = "") -> Take:
    """Every unmuted row of ``shot``, placed end to end and bridged -> ``Take``."""
    if isinstance(bridge_frames, bool) or not isinstance(bridge_frames, int) or bridge_frames < 0:
        raise ValueError(f"bridge_frames must be a whole number from 0, got {bridge_frames!r}")
    clips, pieces, anchor, start = [], [], None, 0
    for number, row in shot.active():
        clip, spans = _make_row(number, row, load(row.generator), anchor, start)
        clips.append(clip)
        pieces += spans
        anchor, start = clip[-1], start + len(clip)
    positions = np.concatenate(clips, 0).astype(np.float32)
    positions, bridges = _bridge_spans(positions, _inner_boundaries(pieces), bridge_frames, load)
    return Take(positions=positions, spans=tuple(sorted(pieces + bridges, key=_order)), bridge_frames=bridge_frames, command=command,
                extra={"history": [command]} if command else {})


def _order(span: Span) -> tuple[int, int]:
    return span.start, span.kind == "row"


def regenerate_row(shot: Shot, take: Take, number: int, load: Load, *, command: str = "") -> Take:
    """Row ``number`` (from 1) made again from ``shot`` (its prompt, seed and
    generator as they are now), placed after the frame before it and bent to
    meet the frame after it (``fit_end``), then its bridges remade: every
    frame outside [row start - bridge, row end + bridge) stays bit-identical."""
    row = shot.row(number)
    if row.muted:
        raise ValueError(f"row {number} is muted: unmute it and make the whole shot again")
    start, end = take.row_span(number)
    if row.frames != end - start:
        raise ValueError(f"row {number} lasts {row.frames} frames in the shot but {end - start} in the take: "
                         "a new duration moves every later row, so make the whole shot again")
    old = take.positions
    anchor = old[start - 1] if start > 0 else None
    clip, pieces = _make_row(number, row, load(row.generator), anchor, start)
    if anchor is None:  # the first row keeps the old first frame's place and facing
        clip = place_after(clip, old[start])
    if end < len(old):
        clip = fit_end(clip, old[end])
    positions = np.array(old, dtype=np.float32, copy=True)
    positions[start:end] = clip.astype(np.float32)

    before = [s for s in take.spans if s.kind == "row" and s.end == start]
    after = [s for s in take.spans if s.kind == "row" and s.start == end]
    boundaries = _inner_boundaries(before[-1:] + pieces + after[:1])
    positions, bridges = _bridge_spans(positions, boundaries, take.bridge_frames, load)

    lo = min([start] + [b.start for b in bridges])
    hi = max([end] + [b.end for b in bridges])
    kept = [s for s in take.spans
            if not (s.kind == "row" and s.row == number) and not (s.kind == "bridge" and (start <= (s.start + s.end) // 2 <= end))]
    spans = tuple(sorted(kept + pieces + bridges, key=_order))
    history = list(take.extra.get("history", [take.command] if take.command else [])) + ([command] if command else [])
    return Take(positions=positions, spans=spans, bridge_frames=take.bridge_frames, command=command or take.command,
                extra={"history": history, "regenerated": {"row": number, "start": lo, "end": hi}})
