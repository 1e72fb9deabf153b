"""``PackData.text``: the training sentence vectors, with text dropout and the optional noise."""

from __future__ import annotations

import torch
from torch.nn import functional as F

from backend.eval.tensors import SplitTensors
from backend.train.pack_data import PackData


def _data(clips: int = 64, dim: int = 384) -> PackData:
    data = PackData.__new__(PackData)
    data.device = torch.device("cpu")
    data.table = F.normalize(torch.randn(clips * 2, dim, generator=torch.Generator().manual_seed(0)), dim=1)
    rows = torch.arange(clips * 2).view(clips, 2)
    data.tensors = SplitTensors(features=torch.zeros(clips, 1, 1), lengths=torch.ones(clips, dtype=torch.long), caption_rows=rows,
                                caption_counts=torch.full((clips,), 2), groups=torch.arange(clips))
    return data


def test_without_noise_the_vectors_are_table_rows_and_dropped_ones_zero():
    data = _data()
    index = torch.arange(64)
    vectors = data.text(index, torch.Generator().manual_seed(1), 0.25)
    kept = vectors.norm(dim=1) > 0
    assert 0 < int(kept.sum()) < 64
    best = (vectors[kept] @ data.table.T).max(dim=1).values
    assert torch.allclose(best, torch.ones_like(best), atol=1e-6)


def test_noise_moves_each_vector_by_the_asked_angle_and_keeps_its_length_and_dropout():
    data = _data()
    index = torch.arange(64)
    plain = data.text(index, torch.Generator().manual_seed(1), 0.25)
    noisy = data.text(index, torch.Generator().manual_seed(1), 0.25, noise=0.8)
    # The caption choice and the dropout are drawn first: the same rows are zeroed.
    assert torch.equal(plain.norm(dim=1) == 0, noisy.norm(dim=1) == 0)
    kept = plain.norm(dim=1) > 0
    assert torch.allclose(noisy[kept].norm(dim=1), plain[kept].norm(dim=1), atol=1e-5)
    cosine = (noisy[kept] * plain[kept]).sum(1)
    expected = 1 / (1 + 0.8**2) ** 0.5  # ~0.78
    assert abs(float(cosine.mean()) - expected) < 0.03 and float(cosine.max()) < 0.95


def test_bamm_token_data_moves_its_vectors_the_same_way():
    from backend.generators.bamm.train import TokenData

    data = TokenData.__new__(TokenData)
    data.device = torch.device("cpu")
    data.table = F.normalize(torch.randn(8, 384, generator=torch.Generator().manual_seed(0)), dim=1)
    data.arrays = {"train_codes": torch.zeros(4, 1, dtype=torch.long), "train_lengths": torch.ones(4, dtype=torch.long),
                   "train_caption_rows": torch.arange(8).view(4, 2), "train_caption_counts": torch.full((4,), 2)}
    index = torch.arange(4)
    plain = data.text("train", index, torch.Generator().manual_seed(2), 0.0)
    noisy = data.text("train", index, torch.Generator().manual_seed(2), 0.0, noise=0.8)
    cosine = (plain * noisy).sum(1)
    assert torch.allclose(noisy.norm(dim=1), torch.ones(4), atol=1e-5) and float(cosine.max()) < 0.95 and float(cosine.min()) > 0.4


def test_text_noise_out_of_range_is_refused():
    import pytest

    from backend.train.text_noise import check_text_noise

    with pytest.raises(ValueError, match="text_noise"):
        check_text_noise(-0.1)
    assert check_text_noise(0.8) == 0.8
