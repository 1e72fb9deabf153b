"""Write ``backend/studio/tables/content_phrases.json``: the phrases per
training content label that ``studio.compose`` names a prompt's clauses
with, taken from the Bandai caption tables (``data.captions``, which the
add-on zip leaves out). ``tests/test_compose.py`` checks the file matches
the tables.

    python tools/make_composite_labels.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backend.studio.compose import LABELS, PHRASES_FILE, table_phrases  # noqa: E402


def main() -> int:
    PHRASES_FILE.parent.mkdir(parents=True, exist_ok=True)
    PHRASES_FILE.write_text(json.dumps({label: table_phrases(label) for label in LABELS}, indent=1) + "\n")
    print(f"wrote {PHRASES_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
