"""A root path: the take's root follows a curve on the floor.

Method: **path fitting** (a deterministic warp of the generated take, the
same for every generator). The take's travel is its root's horizontal
trajectory smoothed over ``SMOOTH_SECONDS`` (the centre the body sways
about). Frame t has travelled ``d_t`` metres along it; it is placed at arc
length ``s_t`` on the curve and turned about the vertical by the angle
between the curve's tangent there and its own direction of travel, so

* the root lies on the curve up to its own sway about the smoothed centre
  (a few centimetres for a walk);
* the body keeps its facing *relative to its travel*: a walk faces along the
  tangent, "walks backwards" faces against it, "sidesteps left" faces across;
* speed: ``motion`` takes it from the take (``s_t = d_t``; the character
  stops at the curve's end if it travels further), ``fit`` stretches the
  travel so the take ends at the curve's end (``s_t = L d_t / d_T``; linear
  in time when the take barely travels).

Frames that barely move (under ``MOVING`` m/s) have no direction of travel:
they keep the turn of the nearest frames that do (a take that never moves
is turned once, to face along the curve's start). Heights are untouched.

Points are canonical: (N, 2) horizontal (x, z) metres, or (N, 3) with Y up.
``load_path`` reads ``{"points": [[x, y, z], ...], "axes": "blender"|"canonical",
"speed": "motion"|"fit"}`` (Blender axes: Z up, as the add-on exports a curve).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..motion.axes import blender_to_canonical
from ..motion.kinematics import facing_yaw, rotate_about_vertical
from ..motion.timebase import FPS
from .rows import read_json

SMOOTH_SECONDS = 1.0
MOVING = 0.15  # m/s of the smoothed root below which a frame has no direction of travel
TANGENT_SPAN = 0.25  # m of arc each side over which the curve's tangent is measured
TURN_SECONDS = 0.5  # the turn applied to the body is smoothed over this window
SPEEDS = ("motion", "fit")


@dataclass(frozen=True)
class RootPath:
    points: np.ndarray  # (N, 2) canonical horizontal (x, z), metres, consecutive duplicates removed
    speed: str = "motion"

    def __post_init__(self) -> None:
        if self.speed not in SPEEDS:
            raise ValueError(f"path speed must be one of {', '.join(SPEEDS)}, got {self.speed!r}")

    @property
    def lengths(self) -> np.ndarray:
        """Arc length at each point (N,)."""
        return np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(self.points, axis=0), axis=-1))])

    @property
    def length(self) -> float:
        return float(self.lengths[-1])

    def at(self, s: np.ndarray) -> np.ndarray:
        """Points (len(s), 2) at arc lengths ``s`` (clamped to the curve)."""
        lengths = self.lengths
        s = np.clip(np.asarray(s, dtype=np.float64), 0.0, lengths[-1])
        return np.stack([np.interp(s, lengths, self.points[:, k]) for k in range(2)], -1)

    def extended(self, s: np.ndarray) -> np.ndarray:
        """Points at arc lengths ``s``, continued straight along the end
        tangents before 0 and past the end (a take may travel further)."""
        s = np.asarray(s, dtype=np.float64)
        out = self.at(s)
        ends = self.heading(np.array([0.0, self.length]))
        tangents = np.stack([np.sin(ends), np.cos(ends)], -1)
        before, after = s < 0, s > self.length
        out[before] = self.points[0] + s[before, None] * tangents[0]
        out[after] = self.points[-1] + (s[after, None] - self.length) * tangents[1]
        return out

    def heading(self, s: np.ndarray) -> np.ndarray:
        """Tangent angles (yaw about +Y, 0 = +Z) at arc lengths ``s``,
        measured over ``TANGENT_SPAN`` each side (a polyline's corners turn
        over half a metre, not in one frame)."""
        s = np.asarray(s, dtype=np.float64)
        span = min(TANGENT_SPAN, self.length / 2)
        ahead, behind = self.at(s + span), self.at(s - span)
        direction = ahead - behind
        return np.arctan2(direction[:, 0], direction[:, 1])


def make_path(points, *, axes: str = "canonical", speed: str = "motion", where: str = "path") -> RootPath:
    """(N, 2) horizontal or (N, 3) points in ``axes`` (``canonical``: Y up;
    ``blender``: Z up) -> ``RootPath``; ValueError for fewer than two
    distinct points or non-finite values."""
    try:
        p = np.asarray(points, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: points must be a list of [x, y, z] (or [x, z]) in metres") from None
    if p.ndim != 2 or p.shape[1] not in (2, 3) or not len(p):
        raise ValueError(f"{where}: points must be a list of [x, y, z] (or [x, z]) in metres, got shape {p.shape}")
    if not np.isfinite(p).all():
        raise ValueError(f"{where}: points must be finite numbers")
    if axes not in ("canonical", "blender"):
        raise ValueError(f"{where}: axes must be 'canonical' (Y up) or 'blender' (Z up), got {axes!r}")
    if p.shape[1] == 3:
        canonical = blender_to_canonical(p) if axes == "blender" else p
        p = canonical[:, [0, 2]]
    elif axes == "blender":  # (x, y) on Blender's floor
        p = blender_to_canonical(np.concatenate([p, np.zeros((len(p), 1))], 1))[:, [0, 2]]
    keep = np.concatenate([[True], np.linalg.norm(np.diff(p, axis=0), axis=-1) > 1e-6])
    p = p[keep]
    if len(p) < 2:
        raise ValueError(f"{where}: a path needs at least two distinct points")
    return RootPath(points=p, speed=speed)


def load_path(path: Path | str) -> RootPath:
    data = read_json(path, 'a path .json ({"points": [[x, y, z], ...]})')
    if not isinstance(data, dict) or "points" not in data:
        raise ValueError(f"{path}: expected an object with 'points' (and optionally 'axes', 'speed')")
    unknown = sorted(set(data) - {"points", "axes", "speed"})
    if unknown:
        raise ValueError(f"{path}: unknown field {unknown[0]!r} (fields: points, axes, speed)")
    return make_path(data["points"], axes=data.get("axes", "canonical"), speed=data.get("speed", "motion"), where=str(path))


def _smooth(values: np.ndarray, frames: int) -> np.ndarray:
    """Centred moving average over ``frames`` (odd), the window shrinking
    symmetrically at the ends (so the first and last values are kept)."""
    if frames <= 1 or len(values) < 3:
        return values.copy()
    sums = np.concatenate([np.zeros((1,) + values.shape[1:]), np.cumsum(values, axis=0)], 0)
    t = np.arange(len(values))
    half = np.minimum(np.minimum(frames // 2, t), len(values) - 1 - t)
    return (sums[t + half + 1] - sums[t - half]) / (2 * half + 1)[:, None]


def _fill(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Unknown entries take the nearest known one's value (in time)."""
    index = np.nonzero(known)[0]
    nearest = index[np.clip(np.searchsorted(index, np.arange(len(values))), 0, len(index) - 1)]
    before = index[np.clip(np.searchsorted(index, np.arange(len(values))) - 1, 0, len(index) - 1)]
    pick = np.where(np.abs(before - np.arange(len(values))) <= np.abs(nearest - np.arange(len(values))), before, nearest)
    return values[pick]


