"""The motion describer's detectors, each on a synthetic clip made for it, and mirroring."""

from __future__ import annotations

import numpy as np
import pytest

from backend.describe import content_of, describe
from backend.describe.synthetic import ANKLE_HEIGHT, FPS, HIP_WIDTH, STAND_PELVIS, assemble, bump, frames_of, standing, walking
from backend.motion.mirror import mirror_positions

SWAP = {"left": "right", "right": "left", "forward-left": "forward-right", "forward-right": "forward-left"}


def kinds(description) -> list[str]:
    return [e.kind for e in description.events]


def only(description, kind):
    found = description.of(kind)
    assert len(found) == 1, (kind, description.events)
    return found[0]


def planted(frames: int) -> np.ndarray:
    """(T, 2, 3) ankles of a character standing at the origin."""
    return np.tile(np.array([[HIP_WIDTH, ANKLE_HEIGHT, 0.0], [-HIP_WIDTH, ANKLE_HEIGHT, 0.0]]), (frames, 1, 1))


def seconds(frames: int) -> np.ndarray:
    return np.arange(frames) / FPS


# ---------------------------------------------------------------- clips


def clip_stand():
    return assemble(**standing(3))


def clip_walk():
    return assemble(**walking(5))


def clip_walk_turn_left():
    return assemble(**walking(6, turn=90))


def clip_raise_right_twice():
    frames = frames_of(6)
    elevation = np.zeros((frames, 2))
    elevation[:, 1] = 170 * (bump(frames, 0.8, 2.2) + bump(frames, 3.5, 4.9))
    return assemble(**standing(6), elevation=elevation)


def clip_wave_left():
    frames = frames_of(6)
    t = seconds(frames)
    elevation, azimuth, elbow = np.zeros((frames, 2)), np.zeros((frames, 2)), np.zeros((frames, 2))
    elevation[:, 0] = 150 * bump(frames, 0.5, 5.5)
    azimuth[:, 0] = 60 + 25 * np.sin(2 * np.pi * 2 * t)
    elbow[:, 0] = 20 * bump(frames, 0.5, 5.5)
    return assemble(**standing(6), elevation=elevation, azimuth=azimuth, elbow=elbow)


def clip_jumps(times=(1.5, 3.0)):
    frames = frames_of(5)
    t = seconds(frames)
    root, ankles = standing(5)["root"].copy(), planted(frames)
    for t0 in times:
        up = np.clip(1 - ((t - t0 - 0.25) / 0.25) ** 2, 0, None) * 0.35
        root[:, 1] += up - np.exp(-(((t - t0 + 0.05) / 0.12) ** 2)) * 0.12
        ankles[:, :, 1] += up[:, None]
    return assemble(root, ankles=ankles)


def clip_hop_left():
    frames = frames_of(6)
    t = seconds(frames)
    root = standing(6)["root"].copy()
    ankles = planted(frames)
    ankles[:, 1] += [0.0, 0.3, -0.2]  # right foot held up behind
    for t0 in (1.5, 2.5, 3.5):
        up = np.clip(1 - ((t - t0 - 0.2) / 0.2) ** 2, 0, None) * 0.25
        root[:, 1] += up
        ankles[:, 0, 1] += up
    return assemble(root, ankles=ankles)


def clip_sit_stand():
    frames = frames_of(7)
    low = bump(frames, 1.5, 5.0, 1.0)
    root = standing(7)["root"].copy()
    root[:, 1] -= low * 0.42
    root[:, 2] -= low * 0.3
    elbow = np.stack([low * 80, low * 80], axis=1)  # hands in the lap
    elevation = np.stack([low * 20, low * 20], axis=1)
    return assemble(root, ankles=planted(frames), pitch=low * 5, elevation=elevation, elbow=elbow)


def clip_squat():
    frames = frames_of(5)
    low = bump(frames, 1.5, 3.0, 0.5)
    root = standing(5)["root"].copy()
    root[:, 1] -= low * 0.45
    root[:, 2] -= low * 0.1
    return assemble(root, ankles=planted(frames), pitch=low * 40)


def clip_lie_down(fast: bool = False):
    frames = frames_of(8)
    t = seconds(frames)
    low = np.clip((t - 2) / (0.5 if fast else 2.0), 0, 1)
    low = 3 * low**2 - 2 * low**3
    root = standing(8)["root"].copy()
    root[:, 1] = STAND_PELVIS * (1 - low) + 0.12 * low
    ankles = planted(frames)
    ankles[:, :, 2] += low[:, None] * (-0.8 if fast else 0.8)
    return assemble(root, ankles=ankles, pitch=low * (88 if fast else -88))


def clip_kick_right_twice():
    frames = frames_of(6)
    t = seconds(frames)
    ankles = planted(frames)
    for t0 in (2.0, 4.0):
        k = np.exp(-(((t - t0) / 0.15) ** 2))
        ankles[:, 1, 2] += 0.6 * k
        ankles[:, 1, 1] += 0.5 * k
    return assemble(**standing(6), ankles=ankles)


def clip_punch_left():
    frames = frames_of(5)
    t = seconds(frames)
    elevation, elbow = np.zeros((frames, 2)), np.zeros((frames, 2))
    elevation[:, 0], elbow[:, 0] = 70, 120
    for t0 in (1.5, 2.5, 3.5):
        k = np.exp(-(((t - t0) / 0.06) ** 2))
        elbow[:, 0] -= 120 * k
        elevation[:, 0] += 20 * k
    return assemble(**standing(5), elevation=elevation, elbow=elbow)


# ---------------------------------------------------------------- detectors


