"""Foot skating raw / locked for generated and real test clips (CPU)."""
import sys, time, json, numpy as np, torch
from pathlib import Path
torch.set_num_threads(2)
from backend.bench.run import sentence_vector_source
from backend.eval.weights import load_evaluator
from backend.bench.rows import text_input_for
from backend.data.dataset import load_build
from backend.generators import registry
from backend.generators.base import Prompt
from backend.motion.features import recover_from_ric
from backend.eval.metrics import foot_skating
from backend.retarget import auto_bind, canonical_rig
from backend.retarget.measure import through_rig
gen, n = sys.argv[1], int(sys.argv[2])
build = Path('.carry/labels-test')
test = load_build(build, 'test')
_, info = load_evaluator(Path('backend/assets/evaluator'))
vectors = sentence_vector_source(build, info)
rng = np.random.default_rng(0)
items = [test.items[i] for i in rng.choice(len(test.items), n, replace=False)]
out = Path(f'/tmp/fl/{gen}-{n}.npz')
if out.exists():
    d = np.load(out, allow_pickle=True); clips = list(d['clips'])
else:
    g = registry.load_generator(gen, pack='default', text=text_input_for(registry.get_spec(gen), vectors), device=torch.device('cpu'))
    t = time.time(); clips = []
    for k in range(0, n, 32):
        ps = [Prompt(it.captions[0], min(len(it.features), g.max_frames), it.id if hasattr(it,'id') else '') for it in items[k:k+32]]
        clips += [recover_from_ric(f) for f in g.generate(ps, seed=k)]
    print('gen', time.time() - t, file=sys.stderr)
    np.savez(out, clips=np.array(clips, dtype=object), allow_pickle=True)
real = [recover_from_ric(it.features) for it in items]
binding = auto_bind(canonical_rig())[0]
def rows(cl):
    raw = np.mean([foot_skating(p) for p in cl])
    locked = np.mean([foot_skating(through_rig(p, binding, fps=20, foot_lock=True)) for p in cl])
    return raw, locked
print(gen, 'gen raw/locked %.4f %.4f' % rows(clips), 'real raw/locked %.4f %.4f' % rows(real))
