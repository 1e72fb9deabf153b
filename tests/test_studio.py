"""The backend side of the Blender extension (no bpy): model cache and CUDA
out-of-memory fallback, jobs, edit windows in scene frames, seam blending."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from backend.motion import quaternion as Q
from backend.studio import lengths, motion
from backend.studio.blend import blend_locations, blend_rotations, seam_weights
from backend.studio.engine import Engine, Settings
from backend.studio.jobs import BusyError, Cancelled, JobRunner


class _FakeGenerator:
    def __init__(self, device: str, fail: bool) -> None:
        self.device = torch.device(device)
        self.fail = fail


def test_engine_falls_back_to_the_cpu_on_cuda_out_of_memory(monkeypatch):
    engine = Engine()
    made = []

    def fake_generator(name, settings, *, device=None, status=None):
        generator = _FakeGenerator("cuda" if device is None else str(device), fail=device is None)
        made.append(generator)
        return generator

    monkeypatch.setattr(engine, "generator", fake_generator)
    messages = []

    def work(generator):
        if generator.fail:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB")
        return generator.device.type

    assert engine.run("momask", Settings(), work, notify=messages.append) == "cpu"
    assert engine.fell_back_to_cpu and "ran out of memory" in messages[0]
    with pytest.raises(ValueError, match="boom"):
        engine.run("momask", Settings(), lambda g: (_ for _ in ()).throw(ValueError("boom")))


def test_engine_caches_models_and_says_what_is_missing():
    engine = Engine()
    with pytest.raises(ValueError, match="no 'nope' weight pack is installed for MoMask"):
        engine.generator("momask", Settings(pack="nope", device="cpu"))
    with pytest.raises(ValueError, match="no 'nope' weight pack is installed for BAMM"):
        engine.generator("bamm", Settings(pack="nope", device="cpu"))
    with pytest.raises(ValueError, match="unknown generator 'not-a-generator'"):
        engine.generator("not-a-generator", Settings(device="cpu"))


def test_shipped_model_loads_once_and_generates(tmp_path):
    engine = Engine()
    settings = Settings(device="cpu")
    clips = motion.generate(engine, settings, generator="momask", prompt="a person jumps", scene_frames=40, fps=20.0, seed=1, variations=2)
    assert [c.shape for c in clips] == [(40, 22, 3)] * 2 and not np.array_equal(clips[0], clips[1])
    again = motion.generate(engine, settings, generator="momask", prompt="a person jumps", scene_frames=40, fps=20.0, seed=1)
    assert np.array_equal(again[0], clips[0]), "variation 1 equals a single generation with the seed"
    assert len(engine.loaded()) == 1


def test_jobs_with_different_options_interleaved_give_what_each_gives_alone():
    """The cached model is never changed by a job's options (the old studio
    wrote them onto it, and they leaked into the next job)."""
    engine = Engine()
    settings = Settings(device="cpu")
    run = dict(generator="momask", prompt="a person waves", scene_frames=48, fps=24.0, seed=2)
    plain = motion.generate(engine, settings, **run)[0]
    strong = motion.generate(engine, settings, options=motion.Options(guidance=6.0, steps=6), **run)[0]
    assert not np.array_equal(plain, strong)
    for _ in range(2):
        assert motion.generate(engine, settings, **run)[0].tobytes() == plain.tobytes()
        assert motion.generate(engine, settings, options=motion.Options(guidance=6.0, steps=6), **run)[0].tobytes() == strong.tobytes()
    model = engine.generator("momask", settings)
    assert model.defaults == model.options() and model.defaults.base_guidance == 3.0


def test_jobs_one_at_a_time_with_progress_and_cancel():
    runner = JobRunner()
    gate = threading.Event()

    def slow(job):
        job.progress(0.5, "half way")
        gate.wait(5)
        return threading.current_thread().name

    job = runner.start("slow", slow)
    time.sleep(0.05)
    assert runner.busy and job.text == "half way" and job.fraction == 0.5
    with pytest.raises(BusyError):
        runner.start("other", lambda job: None)
    gate.set()
    assert job.wait(5) and job.result == "t2m: slow" and job.error is None
    job = runner.start("stoppable", lambda job: [job.progress(i / 1000) or time.sleep(0.005) for i in range(1000)])
    job.cancel()
    assert job.wait(5) and isinstance(job.error, Cancelled)
    failed = runner.start("broken", lambda job: 1 / 0, background=False)
    assert isinstance(failed.error, ZeroDivisionError) and "ZeroDivisionError" in failed.details


@pytest.mark.parametrize("fps", [24.0, 25.0, 30.0, 30 / 1.001, 60.0])
def test_generator_frames_cover_the_scene_frames(fps):
    for scene_frames in (2, 29, 48, 96, 235):
        n = lengths.to_generator_frames(scene_frames, fps)
        assert (n - 1) / 20 >= (scene_frames - 1) / fps - 1e-9 and (n - 2) / 20 < (scene_frames - 1) / fps


@pytest.mark.parametrize("fps", [24.0, 25.0, 30.0, 30 / 1.001, 50.0, 60.0])
def test_the_longest_clip_is_accepted_at_every_scene_rate(fps):
    """9.8 s (MoMask's 196 frames) used to round to 197 frames and be refused at 25, 30 and 60 fps."""
    low, high = lengths.scene_frame_limits(24, 196, fps)
    assert high == int(9.8 * fps + 1e-9) and low == int(np.ceil(1.2 * fps - 1e-9))
    frames = lengths.to_generator_frames(high, fps, max_frames=196)
    assert frames <= 196
    clip = np.zeros((frames, 22, 3))
    covered = lengths.cover(clip, high, fps)
    assert (len(covered) - 1) / 20 >= (high - 1) / fps - 1e-9
    with pytest.raises(ValueError, match=f"{high + 1} frames .* at {fps:g} fps.*{low}-{high} frames at {fps:g} fps"):
        lengths.check_scene_frames(high + 1, fps, min_frames=24, max_frames=196, label="MoMask")


def test_edit_window_fits_the_generator_and_rejects_long_ranges():
    w0, w1 = motion.edit_window(100, 148, 24.0, max_frames=196)
    assert w0 < 100 and w1 >= 148 and (w1 - w0) * 20 / 24 + 1 <= 196
    with pytest.raises(ValueError, match="at most"):
        motion.edit_window(0, 300, 24.0, max_frames=196)
    with pytest.raises(ValueError, match="inverted"):
        motion.edit_window(50, 50, 24.0, max_frames=196)


def test_seam_blend_starts_at_the_existing_pose_and_reaches_the_new_one():
    weight = seam_weights(20, 4)
    assert weight[0] == pytest.approx(0.2) and weight[-1] == pytest.approx(0.2) and weight[4:16].min() == 1.0
    rng = np.random.default_rng(0)
    original = Q.normalize(rng.normal(size=(20, 3, 4)))
    new = Q.normalize(rng.normal(size=(20, 3, 4)))
    previous = -original[0]
    out = blend_rotations(original, new, weight, previous=previous)
    assert np.allclose(np.abs(np.sum(out[8] * new[8], -1)), 1.0)
    assert (np.sum(out[0] * previous, -1) >= 0).all(), "sign continuous with the key before the range"
    assert np.allclose(blend_locations(np.zeros((20, 3)), np.ones((20, 3)), weight)[:, 0], weight)


def test_anchor_weights_fade_the_new_motion_out_at_each_keyed_frame():
    from backend.studio.edit_range import anchor_weights

    w = anchor_weights(10, 30, (15, 25), 4)
    assert w[5] == 0.0 and w[15] == 0.0
    assert np.allclose(w[3:8], [0.4, 0.2, 0.0, 0.2, 0.4])
    assert (anchor_weights(10, 30, (), 4) == 1.0).all()


def test_anchor_frames_are_kept_in_the_mask_the_generator_gets(monkeypatch):
    from backend.studio import motion

    seen = {}

    def capture(engine, settings, *, generator, source, keep, prompt, seed, options=None, job=None):
        seen["keep"] = keep.copy()
        return source

    monkeypatch.setattr(motion, "edit_clip", capture)
    source = np.zeros((100, 22, 3), np.float32)
    motion.edit(None, None, generator="momask", source=source, window_start=0, start=20, end=60, fps=20.0, prompt="a person waves",
                seed=0, anchors=(40,))
    keep = seen["keep"]
    assert keep[:20].all() and keep[60:].all() and keep[40] and not keep[20:40].any() and not keep[41:60].any()
    with pytest.raises(ValueError, match="not inside the range"):
        motion.edit(None, None, generator="momask", source=source, window_start=0, start=20, end=60, fps=20.0, prompt="x", seed=0, anchors=(70,))
    with pytest.raises(ValueError, match="all keyed poses"):
        motion.edit(None, None, generator="momask", source=source, window_start=0, start=20, end=22, fps=20.0, prompt="x", seed=0, anchors=(20, 21))


def test_regenerate_hands_each_range_its_anchors(monkeypatch):
    from backend.studio import edit_range, motion

    seen = []
    monkeypatch.setattr(motion, "edit", lambda *a, **k: (seen.append(k["anchors"]), (_ for _ in ()).throw(RuntimeError("stop")))[1])
    monkeypatch.setattr(edit_range, "to_canonical", lambda binding, pose, fps: np.zeros((10, 22, 3)))
    item = edit_range.RangeInput(start=5, end=9, window_start=0, pose=None, rotations=None, locations=None, anchors=(7,))
    with pytest.raises(RuntimeError, match="stop"):
        edit_range.regenerate(None, None, generator="momask", binding=None, inputs=[item], fps=20.0, prompt="x", seed=0, blend=2,
                              options=None, retarget_options=None)
    assert seen == [(7,)]