def test_standing_still_is_only_standing():
    d = describe(clip_stand())
    assert kinds(d) == ["stand"] and d.events[0].manner == "still"


def test_walking_forward():
    d = describe(clip_walk())
    walk = only(d, "walk")
    assert walk.direction == "forward" and 1.0 < walk.speed < 1.4 and walk.distance > 4
    assert only(d, "path").shape == "straight"
    assert not d.of("turn", "jog", "run", "jump")


def test_walking_backward_and_running():
    assert only(describe(assemble(**walking(5, speed=0.8, backward=True))), "walk").direction == "backward"
    assert {e.kind for e in describe(assemble(**walking(4, speed=3.0, run=True))).of("jog", "run", "walk")} == {"run"}
    assert only(describe(assemble(**walking(5, sideways=90))), "walk").direction == "left"


def test_turning_left_90_degrees():
    d = describe(clip_walk_turn_left())
    turn = only(d, "turn")
    assert turn.direction == "left" and 70 <= turn.angle <= 110
    assert 2.0 <= turn.start <= turn.end <= 4.5
    assert only(describe(assemble(**walking(6, turn=-90))), "turn").direction == "right"


def test_walking_in_a_circle():
    d = describe(assemble(**walking(8, turn=360, turn_from=0.05, turn_to=0.95)))
    path = only(d, "path")
    assert path.shape == "circle" and path.direction == "left"


def test_raising_the_right_hand_twice():
    d = describe(clip_raise_right_twice())
    raised = only(d, "raise")
    assert raised.side == "right" and raised.count == 2 and raised.height == "overhead"
    assert only(d, "lower").side == "right"
    assert not d.of("wave")


def test_waving_the_left_hand():
    d = describe(clip_wave_left())
    assert only(d, "wave").side == "left"
    assert content_of(d) == "wave-left-hand"


def test_jumping_twice_in_place():
    jump = only(describe(clip_jumps()), "jump")
    assert jump.count == 2 and jump.direction == "up"


def test_hopping_on_the_left_foot():
    hop = only(describe(clip_hop_left()), "hop")
    assert hop.side == "left" and hop.count == 3


def test_sitting_down_and_standing_up():
    d = describe(clip_sit_stand())
    sit, stand_up = only(d, "sit_down"), only(d, "stand_up")
    assert sit.start < stand_up.start
    assert not d.of("squat", "reach")


def test_squatting():
    d = describe(clip_squat())
    assert only(d, "squat").count == 1
    assert not d.of("sit_down")


def test_lying_down_and_falling():
    d = describe(clip_lie_down())
    assert only(d, "lie_down") and not d.of("fall", "raise", "reach")
    assert only(describe(clip_lie_down(fast=True)), "fall")


def test_kicking_with_the_right_leg_twice():
    kick = only(describe(clip_kick_right_twice()), "kick")
    assert kick.side == "right" and kick.count == 2


def test_punching_with_the_left_hand():
    punch = only(describe(clip_punch_left()), "punch")
    assert punch.side == "left" and punch.count == 3


def test_bending_leaning_and_spinning():
    frames = frames_of(6)
    bend = only(describe(assemble(**standing(6), pitch=60 * bump(frames, 1.5, 3.5, 0.6))), "bend")
    assert bend.angle >= 55
    assert only(describe(assemble(**standing(6), roll=-25 * bump(frames, 1.5, 3.5, 0.6))), "lean").direction == "right"
    yaw = np.radians(360) * np.clip((seconds(frames) - 2) / 1.5, 0, 1)
    spin = only(describe(assemble(**standing(6), yaw=yaw)), "spin")
    assert spin.direction == "left" and spin.count == 1


def test_tempo_of_a_slow_and_a_quick_raise():
    frames = frames_of(8)
    slow, quick = np.zeros((frames, 2)), np.zeros((frames, 2))
    slow[:, 0] = 100 * bump(frames, 0.5, 7.5, 3.0)
    quick[:, 0] = 170 * sum(bump(frames, t0, t0 + 0.6, 0.2) for t0 in (1.0, 2.5, 4.0, 5.5))
    assert describe(assemble(**standing(8), elevation=slow)).tempo == "slowly"
    assert describe(assemble(**standing(8), elevation=quick)).tempo == "quickly"


def test_short_and_odd_input():
    assert describe(clip_stand()[:1]).events == ()
    with pytest.raises(ValueError):
        describe(np.zeros((10, 21, 3)))


# ---------------------------------------------------------------- mirroring


@pytest.mark.parametrize(
    "make",
    [clip_walk_turn_left, clip_raise_right_twice, clip_wave_left, clip_hop_left, clip_kick_right_twice, clip_punch_left],
)
def test_a_mirrored_clip_has_its_sides_swapped(make):
    positions = make()
    original, mirrored = describe(positions), describe(mirror_positions(positions))
    assert [e.kind for e in original.events] == [e.kind for e in mirrored.events]
    for a, b in zip(original.events, mirrored.events):
        assert SWAP.get(a.side, a.side) == b.side
        assert SWAP.get(a.direction, a.direction) == b.direction
        assert a.count == b.count and abs(a.start - b.start) < 0.11


def test_describing_is_invariant_to_where_the_clip_starts_and_faces():
    positions = clip_walk_turn_left()
    angle = np.radians(130)
    turn = np.array([[np.cos(angle), 0, np.sin(angle)], [0, 1, 0], [-np.sin(angle), 0, np.cos(angle)]])
    moved = positions @ turn.T + np.array([3.0, 0.0, -2.0])
    a, b = describe(positions), describe(moved)
    assert [(e.kind, e.direction, e.side) for e in a.events] == [(e.kind, e.direction, e.side) for e in b.events]
