"""The generator platform: one lazy registry (the only list), specs, packs
checked before anything large is allocated, per-call options."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch

from backend.generators import registry
from backend.generators.base import Prompt
from backend.generators.momask.config import tiny_config
from backend.generators.momask.model import MoMask
from backend.generators.momask.weights import load_model, save_pack
from backend.generators.packs import PackError

from .toy_generator import MODELS, SPEC as TOY


def test_listing_generators_loads_no_model_and_no_torch():
    code = ("import sys; from backend.generators import registry; names = registry.names(); "
            "registry.pack_options('momask'); assert 'torch' not in sys.modules, 'torch imported'; print(','.join(names))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=registry.ASSETS.parents[1])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().split(",")[0] == "momask"


def test_a_toy_registered_in_the_tests_appears_everywhere():
    from backend.bench.rows import row_names
    from backend.cli import make_parser

    assert "toy" in registry.names()
    parser = make_parser()
    args = parser.parse_args(["generate", "x", "--model", "toy", "--out", "o.npy"])
    assert args.model == "toy"
    rows = row_names(root=MODELS)
    assert {"toy", "toy_footlock", "toy_inbetween", "toy_autolen"} <= set(rows) and "toy_recon" not in rows
    assert "momask_recon" in rows and "momask_autolen" in rows
    with pytest.raises(ValueError, match="already registered"):
        registry.register(type(TOY)(**{**TOY.__dict__, "label": "Another"}))


def test_pack_defaults_are_read_without_the_model():
    options = registry.pack_options("momask", "default")
    info = json.loads((registry.pack_folder("momask") / "momask.json").read_text())
    assert options.base_guidance == info["sampling"]["base_guidance"] == 3.0
    toy = registry.pack_options("toy", root=MODELS)
    assert toy.speed == 1.2


def test_an_unknown_generator_or_missing_pack_is_named():
    with pytest.raises(ValueError, match="unknown generator 'nope'"):
        registry.get_spec("nope")
    with pytest.raises(ValueError, match="no 'other' weight pack is installed for MoMask"):
        registry.load_generator("momask", pack="other", text=None, device=torch.device("cpu"))


@pytest.fixture()
def tiny_pack(tmp_path):
    torch.manual_seed(0)
    folder = tmp_path / "momask" / "tiny"
    save_pack(MoMask(tiny_config()), folder, {"text_encoder": {"id": "x"}, "sampling": {"base_guidance": 2.0}})
    return folder


def _edit_config(folder, change):
    info = json.loads((folder / "momask.json").read_text())
    change(info)
    (folder / "momask.json").write_text(json.dumps(info))


def test_a_saved_pack_loads_and_records_its_file_hashes(tiny_pack):
    model, info = load_model(tiny_pack)
    assert set(info["files"]) == {p.name for p in tiny_pack.glob("momask-*.safetensors")}
    assert all(len(h) == 64 for h in info["files"].values())


@pytest.mark.parametrize("change, message", [
    (lambda i: i["config"]["masked"].pop("ff"), "missing field.*config.masked.ff"),
    (lambda i: i["config"]["masked"].__setitem__("ff", 1e7), "config.masked.ff must be int"),
    (lambda i: i["config"]["masked"].__setitem__("ff", 10_000_000), "config.masked.ff = 10000000 is outside"),
    (lambda i: i["config"]["masked"].__setitem__("ff", 128), "describes a model of .* the weight files hold"),
    (lambda i: i["config"].__setitem__("extra", 1), "unknown field"),
    (lambda i: i.pop("files"), "SHA-256"),
    (lambda i: i["sampling"].__setitem__("steps", "ten"), "sampling.steps must be int"),
])
def test_a_broken_config_is_refused_naming_file_and_field(tiny_pack, change, message):
    _edit_config(tiny_pack, change)
    with pytest.raises(ValueError, match=message) as caught:
        from backend.generators.momask.generator import MoMaskGenerator

        MoMaskGenerator.load(tiny_pack, text=None, device=torch.device("cpu"))
    assert "momask.json" in str(caught.value) or "sampling" in str(caught.value)


def test_bad_json_truncated_shards_and_nan_weights_are_refused(tiny_pack, tmp_path):
    broken = tmp_path / "json"
    shutil.copytree(tiny_pack, broken)
    (broken / "momask.json").write_text("{not json")
    with pytest.raises(PackError, match="momask.json: not valid JSON"):
        load_model(broken)
    truncated = tmp_path / "truncated"
    shutil.copytree(tiny_pack, truncated)
    shard = sorted(truncated.glob("momask-*.safetensors"))[0]
    shard.write_bytes(shard.read_bytes()[:-100])
    with pytest.raises(PackError, match=f"{shard.name}: the file is damaged or truncated"):
        load_model(truncated)
    torch.manual_seed(0)
    model = MoMask(tiny_config())
    with torch.no_grad():
        model.masked.head.weight[0, 0] = float("nan")
    save_pack(model, tmp_path / "nan", {})
    with pytest.raises(PackError, match="masked.head.weight.*NaN"):
        load_model(tmp_path / "nan")


def test_options_are_per_call_and_checked():
    generator = registry.tiny_generator("momask")
    before = generator.defaults
    changed = generator.options(guidance=7.0, steps=3)
    assert (changed.base_guidance, changed.steps) == (7.0, 3) and generator.defaults == before
    with pytest.raises(ValueError, match="outside"):
        generator.options(steps=1000)
    with pytest.raises(ValueError, match="takes MoMaskOptions"):
        generator.generate([Prompt("a person walks", 40)], registry.tiny_generator("toy").defaults, seed=0)


def test_the_output_finite_check_names_the_damaged_pack():
    from backend.generators.base import NonFiniteOutput

    toy = registry.tiny_generator("toy")
    with pytest.raises(NonFiniteOutput, match="toy produced NaN"):
        toy.generate([Prompt("a person walks", 40)], toy.defaults.override(nan=True), seed=0)
    assert np.isfinite(toy.generate([Prompt("a person walks", 40)], seed=0)[0]).all()


def test_a_failing_fast_path_leaves_the_eager_path_working():
    """``accelerate`` records CUDA graphs; when that fails (here: no CUDA at
    all) the generator stays on its eager path and says so."""
    generator = registry.tiny_generator("momask")
    before = generator.generate([Prompt("a person walks", 40)], seed=1)[0]
    assert generator.accelerate() is False  # on the CPU there is no fast path
    real = generator.device
    generator.device = torch.device("cuda")
    try:
        assert generator.accelerate() is False
    finally:
        generator.device = real
    assert not generator.accelerated and generator._masked is generator.model.masked
    assert generator.generate([Prompt("a person walks", 40)], seed=1)[0].tobytes() == before.tobytes()


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_the_gpu_fast_path_gives_the_eager_result():
    generator = registry.tiny_generator("momask")
    generator.model.to("cuda")
    generator.device = torch.device("cuda")
    eager = generator.generate([Prompt("a person walks", 120)], seed=3)[0]
    assert generator.accelerate()
    fast = generator.generate([Prompt("a person walks", 120)], seed=3)[0]
    assert np.allclose(eager, fast, atol=1e-4)


def test_missing_or_extra_weight_files_are_named_with_the_tensors_really_missing(tiny_pack, tmp_path):
    shards = sorted(tiny_pack.glob("momask-*.safetensors"))
    extra = tmp_path / "extra"
    shutil.copytree(tiny_pack, extra)
    shutil.copy(extra / shards[0].name, extra / "momask-00009.safetensors")
    with pytest.raises(PackError, match="momask-00009.safetensors are not part of this pack"):
        load_model(extra)
    # A pack written with two shards, one of them gone and unlisted: the
    # message lists the real tensors that are missing, not training-only state.
    from backend.train import checkpoint

    torch.manual_seed(0)
    model = MoMask(tiny_config())
    folder = tmp_path / "split"
    save_pack(model, folder, {})
    state = {k: v.half() for k, v in model.state_dict().items() if ".ema_" not in k}
    names = checkpoint.save_sharded(state, folder, "momask", shard_bytes=40_000)
    assert len(names) > 1
    (folder / names[-1]).unlink()
    _edit_config(folder, lambda i: i.__setitem__("files", {n: i_hash(folder / n) for n in names[:-1]}))
    with pytest.raises(PackError) as caught:
        load_model(folder)
    message = str(caught.value)
    assert re.search(r"lack [1-9][0-9]* tensor\(s\) the config needs \['", message), message
    assert ".ema_" not in message


def i_hash(path):
    from backend.generators.packs import sha256_file

    return sha256_file(path)
