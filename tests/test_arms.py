"""The arm recogniser (``eval.arms``) and its features (``motion.arms``): the
arms alone, in the chest's frame, name an upper-body action whatever the
legs do; the prompt bench counts a composite's second action seen by the arms."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import torch

from backend.eval.arms import OTHER, ArmRecogniser, ArmRecogniserConfig, window_labels
from backend.eval.weights import load_arm_recogniser
from backend.motion.arms import ARM_FEATURES, arm_features
from backend.motion.skeleton import Joint
from backend.studio.compose import overlay_arms
from tests.real_clips import real_clips

LEGS = [Joint.PELVIS, Joint.LEFT_HIP, Joint.RIGHT_HIP, Joint.LEFT_KNEE, Joint.RIGHT_KNEE, Joint.LEFT_ANKLE, Joint.RIGHT_ANKLE,
        Joint.LEFT_FOOT, Joint.RIGHT_FOOT]


def _turn(positions: np.ndarray, degrees: float) -> np.ndarray:
    a = np.radians(degrees)
    rotation = np.array([[np.cos(a), 0, np.sin(a)], [0, 1, 0], [-np.sin(a), 0, np.cos(a)]])
    return positions @ rotation.T


@pytest.fixture(scope="module")
def clips(cmu_folder, bandai_folders):
    return real_clips(cmu_folder, bandai_folders)


def test_arm_features_ignore_where_the_body_is_what_the_legs_do_and_which_way_it_faces(clips):
    wave = clips["dataset-2_wave-right-hand_active_003"]
    features = arm_features(wave)
    assert features.shape == (len(wave), ARM_FEATURES) and features.dtype == np.float32
    moved = _turn(wave, 70.0) + np.array([3.0, 0.0, -2.0])
    legs = wave.copy()
    legs[:, LEGS] += np.random.default_rng(0).normal(0, 0.1, (len(wave), len(LEGS), 3))
    np.testing.assert_allclose(arm_features(moved), features, atol=1e-4)
    np.testing.assert_allclose(arm_features(legs), features, atol=1e-4)
    still = np.repeat(wave[:1], 10, axis=0)
    assert np.abs(arm_features(still)[:, ARM_FEATURES // 2:]).max() < 1e-6, "a still pose has no arm velocity"


def test_shipped_arm_recogniser_sees_a_real_wave_laid_over_a_real_walk(clips):
    """A real right-hand wave's arms over a real walk (the composer's own
    overlay): the arms show the wave; the walk's own arms do not."""
    model, info = load_arm_recogniser()
    assert "wave-right-hand" in model.config.labels and model.config.labels[-1] == OTHER
    assert info["validation"]["acc"] > 0.8
    wave, walk = clips["dataset-2_wave-right-hand_active_003"], clips["36_02"]
    n = min(len(wave), len(walk))
    composite = overlay_arms(walk[:n], wave[:n], 0, side="right")
    assert "wave-right-hand" in window_labels(model, composite)
    assert "wave-right-hand" not in window_labels(model, walk[:n])
    assert set(window_labels(model, walk)) == {OTHER}, "a CMU walk's own arms show no action"


def _fixed(label: str, labels=("wave-right-hand", "bow", OTHER)) -> ArmRecogniser:
    """A recogniser that names every window ``label``."""
    model = ArmRecogniser(ArmRecogniserConfig(labels=labels))
    with torch.no_grad():
        model.head.weight.zero_()
        model.head.bias.copy_(torch.tensor([1.0 if name == label else 0.0 for name in labels]))
    return model.eval()


def test_prompt_bench_counts_a_second_action_the_arms_show():
    from backend.bench.prompts import score_generator

    class Scorer:  # the whole body always reads as a walk
        recogniser = SimpleNamespace(config=SimpleNamespace(contents=("walk", "wave-right-hand", "bow"), styles=("normal",)))

        def labels(self, features):
            return np.zeros(len(features), int), np.zeros(len(features), int)

    clip = np.random.default_rng(1).normal(size=(120, 22, 3))
    single = [["a person walks", "walk", None]]
    composite = [["a person walks and waves the right hand", "a person walks", "walk", "wave-right-hand"],
                 ["a person walks and then bows", "a person walks", "walk", "bow"]]
    clips = {t: clip for c in composite for t in c[:2]} | {"a person walks": clip, "wave the right hand": clip}
    real = {"content": {"walk": 1.0, "wave-right-hand": 1.0}, "style": {}, "style_family": {}}
    single_styled = single + [["a person walks", "walk", "normal"], ["wave the right hand", "wave-right-hand", None]]
    real_styled = real | {"style": {"normal": 1.0}, "style_family": {"normal": 1.0}}
    without = score_generator("g", clips, single_styled, composite, Scorer(), real_styled)
    assert without["composite_second_recognised"] == 0.0 and "composite_second_recognised_arms" not in without
    waving = score_generator("g", clips, single_styled, composite, Scorer(), real_styled, arms=_fixed("wave-right-hand"))
    assert waving["composite_second_recognised"] == 0.0 and waving["composite_second_recognised_arms"] == 0.5
    assert waving["misses"]["composite_second_arms"] == ["a person walks and then bows"]
    idle = score_generator("g", clips, single_styled, composite, Scorer(), real_styled, arms=_fixed(OTHER))
    assert idle["composite_second_recognised_arms"] == 0.0


def test_a_missing_arm_recogniser_names_the_command_that_makes_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="eval train-arms"):
        load_arm_recogniser(tmp_path)
