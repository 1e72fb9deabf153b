import numpy as np, torch
from pathlib import Path
from backend.bench import prompts as P
from backend.bench.run import sentence_vector_source
from backend.bench.scorer import Scorer
from backend.data.dataset import load_build
from backend.eval.weights import load_evaluator, load_recogniser
from backend.eval.train import content_label
from backend.motion.features import recover_from_ric
torch.set_num_threads(2)
build = Path(".cache/datasets/labels")
ev, info = load_evaluator(); rec, _ = load_recogniser()
scorer = Scorer(evaluator=ev, recogniser=rec, sentence_vectors=sentence_vector_source(build, info), device=torch.device("cpu"))
test = load_build(build, "test")
items = [i for i in test.items if i.source == "bandai" and content_label(i) in rec.config.contents]
C, S = rec.config.contents, rec.config.styles
def acc(feats):
    c, s = scorer.labels(feats)
    return np.mean([C[a] == content_label(i) for a, i in zip(c, items)]), np.mean([S[b] == i.labels["style"] for b, i in zip(s, items)])
print("takes", len(items))
print("dataset features   content %.3f style %.3f" % acc([i.features for i in items]))
print("re-featurised      content %.3f style %.3f" % acc([P._features(recover_from_ric(i.features.astype(np.float64))) for i in items]))
