"""The shipped MoMask pack's tokenizer and feature mean/std as one safetensors file, the --init of a device call
that retrains MoMask's text stages (12 MB: it travels in the 64 MB carry, the whole pack would not):
python tools/mm_tokenizer.py [PACK_DIR] [OUT_FILE]  (defaults: backend/assets/momask/default, .carry/mmtok/tokenizer.safetensors)"""
import sys
from pathlib import Path

from safetensors import safe_open
from safetensors.torch import save_file

ROOT = Path(__file__).resolve().parents[1]
pack = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "backend" / "assets" / "momask" / "default"
out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / ".carry" / "mmtok" / "tokenizer.safetensors"
tensors = {}
for f in sorted(pack.glob("momask-*.safetensors")):
    with safe_open(str(f), "pt") as h:
        tensors.update({k: h.get_tensor(k).contiguous() for k in h.keys() if k.startswith("tokenizer.") or k in ("mean", "std")})
if not any(k.startswith("tokenizer.") for k in tensors):
    sys.exit(f"{pack}: no tokenizer tensors")
out.parent.mkdir(parents=True, exist_ok=True)
save_file(tensors, str(out))
print(out, len(tensors), "tensors", out.stat().st_size // 1_000_000, "MB")
