"""'then' + upper-body composites: arms over the locomotion's last stretch (today) vs a two-row shot (walk, then the action), on DEV composites."""
import sys, numpy as np, torch
import backend.studio.compose as compose
from backend.studio.engine import Engine, Settings
from backend.studio import motion
from backend.bench.prompts import _features, _windows, travel
from backend.bench.scorer import Scorer
from backend.eval.weights import load_evaluator, load_recogniser
torch.set_num_threads(2)
gen = sys.argv[1]
DEV = [
    ["a woman jogs ahead, then waves her left hand", "a woman jogs ahead", "run", "wave-left-hand"],
    ["someone walks forward and then raises both arms", "someone walks forward", "walk", "raise-up-both-hands"],
    ["a man strolls forward, then waves goodbye", "a man strolls forward", "walk", "bye"],
    ["a kid runs ahead and then punches the air", "a kid runs ahead", "run", "punch"],
    ["the character walks forward, then lifts the right hand", "the character walks forward", "walk", "raise-up-right-hand"],
    ["a person walks a few steps, then waves both hands", "a person walks a few steps", "walk", "wave-both-hands"],
    ["a tired man walks forward and then waves his right hand", "a tired man walks forward", "walk", "wave-right-hand"],
    ["someone walks ahead, then calls out to a friend", "someone walks ahead", "walk", "call"],
]
rec, _ = load_recogniser(); sc = Scorer(evaluator=load_evaluator()[0], recogniser=rec, sentence_vectors=None, device=torch.device("cpu"))
C = rec.config.contents
original = compose.compose
def sequenced(plan, frames, make, *, estimate=None, sequence=None, min_frames=1):
    if plan.upper_body and plan.relation == "then":
        tail = compose.action_frames(plan, frames, estimate, min_frames=min_frames)
        if frames - tail < min_frames:
            return None
        return sequence([(plan.locomotion, frames - tail), (plan.action, tail)])
    return original(plan, frames, make, estimate=estimate, sequence=sequence, min_frames=min_frames)
for label, fn in (("arms over the walk (today)", original), ("two-row shot", sequenced)):
    compose.compose = fn
    engine = Engine(); settings = Settings(device="cpu")
    ratios, hits = [], []
    for text, base, loco, second in DEV:
        for seed in (0, 1):
            clip = motion.generate(engine, settings, generator=gen, prompt=text, scene_frames=120, fps=20.0, seed=seed)[0]
            b = motion.generate(engine, settings, generator=gen, prompt=base, scene_frames=120, fps=20.0, seed=seed)[0]
            ratios.append(travel(clip) / max(travel(b), 1e-3))
            hits.append(any(C[c] == second for c in sc.labels(_windows(_features(clip)))[0]))
    r = np.array(ratios)
    print(f"{gen} {label:28s} second action recognised {np.mean(hits):.2f}  travel >= 0.7: {np.mean(r >= 0.7):.2f} (median ratio {np.median(r):.2f})", flush=True)
