"""Optional CLIP text encoder (the text tower of e.g. OpenAI's ViT-B/32).

Needs the ``clip-anytorch`` package installed without its dependencies
(``pip install --no-deps clip-anytorch==2.6.0``) plus its tokenizer's
``ftfy`` and ``regex``. ``clip/__init__.py`` is never executed (it imports
``pkg_resources``, torchvision and PIL): only the files ``clip/model.py`` and
``clip/simple_tokenizer.py`` are loaded, under private module names.

The checkpoint is a local file as OpenAI distributes it (``ViT-B-32.pt``, a
TorchScript archive) or a plain state dict saved with ``torch.save``. Nothing
is ever downloaded. Only the text weights are used: the text tower is built
from ``clip.model``'s own ``Transformer`` and ``LayerNorm`` with the shapes
inferred as ``clip.model.build_model`` infers them (heads = width // 64), so
the vision tower is never allocated.

Features, for B texts and context length L = 77:

* ``tokens`` (B, L, E): every position after ``ln_final`` and the text
  projection, E = 512 for ViT-B/32 (not normalised);
* ``pooled`` (B, E): the ``tokens`` row at the end-of-text token, i.e. CLIP's
  ``encode_text``, L2-normalised;
* ``mask`` (B, L): True from start-of-text through end-of-text. The text
  transformer is causal, so positions after end-of-text never influence the
  real ones.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
import zipfile
from pathlib import Path
from types import ModuleType

import torch
import torch.nn.functional as F
from torch import nn

from .base import TextEncoder, TextFeatures

INSTALL_HINT = "pip install --no-deps clip-anytorch==2.6.0 && pip install ftfy regex"
_TEXT_KEYS = ("token_embedding.", "positional_embedding", "transformer.", "ln_final.", "text_projection")
_loaded: dict[str, ModuleType] = {}


def load_clip_module(name: str) -> ModuleType:
    """``clip.<name>`` of clip-anytorch (``model`` or ``simple_tokenizer``) without running ``clip/__init__``."""
    if name in _loaded:
        return _loaded[name]
    spec = importlib.util.find_spec("clip")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    path = next((Path(p) / f"{name}.py" for p in locations if (Path(p) / f"{name}.py").is_file()), None)
    if path is None:
        raise ImportError(f"the CLIP text encoder needs the clip-anytorch package: `{INSTALL_HINT}`")
    module_name = f"_text2motion_clip_{name}"
    module_spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(module_spec)
    try:
        module_spec.loader.exec_module(module)
    except ModuleNotFoundError as error:
        raise ImportError(f"{path} needs {error.name!r}: `{INSTALL_HINT}`") from error
    sys.modules[module_name] = module
    _loaded[name] = module
    return module


def _is_torchscript(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(n.endswith("/constants.pkl") or "/code/" in n for n in archive.namelist())


def load_clip_state_dict(path: str | Path) -> dict[str, torch.Tensor]:
    """Float32 text-tower tensors of a CLIP checkpoint (TorchScript archive or state dict)."""
    path = Path(path)
    if _is_torchscript(path):
        with warnings.catch_warnings():  # torch.jit is deprecated, but OpenAI ships TorchScript archives
            warnings.simplefilter("ignore", DeprecationWarning)
            state = torch.jit.load(str(path), map_location="cpu").state_dict()
    else:
        state = torch.load(str(path), map_location="cpu", weights_only=True)
        if isinstance(state, dict) and isinstance(state.get("state_dict"), dict):
            state = state["state_dict"]
    if not isinstance(state, dict):
        raise ValueError(f"{path} holds no CLIP state dict")
    state = {k.removeprefix("module."): v for k, v in state.items()}
    text = {k: v.detach().to(torch.float32) for k, v in state.items() if k.startswith(_TEXT_KEYS)}
    needed = ("token_embedding.weight", "positional_embedding", "ln_final.weight", "text_projection")
    missing = [key for key in needed if key not in text]
    if missing:
        raise ValueError(f"{path} is not a CLIP checkpoint: no {missing}")
    return text


class ClipTextModel(nn.Module):
    """CLIP's text tower; parameter names match the checkpoint's text keys."""

    def __init__(self, *, vocab: int, context: int, width: int, layers: int, embed_dim: int):
        super().__init__()
        model_module = load_clip_module("model")
        heads = width // 64
        if heads < 1:
            raise ValueError(f"CLIP text width {width} is below one 64-wide head")
        causal = torch.full((context, context), float("-inf")).triu_(1)
        self.token_embedding = nn.Embedding(vocab, width)
        self.positional_embedding = nn.Parameter(torch.zeros(context, width))
        self.transformer = model_module.Transformer(width, layers, heads, causal)
        self.ln_final = model_module.LayerNorm(width)
        self.text_projection = nn.Parameter(torch.zeros(width, embed_dim))

    @classmethod
    def from_state_dict(cls, state: dict[str, torch.Tensor]) -> "ClipTextModel":
        layers = len({k.split(".")[2] for k in state if k.startswith("transformer.resblocks.")})
        model = cls(
            vocab=state["token_embedding.weight"].shape[0],
            context=state["positional_embedding"].shape[0],
            width=state["ln_final.weight"].shape[0],
            layers=layers,
            embed_dim=state["text_projection"].shape[1],
        )
        model.load_state_dict(state, strict=True)
        return model

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """``ids`` (B, L) int64 -> projected per-token features (B, L, E)."""
        x = self.token_embedding(ids) + self.positional_embedding[: ids.shape[1]]
        x = self.transformer(x.permute(1, 0, 2)).permute(1, 0, 2)
        return self.ln_final(x) @ self.text_projection


class ClipTextEncoder(TextEncoder):
    """CLIP text encoder over a local checkpoint; see the module docstring for the features."""

    id = "clip-ViT-B-32"
    dim = 512
    max_tokens = 77

    def __init__(self, *, checkpoint: str | Path, device: str | torch.device = "cpu",
                 encoder_id: str | None = None, batch_size: int = 64):
        self.checkpoint = Path(checkpoint)
        if not self.checkpoint.is_file():
            raise FileNotFoundError(
                f"CLIP checkpoint {self.checkpoint} not found; pass the path of a local file such as ViT-B-32.pt "
                "(nothing is downloaded)"
            )
        tokenizer_module = load_clip_module("simple_tokenizer")
        self.model = ClipTextModel.from_state_dict(load_clip_state_dict(self.checkpoint))
        self.model.eval().requires_grad_(False)
        self.model.to(device)
        self.tokenizer = tokenizer_module.SimpleTokenizer()
        self.sot_id = self.tokenizer.encoder["<|startoftext|>"]
        self.eot_id = self.tokenizer.encoder["<|endoftext|>"]
        if encoder_id is not None:
            self.id = encoder_id
        self.dim = int(self.model.text_projection.shape[1])
        self.max_tokens = int(self.model.positional_embedding.shape[0])
        self.batch_size = int(batch_size)

    def weight_files(self) -> list[Path]:
        return [self.checkpoint]

    @property
    def device(self) -> torch.device:
        return self.model.text_projection.device

    def to(self, device: str | torch.device) -> "ClipTextEncoder":
        self.model.to(device)
        return self

    def tokenize(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, L) int64 ids ``<sot> bpe <eot>`` zero-padded, and the (B,) end-of-text positions.

        Over-long texts are cut to L with ``<eot>`` last, as ``clip.tokenize(truncate=True)``.
        """
        ids = torch.zeros((len(texts), self.max_tokens), dtype=torch.long)
        ends = torch.zeros(len(texts), dtype=torch.long)
        for row, text in enumerate(texts):
            tokens = [self.sot_id, *self.tokenizer.encode(text)][: self.max_tokens - 1] + [self.eot_id]
            ids[row, : len(tokens)] = torch.tensor(tokens, dtype=torch.long)
            ends[row] = len(tokens) - 1
        return ids, ends

    @torch.no_grad()
    def encode(self, texts: list[str]) -> TextFeatures:
        """Encode B texts: pooled (B, E), tokens (B, 77, E), mask (B, 77)."""
        if isinstance(texts, str):
            raise TypeError("encode takes a list of strings, not a string")
        self.model.eval()
        ids, ends = self.tokenize(list(texts))
        ids, ends = ids.to(self.device), ends.to(self.device)
        chunks = [self.model(ids[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        tokens = torch.cat(chunks) if chunks else torch.zeros((0, self.max_tokens, self.dim), device=self.device)
        pooled = F.normalize(tokens[torch.arange(len(texts), device=self.device), ends], dim=-1)
        mask = torch.arange(self.max_tokens, device=self.device)[None] <= ends[:, None]
        return TextFeatures(pooled=pooled, tokens=tokens, mask=mask)
