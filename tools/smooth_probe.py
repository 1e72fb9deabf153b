"""ReMoDiffuse's jitter on the validation split: N validation clips are
generated once (their own lengths, one caption each, the pack's defaults with
smoothing off, bfloat16), then the raw samples and copies smoothed with each
sigma (``generators.smoothing.smooth_frames``, what the option ``smooth``
runs) are scored against the same real clips: FID and top-3 within the
subset (evaluator), foot skating and jerk. One JSON line per setting.

    python tools/smooth_probe.py --build .carry/labels-val --clips 128 --sigmas 0,0.75,1,1.5,2
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from backend.bench.quality import _physical  # noqa: E402
from backend.bench.run import evaluator_from, load_build, sentence_vector_source  # noqa: E402
from backend.bench.scorer import Scorer  # noqa: E402
from backend.eval import metrics  # noqa: E402
from backend.generators import registry  # noqa: E402
from backend.generators.base import Prompt  # noqa: E402
from backend.generators.smoothing import smooth_frames  # noqa: E402
from backend.generators.text_input import from_encoder  # noqa: E402
from backend.text import get_text_encoder  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", type=Path, required=True, help="a carry pack or build with a val split")
    parser.add_argument("--clips", type=int, default=128)
    parser.add_argument("--sigmas", default="0,0.75,1,1.5,2")
    args = parser.parse_args()
    torch.set_num_threads(1)
    val = load_build(args.build, "val")
    rng = np.random.default_rng(0)
    pool = [item for item in val.items if len(item.features) >= 40]
    items = [pool[k] for k in rng.choice(len(pool), args.clips, replace=False)]
    captions = [item.captions[rng.integers(len(item.captions))] for item in items]
    evaluator, info, recogniser = evaluator_from(None)
    scorer = Scorer(evaluator=evaluator, recogniser=recogniser, sentence_vectors=sentence_vector_source(args.build, info), device=torch.device("cpu"))
    generator = registry.load_generator("remodiffuse", text=from_encoder(get_text_encoder("minilm"), "tokens"), device=torch.device("cpu"))
    options = generator.defaults.override(bf16=True, smooth=0.0)
    samples = generator.generate([Prompt(c, min(len(i.features), generator.max_frames)) for c, i in zip(captions, items)], options, seed=0)
    real = [item.features[: generator.max_frames] for item in items]
    real_motion, text = scorer.motions(real), scorer.texts(captions)

    def score(features):
        motion = scorer.motions(features)
        top3 = np.mean([metrics.r_precision(text[i:i + 32], motion[i:i + 32], np.random.default_rng(0))[0][2] for i in range(0, len(features) - 31, 32)])
        return {"fid": metrics.fid(real_motion, motion), "top3": float(top3), **_physical(features)}

    print(json.dumps({"real": score(real)}), flush=True)
    for sigma in (float(s) for s in args.sigmas.split(",")):
        print(json.dumps({"sigma": sigma, **score([smooth_frames(f, sigma) for f in samples])}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
