"""Composite prompts made clause by clause (``backend.studio.compose``): the
splitting, the label matching, the arm overlay, and the product path
(``studio.motion.generate``) with the shipped MoMask pack."""

from __future__ import annotations

import numpy as np
import pytest

from backend.motion.arms import ARM_CHAINS
from backend.motion.skeleton import Joint
from backend.studio import compose
from backend.studio.compose import Plan, overlay_arms, split

ARM_JOINTS = [int(j) for chain in ARM_CHAINS.values() for j in chain]
OTHER_JOINTS = [j for j in range(22) if j not in ARM_JOINTS]


@pytest.mark.parametrize("prompt, expected", [
    ("a dancer skips forward and claps", ("a dancer skips forward", "a dancer claps", "with")),
    ("the robot marches on while lifting its right arm", ("the robot marches on", "the robot lifting its right arm", "with")),
    ("a girl hops ahead, then sits down", ("a girl hops ahead", "a girl sits down", "then")),
    ("a soldier marches ahead and then salutes", ("a soldier marches ahead", "a soldier salutes", "then")),
    ("an athlete sprints, halts and stretches", ("an athlete sprints", "an athlete stretches", "then")),
    ("stroll forward and clap twice", ("stroll forward", "clap twice", "with")),
    ("a person strolls forward and she waves", ("a person strolls forward", "she waves", "with")),
])
def test_split_finds_the_clauses_and_carries_the_subject(prompt, expected):
    assert split(prompt) == expected


@pytest.mark.parametrize("prompt", ["a person strolls forward", "someone waves", "and", "a man andante"])
def test_split_leaves_single_clauses_alone(prompt):
    assert split(prompt) is None


def _matcher(labels: dict[str, str], score: float = 0.9):
    return lambda clauses: [(labels[c], score) for c in clauses]


def test_a_plan_needs_locomotion_first_and_an_action_second():
    labels = {"a dancer skips forward": "walk", "a dancer claps": "wave-both-hands", "a dancer turns left": "walk-turn-left",
              "a dancer bows": "bow", "a dancer sits": "bow"}
    plan = compose.plan("a dancer skips forward and claps", _matcher(labels))
    assert plan == Plan("a dancer skips forward", "a dancer claps", "with", "walk", "wave-both-hands") and plan.upper_body and plan.side is None
    assert compose.plan("a dancer skips forward and turns left", _matcher(labels)) is None  # two locomotions: as typed
    assert compose.plan("a dancer bows and claps", _matcher({"a dancer bows": "bow", "a dancer claps": "wave-both-hands"})) is None
    assert not compose.plan("a dancer skips forward then bows", _matcher(labels)).upper_body
    assert compose.plan("a dancer skips forward and claps", _matcher(labels, score=0.3)) is None  # far from every label


@pytest.mark.parametrize("prompt", ["a person walks slowly and carefully", "a person walks around and around", "a man walks in and out"])
def test_one_action_cut_at_and_is_not_a_composite(prompt):
    def labels(clauses):  # whatever the labels, the second piece has no verb of its own
        return [("walk", 0.95), ("wave-right-hand", 0.95)]

    assert compose.plan(prompt, labels) is None


def _walker(frames: int = 40, seed: int = 0) -> np.ndarray:
    """A plausible skeleton moving forward with a yaw that changes over time."""
    from backend.motion.skeleton import BONE_LENGTHS, PARENTS, RAW_DIRECTIONS

    rng = np.random.default_rng(seed)
    rest = np.zeros((22, 3))
    for j in range(1, 22):
        direction = np.asarray(RAW_DIRECTIONS[j], dtype=float)
        rest[j] = rest[PARENTS[j]] + direction / max(np.linalg.norm(direction), 1e-9) * BONE_LENGTHS[j]
    out = np.zeros((frames, 22, 3))
    for t in range(frames):
        yaw = 0.3 * np.sin(t / 7 + seed)
        r = np.array([[np.cos(yaw), 0, np.sin(yaw)], [0, 1, 0], [-np.sin(yaw), 0, np.cos(yaw)]])
        pose = rest + rng.normal(scale=0.02, size=rest.shape)
        out[t] = pose @ r.T + np.array([0.0, 0.9, 0.05 * t])
    return out.astype(np.float32)


def _bone_lengths(x: np.ndarray) -> np.ndarray:
    from backend.motion.skeleton import PARENTS

    return np.stack([np.linalg.norm(x[:, j] - x[:, PARENTS[j]], axis=-1) for j in range(1, 22)], -1)


def test_overlay_keeps_the_base_body_and_its_bone_lengths():
    base, action = _walker(seed=0), _walker(seed=1)
    out = overlay_arms(base, action, 0, side=None)
    assert np.array_equal(out[:, OTHER_JOINTS], base[:, OTHER_JOINTS])  # legs, pelvis, spine, head: the locomotion's
    assert np.allclose(_bone_lengths(out), _bone_lengths(base), atol=1e-5)
    assert np.abs(out[:, ARM_JOINTS] - base[:, ARM_JOINTS]).max() > 0.01


def test_overlay_puts_the_actions_arm_pose_in_the_base_chest_frame():
    action = _walker(seed=1)
    # the same motion turned 90 degrees and moved: its arms, placed on it, come back unchanged
    turn = np.array([[0.0, 0, 1], [0, 1, 0], [-1, 0, 0]])
    base = (action @ turn.T + np.array([2.0, 0, -1])).astype(np.float32)
    out = overlay_arms(base, action, 0, side=None)
    assert np.allclose(out, base, atol=1e-5)


