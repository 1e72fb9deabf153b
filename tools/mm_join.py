"""Join a MoMask run returned by tools/momask_text_noise_gpu.sh (TAG-part*.safetensors + TAG-meta.tgz) with the
shipped tokenizer into a whole pack (model card copied from the shipped pack, to be rewritten if it ships):
    python tools/mm_join.py RETURN_DIR TAG OUT_PACK [TOKENIZER_SAFETENSORS]"""
import json
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

from safetensors.torch import load_file

from backend.generators.momask.config import MoMaskConfig
from backend.generators.momask.model import MoMask
from backend.generators.momask.weights import TRAINING_ONLY, save_pack

ROOT = Path(__file__).resolve().parents[1]
ret, tag, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
tokenizer = Path(sys.argv[4]) if len(sys.argv) > 4 else ROOT / ".carry" / "mmtok" / "tokenizer.safetensors"
with tempfile.TemporaryDirectory() as tmp:
    with tarfile.open(ret / f"{tag}-meta.tgz") as tar:
        tar.extractall(tmp, filter="data")
    info = json.loads((Path(tmp) / "momask.json").read_text())
state = load_file(str(tokenizer))
for part in sorted(ret.glob(f"{tag}-part*.safetensors")):
    state.update(load_file(str(part)))
model = MoMask(MoMaskConfig.from_dict(info["config"], where=str(ret)))
missing, unexpected = model.load_state_dict({k: v.float() if v.dtype.is_floating_point else v for k, v in state.items()}, strict=False)
missing = [k for k in missing if not any(s in k for s in TRAINING_ONLY)]
if missing or unexpected:
    sys.exit(f"{ret}/{tag}: {len(missing)} tensor(s) missing {missing[:5]}, {len(unexpected)} unexpected {unexpected[:5]}")
save_pack(model, out, info)
shutil.copy(ROOT / "backend" / "assets" / "momask" / "default" / "MODEL_CARD.md", out / "MODEL_CARD.md")
print("joined", out, len(state), "tensors")