def travel(positions: np.ndarray, fps: float = FPS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(T, 22, 3) -> smoothed root centre (T, 2), distance travelled along it
    (T,), and whether each frame moves (T,)."""
    root = np.asarray(positions, dtype=np.float64)[:, 0, [0, 2]]
    window = max(1, int(round(SMOOTH_SECONDS * fps)) | 1)
    centre = _smooth(root, window)
    steps = np.linalg.norm(np.diff(centre, axis=0), axis=-1)
    distance = np.concatenate([[0.0], np.cumsum(steps)])
    speed = np.concatenate([steps[:1], steps]) * fps if len(steps) else np.zeros(1)
    return centre, distance, speed > MOVING


def follow_path(positions: np.ndarray, path: RootPath, *, fps: float = FPS) -> np.ndarray:
    """(T, 22, 3) canonical positions -> the same motion along ``path`` (float32).

    Speed ``motion``: a warp of the floor (``_bend``): every point is
    written as (arc length along the take's smoothed travel, offset to its
    left) and put at the same arc length and offset of the curve. The map
    depends on the point only, so a foot planted in the take stays planted.
    Speed ``fit``: arc length u goes to L u / d_T, so the take ends at the
    curve's end: within ``STRETCH`` of its own travel by the same floor warp
    (feet stay planted, strides stretch a little); further off, frame t's
    smoothed root centre is put at L d_t / d_T and the body turned rigidly
    by the curve's heading minus its own direction of travel (the stretch
    shows as sliding steps). ``along.make_shot_along`` first remakes the
    shot so its travel nearly matches the curve.
    A take that never travels is turned once to face along the curve."""
    positions = np.asarray(positions, dtype=np.float64)
    frames = len(positions)
    centre, distance, moving = travel(positions, fps)
    if not moving.any() or distance[-1] < 0.05:
        turn = np.full(frames, path.heading(np.zeros(1))[0] - facing_yaw(positions[:1])[0])
        pivot = np.zeros((frames, 1, 3))
        pivot[:, 0, [0, 2]] = centre[:1]
        out = rotate_about_vertical(positions, pivot, turn)
        out[..., [0, 2]] += path.points[0] - centre[0]
        return out.astype(np.float32)
    scale = path.length / distance[-1]
    if path.speed == "motion":
        return _bend(positions, centre, distance, path)
    if abs(scale - 1.0) <= STRETCH:
        return _bend(positions, centre, distance, path, scale=scale)
    s = distance * scale
    heading = path.heading(s)
    velocity = np.gradient(centre, axis=0) if frames > 1 else np.zeros_like(centre)
    own = np.arctan2(velocity[:, 0], velocity[:, 1])
    turn = _fill(np.unwrap(heading - own), moving)
    turn = np.unwrap(_smooth(np.unwrap(turn)[:, None], max(1, int(round(TURN_SECONDS * fps)) | 1))[:, 0])
    pivot = np.zeros((frames, 1, 3))
    pivot[:, 0, [0, 2]] = centre
    turned = rotate_about_vertical(positions, pivot, turn)
    shift = np.zeros((frames, 1, 3))
    shift[:, 0, [0, 2]] = path.at(s) - centre
    return (turned + shift).astype(np.float32)


STRETCH = 0.15  # 'fit' within this of the take's own travel: the floor warp, stretched along the travel
SAMPLE = 0.02  # m between samples of the take's travel
SEARCH = 0.6  # m of travel each side of a frame's own arc length a point is projected within
PULL = 0.05  # a candidate's squared distance (m^2) gains PULL x its squared arc-length gap to the frame's own (where the travel folds back)


def _bend(positions: np.ndarray, centre: np.ndarray, distance: np.ndarray, path: RootPath, *, scale: float = 1.0) -> np.ndarray:
    """The floor warp (see ``follow_path``); arc length u of the take's
    travel goes to ``scale`` u on the curve."""
    frames = len(positions)
    own = make_path(np.concatenate([centre[:1], centre[1:][np.diff(distance) > 1e-9]]), where="the take's travel")
    u = np.arange(-SEARCH, own.length + SEARCH + SAMPLE, SAMPLE)
    samples = own.extended(u)
    # Points (frame, joint) on the floor, each searched near its frame's own arc length.
    flat = positions[..., [0, 2]].reshape(-1, 2)
    centre_u = np.repeat(distance, positions.shape[1])
    lo = np.searchsorted(u, centre_u - SEARCH)
    width = int(round(2 * SEARCH / SAMPLE)) + 1
    index = np.clip(lo[:, None] + np.arange(width)[None], 0, len(u) - 1)
    cost = ((samples[index] - flat[:, None]) ** 2).sum(-1) + PULL * (u[index] - centre_u[:, None]) ** 2
    nearest = index[np.arange(len(flat)), np.argmin(cost, axis=1)]
    # Refine on the segments either side of the nearest sample.
    best_u, best_d = u[nearest].copy(), np.full(len(flat), np.inf)
    for a_index in (np.clip(nearest - 1, 0, len(u) - 2), np.clip(nearest, 0, len(u) - 2)):
        a, b = samples[a_index], samples[a_index + 1]
        seg = b - a
        t = np.clip(((flat - a) * seg).sum(-1) / np.maximum((seg**2).sum(-1), 1e-12), 0.0, 1.0)
        d = ((a + t[:, None] * seg - flat) ** 2).sum(-1)
        better = d < best_d
        best_d[better], best_u[better] = d[better], (u[a_index] + t * SAMPLE)[better]
    base = own.extended(best_u)
    tangent_own = own.heading(np.clip(best_u, 0.0, own.length))
    left_own = np.stack([np.cos(tangent_own), -np.sin(tangent_own)], -1)
    lateral = ((flat - base) * left_own).sum(-1)
    along = ((flat - base) * np.stack([np.sin(tangent_own), np.cos(tangent_own)], -1)).sum(-1)
    on_curve = scale * best_u
    tangent = path.heading(np.clip(on_curve, 0.0, path.length))
    left = np.stack([np.cos(tangent), -np.sin(tangent)], -1)
    forward = np.stack([np.sin(tangent), np.cos(tangent)], -1)
    moved = path.extended(on_curve) + lateral[:, None] * left + along[:, None] * forward
    out = positions.copy()
    out[..., [0, 2]] = moved.reshape(frames, -1, 2)
    return out.astype(np.float32)


def path_error(positions: np.ndarray, path: RootPath) -> np.ndarray:
    """Horizontal distance (m) of each frame's root from the curve (T,)."""
    root = np.asarray(positions, dtype=np.float64)[:, 0, [0, 2]]
    dense = path.at(np.linspace(0.0, path.length, max(2, int(path.length / 0.005) + 1)))
    segments = dense[1:] - dense[:-1]
    out = np.empty(len(root))
    for t, p in enumerate(root):
        rel = p - dense[:-1]
        u = np.clip((rel * segments).sum(-1) / np.maximum((segments**2).sum(-1), 1e-12), 0, 1)
        out[t] = np.sqrt(((rel - u[:, None] * segments) ** 2).sum(-1).min())
    return out