def test_overlay_of_one_side_from_a_frame_on_with_a_fade():
    base, action = _walker(seed=0), _walker(seed=2, frames=15)
    out = overlay_arms(base, action, 25, side="left", fade=6)
    right = [int(j) for j in ARM_CHAINS["right"]]
    left_wrist = int(Joint.LEFT_WRIST)
    assert np.array_equal(out[:25], base[:25]) and np.array_equal(out[:, right], base[:, right])
    steps = np.linalg.norm(out[25:, left_wrist] - base[25:, left_wrist], axis=-1)
    assert steps[0] < steps[6] and steps[0] > 0  # faded in, not a jump
    assert np.allclose(_bone_lengths(out), _bone_lengths(base), atol=1e-5)


def test_a_sequence_too_short_for_two_clips_is_made_as_typed():
    plan = Plan("a", "b", "then", "walk", "bow")
    never = lambda parts: (_ for _ in ()).throw(AssertionError("sequenced"))  # noqa: E731
    assert compose.compose(plan, 30, None, estimate=lambda text: 24, sequence=never, min_frames=24) is None
    made = compose.compose(plan, 60, None, estimate=lambda text: 24, sequence=lambda parts: parts, min_frames=24)
    assert made == [("a", 36), ("b", 24)]


def test_an_upper_body_action_after_then_is_sequenced_and_one_with_and_is_overlaid():
    made = []

    def make(text, frames):
        made.append((text, frames))
        return _walker(seed=len(made), frames=frames)

    then = Plan("a", "b", "then", "walk", "wave-right-hand")
    assert then.upper_body
    assert compose.compose(then, 60, make, estimate=lambda text: 24, sequence=lambda parts: parts, min_frames=24) == [("a", 36), ("b", 24)]
    assert made == []  # nothing overlaid
    together = Plan("a", "b", "with", "walk", "wave-right-hand")
    out = compose.compose(together, 40, make, estimate=lambda text: 24, sequence=None, min_frames=24)
    assert out.shape == (40, 22, 3) and made == [("a", 40), ("b", 40)]


def test_action_share_of_a_sequence():
    plan = Plan("a", "b", "then", "walk", "bow")
    assert compose.action_frames(plan, 120, lambda text: 30, min_frames=8) == 30
    assert compose.action_frames(plan, 120, lambda text: 500, min_frames=8) == 60  # at most half
    assert compose.action_frames(plan, 120, None, min_frames=8) == 60


@pytest.fixture(scope="module")
def momask():
    from backend.generators.registry import get_spec
    from backend.studio.engine import Settings, shared_engine

    return shared_engine(), Settings(device="cpu", pack="default", encoder=get_spec("momask").text_encoder)


def test_the_matcher_names_clauses_with_the_training_labels(momask):
    engine, settings = momask
    scored = engine.run("momask", settings, lambda model: compose.matcher_for(model.text)(
        ["a woman sprints ahead", "someone strolls forward", "a man lifts his left arm up high", "a boy bows politely",
         "a kid waves with his right hand", "a woman kicks a ball", "a person picks something up", "a person looks tired"]))
    labels = [label for label, _ in scored]
    assert labels[0] in ("run", "dash") and labels[1] == "walk" and labels[2] == "raise-up-left-hand"
    assert labels[3] == "bow" and labels[4] == "wave-right-hand"
    assert labels[5] == "kick"
    assert min(score for _, score in scored[:6]) >= compose.MIN_SIMILARITY > max(scored[6][1], scored[7][1])  # no label for these


def test_the_stored_label_means_are_the_shipped_encoders(momask):
    engine, settings = momask

    def check(model):
        key = compose.encoder_key(model.info.get("text_encoder"))
        stored = compose._stored_means(key)
        assert stored is not None, "the shipped packs' encoder has stored means (tools/make_composite_labels.py)"
        np.testing.assert_allclose(stored, compose.label_means(model.text), atol=1e-4)
        assert compose._stored_means("another-encoder:00") is None

    engine.run("momask", settings, check)


def test_a_single_clause_prompt_never_builds_the_matcher():
    def never(clauses):
        raise AssertionError("matched a prompt that does not split")

    assert compose.plan("a person strolls forward slowly", never) is None


def test_a_composite_prompt_keeps_its_locomotion_on_the_product_path(momask):
    from backend.studio import motion

    engine, settings = momask
    prompt, base = "a woman strolls forward while lifting her left arm up high", "a woman strolls forward"
    run = dict(generator="momask", scene_frames=120, fps=20.0, seed=3)
    composed = motion.generate(engine, settings, prompt=prompt, **run)[0]
    alone = motion.generate(engine, settings, prompt=base, **run)[0]
    typed = motion.generate(engine, settings, prompt=prompt, options=motion.Options(compose=False), **run)[0]
    assert composed.shape == alone.shape == (120, 22, 3)
    assert np.array_equal(composed[:, OTHER_JOINTS], alone[:, OTHER_JOINTS])  # the locomotion clause, made alone
    left = [int(j) for j in ARM_CHAINS["left"]]
    assert np.abs(composed[:, left] - alone[:, left]).max() > 0.1
    assert not np.array_equal(typed, composed)


def test_the_shipped_label_phrases_match_the_caption_tables():
    import json

    shipped = json.loads(compose.PHRASES_FILE.read_text())
    assert list(shipped) == list(compose.LABELS)
    assert all(shipped[label] == compose.table_phrases(label) for label in compose.LABELS), "run tools/make_composite_labels.py"
    assert all(len(shipped[label]) >= 8 for label in compose.LABELS)
