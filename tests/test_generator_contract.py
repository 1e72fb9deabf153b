"""Every registered generator (tiny random weights, CPU) passes the contract
in ``generator_contract``; broken generators fail it; the shipped MoMask
pack generates and edits smoothly."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.generators import registry
from backend.generators.base import Prompt
from backend.generators.editing import range_mask, source_features
from backend.motion.features import recover_from_ric

from . import generator_contract as contract

NAMES = [spec.name for spec in registry.specs() if spec.tiny]


@pytest.fixture(scope="module", params=NAMES)
def generator(request):
    return registry.tiny_generator(request.param)


def test_every_registered_generator_is_under_contract():
    assert set(NAMES) == set(registry.names()), "every generator must declare a tiny config for the contract"
    assert "momask" in NAMES and "toy" in NAMES


@pytest.mark.parametrize("check", contract.CHECKS, ids=lambda c: c.__name__)
def test_contract(generator, check):
    check(generator)


class _Mutant:
    """A generator whose ``edit`` breaks the kept-frames property in one way."""

    def __init__(self, inner, how: str) -> None:
        self.inner, self.how = inner, how

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def edit(self, source, keep, text, options=None, *, seed):
        if self.how == "mutates_source":
            out = self.inner.edit(source, keep, text, options, seed=seed)
            source[keep] += 0.01  # the old test compared against this very array
            out[keep] = source[keep]
            return out
        if self.how == "mutates_mask":
            out = self.inner.edit(source, keep, text, options, seed=seed)
            out[keep] += 0.01
            keep[:] = False  # the old test then compared nothing
            return out
        out = self.inner.edit(source, keep, text, options, seed=seed)
        first_kept = int(np.flatnonzero(keep)[0])
        out[first_kept, 5, 1] = np.nextafter(out[first_kept, 5, 1], np.float32(10))  # one kept frame, one ulp
        return out


@pytest.mark.parametrize("how", ["changes_one_kept_frame", "mutates_source", "mutates_mask"])
def test_the_edit_check_catches_broken_generators(how):
    mutant = _Mutant(registry.tiny_generator("momask"), how)
    with pytest.raises(AssertionError):
        contract.check_edit_keeps_frames(mutant)


def test_the_batched_edit_check_catches_a_batch_that_shares_one_seed():
    generator = registry.tiny_generator("mld")

    def one_seed(features, keeps, texts, options, *, seeds):
        return type(generator)._edit_many(generator, features, keeps, texts, options, seeds=[seeds[0]] * len(seeds))

    generator._edit_many = one_seed
    with pytest.raises(AssertionError, match="batched edit differs"):
        contract.check_batched_edits(generator)


def test_the_isolation_check_catches_options_stored_on_the_model():
    generator = registry.tiny_generator("toy")
    leaky = _Leaky(generator)
    with pytest.raises(AssertionError):
        contract.check_option_isolation(leaky)


class _Leaky:
    """Writes each call's options onto itself, as the old studio did."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.spec, self.defaults = inner.spec, inner.defaults

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def options(self, **ui):
        return self.inner.options(**ui)

    def generate(self, prompts, options=None, *, seed):
        if options is not None:
            self.defaults = options
        return self.inner.generate(prompts, self.defaults, seed=seed)


def test_bad_requests_get_clear_errors(generator):
    for frames in (-5, 0, generator.min_frames - 1, generator.longest + 1, 10_000):
        with pytest.raises(ValueError, match="outside"):
            generator.generate([Prompt("a person walks", frames)], seed=0)
    with pytest.raises(ValueError, match="whole number"):
        generator.generate([Prompt("a person walks", 40.5)], seed=0)
    for prompt, message in (("", "empty"), ("   ", "empty"), ("walk " * 120, "words"), ("一个人向前走然后挥手", "English"), ("?!", "no words")):
        with pytest.raises(ValueError, match=message):
            generator.generate_positions(prompt, 40, seed=0)
    source = generator.generate_positions("a person walks", 40, seed=1)
    with pytest.raises(ValueError, match="whole clip"):
        generator.edit(source, np.zeros(40, bool), "a person jumps", seed=0)
    with pytest.raises(ValueError, match="empty"):
        generator.edit(source, np.ones(40, bool), "a person jumps", seed=0)
    broken = source.copy()
    broken[3, 4] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        generator.edit(broken, range_mask(40, 10, 20), "a person jumps", seed=0)
    with pytest.raises(ValueError, match="mask"):
        generator.edit(source, range_mask(39, 10, 20), "a person jumps", seed=0)
    with pytest.raises(ValueError, match="as many sources, keeps, texts and seeds"):
        generator.edit_many([source, source], [range_mask(40, 10, 20)], ["a person jumps"] * 2, seeds=[0, 1])
    with pytest.raises(ValueError, match="NaN"):  # one bad request in a batch: refused before any edit runs
        generator.edit_many([source, broken], [range_mask(40, 10, 20)] * 2, ["a person jumps"] * 2, seeds=[0, 1])
    with pytest.raises(ValueError, match="0 <= start < end"):
        range_mask(40, 20, 10)
    with pytest.raises(ValueError, match="unknown option"):
        generator.defaults.override(no_such_option=1)


def test_momask_padding_does_not_change_samples():
    """The GPU fast path pads every clip to one token length; the draws are
    padding-invariant, so a padded run gives the unpadded clip."""
    generator = registry.tiny_generator("momask")
    prompts = [Prompt("a person walks", 40)]
    plain = generator.generate(prompts, seed=7)[0]
    generator.accelerated = True  # pad to the longest clip, eager forward passes
    try:
        padded = generator.generate(prompts, seed=7)[0]
    finally:
        generator.accelerated = False
    assert np.allclose(plain, padded, atol=1e-4)


SHIPPED = registry.pack_folder("momask", "default")


@pytest.mark.skipif(not (SHIPPED / "momask.json").is_file(), reason="no shipped MoMask pack")
def test_shipped_momask_generates_and_edits_smoothly(cmu_folder, bandai_folders):
    from backend.generators.text_input import from_encoder
    from backend.text import get_text_encoder

    from .real_clips import real_clips

    generator = registry.load_generator("momask", text=from_encoder(get_text_encoder("minilm")), device=torch.device("cpu"))
    positions = generator.generate_positions("a person walks forward", 80, seed=0)
    assert positions.shape == (80, 22, 3) and np.isfinite(positions).all()
    assert np.ptp(positions[:, 0, [0, 2]], axis=0).max() > 0.3  # it moves
    clips = real_clips(cmu_folder, bandai_folders)
    jumps = np.concatenate([np.linalg.norm(np.diff(c, axis=0), axis=-1).max(1) for c in clips.values()])
    limit = np.percentile(jumps, 99)
    source = clips["36_02"][:120].astype(np.float32)
    for start, end in ((30, 90), (50, 51), (50, 53), (70, 76)):
        keep = range_mask(120, start, end)
        edited = generator.edit(source, keep, "a person jumps up", seed=1)
        assert np.array_equal(edited[keep], source[keep])
        seams = np.linalg.norm(np.diff(edited, axis=0), axis=-1).max(1)[[start - 1, end - 1]]
        assert seams.max() <= limit, (start, end, seams, limit)
    real = recover_from_ric(generator.reconstruct(source_features(source.astype(np.float64)).astype(np.float32)))
    assert real.shape == (120, 22, 3)
