"""Pure-Python BERT tokenizer (uncased WordPiece), as all-MiniLM-L6-v2 uses.

Follows the "BertNormalizer + BertPreTokenizer + WordPiece" pipeline of the
model's ``tokenizer.json``, which is what sentence-transformers runs:

1. special-token strings such as ``[MASK]`` in the input stay whole;
2. clean text: drop NUL, U+FFFD and control characters, map whitespace to " ";
3. put spaces around CJK ideographs;
4. strip accents (NFD, drop non-spacing marks) and lower-case, char by char;
5. split on whitespace and punctuation (each punctuation char is a word);
6. greedy longest-match-first WordPiece with ``##`` continuations; a word of
   more than 100 chars, or one that cannot be covered, becomes ``[UNK]``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import torch

MAX_CHARS_PER_WORD = 100
SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")

_CJK_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B820, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char).startswith("C")


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return any(low <= code <= high for low, high in _CJK_RANGES)


def normalise(text: str, *, lower_case: bool = True, strip_accents: bool | None = None) -> str:
    """Clean, space CJK chars, strip accents and lower-case ``text``.

    ``strip_accents=None`` follows ``lower_case``, as BERT's tokenizer does.
    """
    out = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD or _is_control(char):
            continue
        if char.isspace():
            out.append(" ")
        elif _is_cjk(code):
            out.append(f" {char} ")
        else:
            out.append(char)
    text = "".join(out)
    if lower_case if strip_accents is None else strip_accents:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    if lower_case:
        text = "".join(char.lower() for char in text)
    return text


def split_words(text: str) -> list[str]:
    """Split normalised text on whitespace and around each punctuation char."""
    words: list[str] = []
    current: list[str] = []
    for char in text:
        if char.isspace() or _is_punctuation(char):
            if current:
                words.append("".join(current))
                current = []
            if not char.isspace():
                words.append(char)
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


class WordPieceTokenizer:
    """BERT uncased tokenizer over a ``vocab.txt`` (one token per line, id = line).

    ``encode_batch`` gives ``[CLS] ... [SEP]`` id rows padded on the right
    with ``[PAD]``.
    """

    def __init__(self, *, vocab_path: str | Path, lower_case: bool = True, strip_accents: bool | None = None):
        with open(vocab_path, encoding="utf-8") as handle:
            tokens = [line.rstrip("\n") for line in handle]
        while tokens and tokens[-1] == "":
            tokens.pop()
        self.vocab: dict[str, int] = {}
        for index, token in enumerate(tokens):
            self.vocab.setdefault(token, index)
        self.inverse = tokens
        self.lower_case = lower_case
        self.strip_accents = strip_accents
        missing = [token for token in SPECIAL_TOKENS if token not in self.vocab]
        if missing:
            raise ValueError(f"{vocab_path} lacks the special tokens {missing}")
        self.pad_id = self.vocab["[PAD]"]
        self.unk_id = self.vocab["[UNK]"]
        self.cls_id = self.vocab["[CLS]"]
        self.sep_id = self.vocab["[SEP]"]
        self._word_cache: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self.inverse)

    def _word_ids(self, word: str) -> list[int]:
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        if len(word) > MAX_CHARS_PER_WORD:
            ids = [self.unk_id]
        else:
            ids = []
            start = 0
            while start < len(word):
                end = len(word)
                found = None
                while start < end:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    found = self.vocab.get(piece)
                    if found is not None:
                        break
                    end -= 1
                if found is None:
                    ids = [self.unk_id]
                    break
                ids.append(found)
                start = end
        if len(self._word_cache) < 65536:
            self._word_cache[word] = ids
        return ids

    def _segments(self, text: str) -> list[tuple[str, bool]]:
        """``text`` cut around special-token strings: (piece, is_special)."""
        segments: list[tuple[str, bool]] = []
        start = 0
        position = 0
        while position < len(text):
            if text[position] == "[":
                match = next((token for token in SPECIAL_TOKENS if text.startswith(token, position)), None)
                if match is not None:
                    segments.append((text[start:position], False))
                    segments.append((match, True))
                    position += len(match)
                    start = position
                    continue
            position += 1
        segments.append((text[start:], False))
        return [segment for segment in segments if segment[0]]

    def tokenize_ids(self, text: str) -> list[int]:
        """WordPiece ids of ``text`` without [CLS]/[SEP] and without truncation."""
        ids: list[int] = []
        for piece, special in self._segments(text):
            if special:
                ids.append(self.vocab[piece])
                continue
            normalised = normalise(piece, lower_case=self.lower_case, strip_accents=self.strip_accents)
            for word in split_words(normalised):
                ids.extend(self._word_ids(word))
        return ids

    def tokenize(self, text: str) -> list[str]:
        """WordPiece strings of ``text`` (for inspection)."""
        return [self.inverse[i] for i in self.tokenize_ids(text)]

    def encode(self, text: str, max_len: int = 256) -> list[int]:
        """``[CLS] ids [SEP]`` of ``text``, truncated to at most ``max_len`` ids."""
        if max_len < 2:
            raise ValueError(f"max_len must leave room for [CLS] and [SEP], got {max_len}")
        body = self.tokenize_ids(text)[: max_len - 2]
        return [self.cls_id, *body, self.sep_id]

    def encode_batch(self, texts: list[str], max_len: int = 256) -> tuple[torch.Tensor, torch.Tensor]:
        """Encode B texts.

        Returns ``input_ids`` (B, L) int64 and ``attention_mask`` (B, L) int64
        (1 on real tokens), L = the longest row (<= ``max_len``), right-padded
        with ``[PAD]``.
        """
        if isinstance(texts, str):
            raise TypeError("encode_batch takes a list of strings, not a string")
        rows = [self.encode(text, max_len) for text in texts]
        length = max((len(row) for row in rows), default=2)
        input_ids = torch.full((len(rows), length), self.pad_id, dtype=torch.long)
        attention_mask = torch.zeros((len(rows), length), dtype=torch.long)
        for index, row in enumerate(rows):
            input_ids[index, : len(row)] = torch.tensor(row, dtype=torch.long)
            attention_mask[index, : len(row)] = 1
        return input_ids, attention_mask
