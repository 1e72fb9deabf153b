"""Same product path and scorer as `bench prompts`, but each paraphrase prompt
replaced by a *test-split caption* of a real take with the same content (and
style) label. If the generator scores high here, the pipeline is fine and the
paraphrase gap is about wording; if low, the loss is elsewhere."""
import sys, json, numpy as np
from pathlib import Path
from backend.bench import prompts as P
from backend.bench.run import sentence_vector_source
from backend.bench.scorer import Scorer
from backend.data.dataset import load_build
from backend.eval.weights import load_evaluator, load_recogniser
from backend.eval.train import content_label
from backend.motion.timebase import FPS
from backend.studio import motion
from backend.studio.engine import Engine, Settings
import torch
gen = sys.argv[1]; build = Path(sys.argv[2])
torch.set_num_threads(2)
dev = torch.device("cpu")
ev, info = load_evaluator(); rec, _ = load_recogniser()
scorer = Scorer(evaluator=ev, recogniser=rec, sentence_vectors=sentence_vector_source(build, info), device=dev)
single, composite = P.load_prompts()
test = load_build(build, "test")
items = [i for i in test.items if i.source == "bandai"]
rng = np.random.default_rng(0)
repl = []
for text, c, s in single:
    pool = [i for i in items if content_label(i) == c and (s is None or i.labels.get("style") == s)]
    if not pool:
        repl.append(None); continue
    it = pool[rng.integers(len(pool))]
    repl.append((it.captions[rng.integers(len(it.captions))], it))
engine = Engine(); settings = Settings(device="cpu", models_folder="", pack="default")
real = P.real_ceiling(scorer, [test, load_build(build, "val", mirrored=False)])
keep = [k for k, r in enumerate(repl) if r]
sub = [single[k] for k in keep]
for mode in ("auto", "reallen"):
    clips = {}
    for k in keep:
        cap, it = repl[k]
        frames = None if mode == "auto" else len(it.features)
        clips[single[k][0]] = motion.generate(engine, settings, generator=gen, prompt=cap, scene_frames=frames, fps=float(FPS), seed=0)[0]
    contents, styles = rec.config.contents, rec.config.styles
    c_pred, s_pred = scorer.labels([P._features(clips[p[0]]) for p in sub])
    ch = np.mean([contents[c] == p[1] for c, p in zip(c_pred, sub)])
    st = [styles[s_pred[k]] == p[2] for k, p in enumerate(sub) if p[2]]
    print(f"{gen} {mode}: prompts {len(sub)} content {ch:.3f} style {np.mean(st):.3f} (styled {len(st)})", flush=True)
    print("  real ceiling same labels: content %.3f style %.3f" % (np.mean([real["content"][p[1]] for p in sub]), np.mean([real["style"][p[2]] for p in sub if p[2]])))
    print("  misses:", [(repl[k][0], contents[c]) for k, c, p in zip(keep, c_pred, sub) if contents[c] != p[1]][:30])
print("example replacements:", [repl[k][0] for k in keep[:8]])
