"""`momask train --init`: the text stages start from another pack's tokenizer."""

from __future__ import annotations

import pytest
import torch
from safetensors.torch import save_file

from backend.generators.momask.config import tiny_config
from backend.generators.momask.model import MoMask
from backend.generators.momask.train import init_tokenizer
from backend.generators.momask.weights import save_pack


def _tokenizer_equal(a: MoMask, b: MoMask) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    keys = [k for k in sa if k.startswith(("tokenizer.", "mean", "std")) and ".ema_" not in k]
    return bool(keys) and all(torch.equal(sa[k].half(), sb[k].half()) for k in keys)


def test_init_copies_the_tokenizer_and_normalisation_only(tmp_path):
    torch.manual_seed(0)
    source = MoMask(tiny_config())
    source.mean.normal_()
    save_pack(source, tmp_path / "pack", {"text_encoder": {"id": "x"}})
    torch.manual_seed(1)
    target = MoMask(tiny_config())
    masked_before = {k: v.clone() for k, v in target.masked.state_dict().items()}
    loaded = init_tokenizer(target, tmp_path / "pack")
    assert loaded and all(k.startswith(("tokenizer.", "mean", "std")) for k in loaded)
    assert _tokenizer_equal(source, target)
    assert all(torch.equal(v, target.masked.state_dict()[k]) for k, v in masked_before.items())


def test_init_from_a_file_without_the_tokenizer_names_what_is_missing(tmp_path):
    save_file({"mean": torch.zeros(3)}, str(tmp_path / "partial.safetensors"))
    with pytest.raises(ValueError, match="tokenizer tensor"):
        init_tokenizer(MoMask(tiny_config()), tmp_path / "partial.safetensors")
