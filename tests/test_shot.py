"""The shot timeline (``backend.shot``): validation, assembly with the toy
and tiny generators, seams, row regeneration, muted rows and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest

from backend.bench.tasks import frame_jumps
from backend.generators import registry
from backend.motion.kinematics import forward_direction
from backend.shot import BRIDGE_FRAMES, make_shot, parse_shot, read_take, regenerate_row, write_take
from backend.shot.assemble import row_pieces
from backend.shot.placement import place_after, yaw
from tests import toy_generator

ROWS = [{"prompt": "a person walks to the table", "duration": 3.0, "seed": 1},
        {"prompt": "a person picks something up", "duration": 2.0, "seed": 2},
        {"prompt": "a person turns and sits down", "duration": 2.5, "seed": 3}]


def shot_of(rows=ROWS, generator="toy"):
    return parse_shot({"generator": generator, "rows": rows})


@pytest.fixture(scope="module")
def toy():
    return toy_generator.tiny()


@pytest.fixture(scope="module")
def load(toy):
    return {"toy": toy}.__getitem__


# Validation ----------------------------------------------------------------

@pytest.mark.parametrize("row, message", [
    ({"prompt": "  ", "duration": 2}, "row 2: prompt must be a non-empty text"),
    ({"duration": 2}, "row 2: prompt"),
    ({"prompt": "x", "duration": 0}, "row 2: duration must be more than 0 and at most 60 s"),
    ({"prompt": "x", "duration": -1}, "row 2: duration"),
    ({"prompt": "x", "duration": 61}, "row 2: duration must be more than 0 and at most 60 s, got 61"),
    ({"prompt": "x", "duration": "2"}, "row 2: duration must be a number"),
    ({"prompt": "x", "duration": 2, "generator": "nope"}, "row 2: generator 'nope' is not registered"),
    ({"prompt": "x", "duration": 2, "seed": -1}, "row 2: seed must be a whole number"),
    ({"prompt": "x", "duration": 2, "seed": 1.5}, "row 2: seed must be a whole number"),
    ({"prompt": "x", "duration": 2, "seed": True}, "row 2: seed must be a whole number"),
    ({"prompt": "x", "duration": 2, "muted": "yes"}, "row 2: muted must be true or false"),
    ({"prompt": "x", "duration": 2, "speed": 3}, "row 2: unknown field 'speed'"),
])
def test_bad_rows_name_the_row_and_field(row, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        shot_of([ROWS[0], row])


def test_shot_level_errors(tmp_path):
    with pytest.raises(ValueError, match="at most 120 s"):
        shot_of([{"prompt": "x", "duration": 50}] * 3)
    assert len(shot_of([{"prompt": "x", "duration": 50}] * 2 + [{"prompt": "x", "duration": 50, "muted": True}]).rows) == 3
    with pytest.raises(ValueError, match="no unmuted rows"):
        shot_of([{"prompt": "x", "duration": 1, "muted": True}])
    with pytest.raises(ValueError, match="row 1: generator is missing"):
        parse_shot({"rows": [{"prompt": "x", "duration": 1}]})
    with pytest.raises(ValueError, match="list 'rows'"):
        parse_shot([])
    bad = tmp_path / "bad.json"
    bad.write_text("{rows: ", encoding="utf-8")
    from backend.shot import load_shot

    with pytest.raises(ValueError, match="bad.json is not valid JSON"):
        load_shot(bad)
    with pytest.raises(ValueError, match="does not exist"):
        load_shot(tmp_path / "missing.json")


def test_the_example_shot_parses():
    from pathlib import Path

    from backend.shot import load_shot

    shot = load_shot(Path(__file__).resolve().parents[1] / "docs" / "examples" / "shot.json")
    assert len(shot.active()) == 3 and all(r.generator == "momask" for r in shot.rows)


# Placement -------------------------------------------------------------------

def test_place_after_meets_the_anchor_root_and_facing(toy):
    clip = toy.generate_positions("a person walks", 40, seed=0)
    anchor = toy.generate_positions("someone runs", 40, seed=5)[-1]
    placed = place_after(clip, anchor)
    assert np.allclose(placed[0, 0, [0, 2]], anchor[0, [0, 2]], atol=1e-5)
    assert np.isclose(placed[0, 0, 1], clip[0, 0, 1])
    assert np.allclose(forward_direction(placed[:1])[0], forward_direction(anchor[None])[0], atol=1e-5)
    assert np.isclose(yaw(placed[:1])[0], yaw(anchor[None])[0], atol=1e-5)


# Assembly ------------------------------------------------------------------

def _boundaries(take):
    rows = take.rows()
    return [b.start for b in rows[1:]]


def test_three_rows_end_to_end_with_bridges(load):
    take = make_shot(shot_of(), load)
    assert take.positions.shape == (60 + 40 + 50, 22, 3) and take.positions.dtype == np.float32
    assert [(s.row, s.start, s.end) for s in take.rows()] == [(1, 0, 60), (2, 60, 100), (3, 100, 150)]
    bridges = [s for s in take.spans if s.kind == "bridge"]
    assert [(s.row, s.start, s.end, s.prompt) for s in bridges] == [(2, 50, 70, ROWS[1]["prompt"]), (3, 90, 110, ROWS[2]["prompt"])]
    assert take.bridge_frames == BRIDGE_FRAMES


def test_seams_stay_within_the_rows_own_motion(load, toy):
    """Every frame step across a boundary and at each bridge's seams is no
    larger than the largest step inside the rows as generated (a cut with no
    placement would jump metres)."""
    shot = shot_of()
    take = make_shot(shot, load)
    own = max(frame_jumps(toy.generate_positions(r.prompt, r.frames, seed=r.seed)).max() for r in shot.rows)
    steps = frame_jumps(take.positions)
    seams = [b - 1 for b in _boundaries(take)] + [i for s in take.spans if s.kind == "bridge" for i in (s.start - 1, s.end - 1)]
    assert len(seams) == 6
    assert steps[seams].max() <= own + 1e-6, (steps[seams], own)
    cut = np.concatenate([toy.generate_positions(r.prompt, r.frames, seed=r.seed) for r in shot.rows])
    assert frame_jumps(cut)[[b - 1 for b in _boundaries(take)]].max() > own  # the bound can fail


def test_bridges_are_transitions_with_the_next_prompt(load):
    shot = shot_of()
    bridged = make_shot(shot, load)
    plain = make_shot(shot, load, bridge_frames=0)
    assert [s for s in plain.spans if s.kind == "bridge"] == []
    changed = np.flatnonzero(np.any(bridged.positions != plain.positions, axis=(1, 2)))
    assert set(changed) <= set(range(50, 70)) | set(range(90, 110)) and len(changed) > 0


def _root_and_facing(frame):
    return frame[0, [0, 2]], yaw(frame[None])[0]


def test_each_row_starts_where_the_previous_ended(load):
    """Unbridged, each row's first frame has the previous row's last root
    (horizontally) and facing."""
    take = make_shot(shot_of(), load, bridge_frames=0)
    for b in _boundaries(take):
        (root_a, yaw_a), (root_b, yaw_b) = _root_and_facing(take.positions[b - 1]), _root_and_facing(take.positions[b])
        assert np.allclose(root_a, root_b, atol=1e-4) and abs(np.angle(np.exp(1j * (yaw_a - yaw_b)))) < 1e-4


def test_a_regenerated_row_ends_where_the_next_begins(load):
    take = make_shot(shot_of(), load, bridge_frames=0)
    rows = [ROWS[0], dict(ROWS[1], prompt="a person dances wildly", seed=77), ROWS[2]]
    new = regenerate_row(shot_of(rows), take, 2, load)
    for a, b in ((59, 60), (99, 100)):
        (root_a, yaw_a), (root_b, yaw_b) = _root_and_facing(new.positions[a]), _root_and_facing(new.positions[b])
        assert np.allclose(root_a, root_b, atol=1e-4) and abs(np.angle(np.exp(1j * (yaw_a - yaw_b)))) < 1e-4


def test_same_shot_same_take(load):
    assert make_shot(shot_of(), load).positions.tobytes() == make_shot(shot_of(), load).positions.tobytes()


def test_muted_rows_are_skipped(load):
    rows = [ROWS[0], dict(ROWS[1], muted=True), ROWS[2]]
    take = make_shot(shot_of(rows), load)
    assert [(s.row, s.start, s.end) for s in take.rows()] == [(1, 0, 60), (3, 60, 110)]
    assert [s.prompt for s in take.spans if s.kind == "bridge"] == [ROWS[2]["prompt"]]


def test_long_rows_are_split_into_bridged_windows(load, toy):
    row = shot_of([{"prompt": "a person walks", "duration": 15.0, "seed": 4}]).rows[0]
    assert [f for f, _ in row_pieces(row, toy)] == [100, 100, 100] and [s for _, s in row_pieces(row, toy)] == [4, 5, 6]
    take = make_shot(shot_of([{"prompt": "a person walks", "duration": 15.0, "seed": 4}, ROWS[1]]), load)
    assert [(s.row, s.start, s.end, s.seed) for s in take.rows()] == [(1, 0, 100, 4), (1, 100, 200, 5), (1, 200, 300, 6), (2, 300, 340, 2)]
    assert [(s.row, s.start, s.end) for s in take.spans if s.kind == "bridge"] == [(1, 90, 110), (1, 190, 210), (2, 290, 310)]
    long = {"prompt": "a person walks", "duration": 15.0, "seed": 4}
    before = make_shot(shot_of([ROWS[0], long, ROWS[1]]), load)
    again = regenerate_row(shot_of([ROWS[0], dict(long, seed=40), ROWS[1]]), before, 2, load)
    assert again.extra["regenerated"] == {"row": 2, "start": 50, "end": 370}
    assert again.positions[:50].tobytes() == before.positions[:50].tobytes()
    assert again.positions[370:].tobytes() == before.positions[370:].tobytes()
    assert [s.seed for s in again.rows() if s.row == 2] == [40, 41, 42]
    assert [(s.row, s.start, s.end) for s in again.spans if s.kind == "bridge"] == [(2, 50, 70), (2, 150, 170), (2, 250, 270), (3, 350, 370)]


# Regeneration --------------------------------------------------------------

@pytest.mark.parametrize("number", [1, 2, 3])
def test_regenerate_row_keeps_every_other_frame(load, number):
    take = make_shot(shot_of(), load)
    rows = [dict(r) for r in ROWS]
    rows[number - 1].update(prompt="a person dances wildly", seed=77)
    new = regenerate_row(shot_of(rows), take, number, load)
    start, end = take.row_span(number)
    lo, hi = max(0, start - BRIDGE_FRAMES), min(len(take.positions), end + BRIDGE_FRAMES)
    outside = np.ones(len(take.positions), bool)
    outside[lo:hi] = False
    assert new.positions.shape == take.positions.shape
    assert new.positions[outside].tobytes() == take.positions[outside].tobytes()
    assert not np.array_equal(new.positions[start:end], take.positions[start:end])
    assert new.extra["regenerated"] == {"row": number, "start": lo, "end": hi}
    assert [s.seed for s in new.rows() if s.row == number] == [77]
    assert sorted((s.kind, s.row, s.start, s.end) for s in new.spans) == sorted((s.kind, s.row, s.start, s.end) for s in take.spans)
    own = max(frame_jumps(load("toy").generate_positions(r["prompt"], round(20 * r["duration"]), seed=r["seed"])).max() for r in rows)
    seams = [i for s in new.spans if s.kind == "bridge" for i in (s.start - 1, (s.start + s.end) // 2 - 1, s.end - 1)]
    assert frame_jumps(new.positions)[seams].max() <= own + 1e-6


def test_regenerate_row_refuses_what_would_move_other_rows(load):
    take = make_shot(shot_of(), load)
    with pytest.raises(ValueError, match="row 2 lasts 60 frames in the shot but 40 in the take"):
        regenerate_row(shot_of([ROWS[0], dict(ROWS[1], duration=3.0), ROWS[2]]), take, 2, load)
    with pytest.raises(ValueError, match="row 2 is muted"):
        regenerate_row(shot_of([ROWS[0], dict(ROWS[1], muted=True), ROWS[2]]), take, 2, load)
    with pytest.raises(ValueError, match="row 4 does not exist"):
        regenerate_row(shot_of(), take, 4, load)


def test_take_round_trip(load, tmp_path):
    take = make_shot(shot_of(), load, command="python -m backend shot x.json --out take.npy")
    npy, side = write_take(tmp_path / "take.npy", take)
    back = read_take(npy)
    assert back.positions.tobytes() == take.positions.tobytes() and back.spans == take.spans
    assert json.loads(side.read_text())["history"] == ["python -m backend shot x.json --out take.npy"]


# Every registered generator (tiny random weights) ----------------------------

@pytest.mark.parametrize("name", [n for n in registry.names() if n != "toy"])
def test_every_generator_makes_and_regenerates_a_shot(name):
    generator = registry.tiny_generator(name)
    load = {name: generator}.__getitem__
    rows = [dict(r, duration=2.0) for r in ROWS]
    take = make_shot(shot_of(rows, generator=name), load)
    assert take.positions.shape == (120, 22, 3) and np.isfinite(take.positions).all()
    rows[1].update(seed=9)
    new = regenerate_row(shot_of(rows, generator=name), take, 2, load)
    outside = np.ones(120, bool)
    outside[30:90] = False
    assert new.positions[outside].tobytes() == take.positions[outside].tobytes()


# CLI ---------------------------------------------------------------------------

def test_cli_writes_the_take_and_regenerates_a_row(tmp_path, monkeypatch, toy):
    from backend import cli
    from backend.shot import cli as shot_cli

    monkeypatch.setattr(shot_cli, "_loader", lambda args: {"toy": toy}.__getitem__)
    shot = tmp_path / "shot.json"
    shot.write_text(json.dumps({"generator": "toy", "rows": ROWS}), encoding="utf-8")
    assert cli.main(["shot", str(shot), "--out", str(tmp_path / "take"), "--device", "cpu"]) == 0
    take = read_take(tmp_path / "take.npy")
    side = json.loads((tmp_path / "take.json").read_text())
    assert take.positions.shape == (150, 22, 3) and side["frames"] == 150 and side["bridge_frames"] == BRIDGE_FRAMES
    assert [s["seed"] for s in side["spans"] if s["kind"] == "row"] == [1, 2, 3]
    assert "shot" in side["command"]

    shot.write_text(json.dumps({"generator": "toy", "rows": [ROWS[0], dict(ROWS[1], seed=8), ROWS[2]]}), encoding="utf-8")
    assert cli.main(["shot", str(shot), "--regenerate", "2", "--source", str(tmp_path / "take.npy"), "--out", str(tmp_path / "take2.npy")]) == 0
    again = read_take(tmp_path / "take2.npy")
    assert again.positions[:50].tobytes() == take.positions[:50].tobytes()
    assert again.positions[110:].tobytes() == take.positions[110:].tobytes()
    assert len(again.extra["history"]) == 2


def test_cli_errors_are_one_line(tmp_path, capsys):
    from backend import cli

    shot = tmp_path / "shot.json"
    shot.write_text(json.dumps({"generator": "toy", "rows": [dict(ROWS[0], duration=0)]}), encoding="utf-8")
    assert cli.main(["shot", str(shot), "--out", str(tmp_path / "take.npy")]) == 2
    assert "row 1: duration must be more than 0" in capsys.readouterr().err
    assert cli.main(["shot", str(shot), "--out", str(tmp_path / "take.npy"), "--regenerate", "1"]) == 2
    assert "go together" in capsys.readouterr().err


# The shipped MoMask on the CPU (skipped without its pack) ---------------------

def test_shipped_momask_bridges_stay_within_real_motion():
    """Two rows with the shipped MoMask: every step around each bridge within
    the real-data p99 frame step (0.300 m, ``bench/SEAMS.md``)."""
    spec = registry.get_spec("momask")
    if not (registry.pack_folder("momask") / spec.pack_file).is_file():
        pytest.skip("the MoMask default pack is not installed")
    from backend.studio.engine import Settings, shared_engine

    engine, settings = shared_engine(), Settings(device="cpu", encoder=spec.text_encoder)
    take = make_shot(shot_of([dict(ROWS[0], duration=2.0), dict(ROWS[2], duration=2.0)], generator="momask"),
                     lambda name: engine.generator(name, settings))
    boundary = take.rows()[1].start
    assert frame_jumps(take.positions)[boundary - BRIDGE_FRAMES - 1:boundary + BRIDGE_FRAMES].max() <= 0.300


# Scene terms (backend.studio.shots: what the Blender operators run) ---------

@pytest.mark.parametrize("fps", [20.0, 24.0, 25.0, 29.97, 30.0, 60.0])
def test_scene_span_is_exactly_the_scene_frames_that_sample_the_changed_take_frames(fps):
    from backend.studio.shots import scene_frames, scene_span

    take_frames = 110
    total = scene_frames(take_frames, fps)
    for lo, hi in ((0, 20), (30, 80), (31, 79), (90, 110), (0, 110), (45, 46)):
        touched = []
        for k in range(total):
            u = k * 20.0 / fps
            base = int(np.floor(u + 1e-9))
            sources = {base} | ({base + 1} if u - base > 1e-9 else set())
            if any(lo <= s < hi for s in sources):
                touched.append(k)
        assert scene_span(lo, hi, fps, take_frames) == (touched[0], touched[-1] + 1), (lo, hi)
        assert touched == list(range(touched[0], touched[-1] + 1))


def test_a_take_packs_into_plain_values_and_back(toy, load):
    from backend.studio.shots import pack_take, unpack_take

    take = make_shot(shot_of(), load)
    sidecar, flat = pack_take(take)
    assert isinstance(sidecar, str) and all(isinstance(v, float) for v in flat[:5])
    back = unpack_take(sidecar, flat)
    assert np.array_equal(back.positions, take.positions) and back.spans == take.spans and back.bridge_frames == take.bridge_frames
    with pytest.raises(ValueError, match="damaged"):
        unpack_take("{not json", flat)
    with pytest.raises(ValueError, match="do not match"):
        unpack_take(sidecar, flat[:-3])


def test_fit_makes_the_shot_again_with_scaled_durations_and_keeps_its_frame_count(toy, load):
    from backend.shot.along import make_shot_along, scaled_shot
    from backend.shot.path import make_path, path_error, travel

    shot = shot_of()
    plain = make_shot(shot, load)
    _, distance, _ = travel(plain.positions)
    assert distance[-1] > 0.5, "the toy generator travels"
    path = make_path([[0.0, 0.0], [0.0, 1.5 * distance[-1]]], speed="fit")
    take, report = make_shot_along(shot, load, lambda take: path)
    assert len(take.positions) == len(plain.positions) and take.spans == plain.spans
    assert 1.3 < report["duration_factor"] <= 2.0
    # The toy's root sways up to 16 cm about its smoothed travel (stretched by 1.5 with the curve).
    assert path_error(take.positions, path).max() < 0.30
    assert np.linalg.norm(take.positions[-1, 0, [0, 2]] - path.points[-1]) < 0.05 * path.length
    # Within 5% of the curve already: made once.
    near = make_path([[0.0, 0.0], [0.0, distance[-1] * 1.02]], speed="fit")
    assert make_shot_along(shot, load, lambda take: near)[1]["duration_factor"] == 1.0
    longest, k = scaled_shot(parse_shot({"generator": "toy", "rows": [{"prompt": "x", "duration": 50.0},
                                                                        {"prompt": "y", "duration": 59.0, "muted": True}]}), 2.0)
    assert longest.rows[0].duration == pytest.approx(60.0) and k == pytest.approx(1.2), "muted rows do not limit the factor"
