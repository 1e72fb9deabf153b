"""Write ``backend/studio/tables/content_phrases.json``: the phrases per
training content label that ``studio.compose`` names a prompt's clauses
with, taken from the Bandai caption tables (``data.captions``, which the
add-on zip leaves out), and ``content_centroids.json``: their per-label
mean sentence vectors under the shipped MiniLM encoder (keyed by its weight
hash). ``tests/test_compose.py`` checks both.

    python tools/make_composite_labels.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backend.generators.text_input import from_encoder  # noqa: E402
from backend.studio.compose import CENTROIDS_FILE, LABELS, PHRASES_FILE, encoder_key, label_means, table_phrases  # noqa: E402
from backend.text import get_text_encoder  # noqa: E402


def main() -> int:
    PHRASES_FILE.parent.mkdir(parents=True, exist_ok=True)
    PHRASES_FILE.write_text(json.dumps({label: table_phrases(label) for label in LABELS}, indent=1) + "\n")
    encoder = get_text_encoder("minilm", device="cpu")
    means = label_means(from_encoder(encoder))
    CENTROIDS_FILE.write_text(json.dumps({"key": encoder_key(encoder.describe()), "labels": list(LABELS),
                                          "means": [[round(float(v), 6) for v in row] for row in means]}) + "\n")
    print(f"wrote {PHRASES_FILE.relative_to(ROOT)} and {CENTROIDS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
