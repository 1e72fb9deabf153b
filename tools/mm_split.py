"""Split a MoMask pack's trained tensors (all but the tokenizer and its mean/std) into safetensors parts under 15 MB, for a device call's return (16 MB a file): python tools/mm_split.py PACK_DIR OUT_DIR TAG"""
import sys
from pathlib import Path
from safetensors import safe_open
from safetensors.torch import save_file
pack, out, tag = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
tensors = {}
for f in sorted(pack.glob("momask-*.safetensors")):
    with safe_open(str(f), "pt") as h:
        for k in h.keys():
            if not (k.startswith("tokenizer.") or k in ("mean", "std")):
                tensors[k] = h.get_tensor(k).contiguous()
part, size, n = {}, 0, 0
for k in sorted(tensors):
    b = tensors[k].numel() * tensors[k].element_size()
    if part and size + b > 15_000_000:
        save_file(part, str(out / f"{tag}-part{n}.safetensors")); n += 1; part, size = {}, 0
    part[k] = tensors[k]; size += b
save_file(part, str(out / f"{tag}-part{n}.safetensors"))
print(tag, "parts", n + 1, "tensors", len(tensors))
