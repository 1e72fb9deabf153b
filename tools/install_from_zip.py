"""Run by tests/test_install_zip.py and ``tools/package.py --measure`` in a separate interpreter (``python -I -S``)
whose ``sys.path`` holds Blender's bpy module and numpy only, like a stock
Blender: install a platform zip offline, enable it, generate on the demo rig
with the bundled wheels, and print what happened as JSON on the last line.

    python -I -S tools/install_from_zip.py <isolated site dir> <zip> <user dir>
"""

import json
import os
import sys
import time

site, zip_path, user = sys.argv[1:4]
sys.path.append(site)
os.environ["BLENDER_USER_RESOURCES"] = user
for variable, folder in (("CONFIG", "config"), ("SCRIPTS", "scripts"), ("DATAFILES", "datafiles"), ("EXTENSIONS", "extensions")):
    os.environ[f"BLENDER_USER_{variable}"] = os.path.join(user, folder)
os.environ["XDG_CACHE_HOME"] = os.path.join(user, "cache")

import bpy  # noqa: E402

report = {"blender": bpy.app.version_string}
try:
    import torch  # noqa: F401

    report["torch_before_install"] = True
except ImportError:
    report["torch_before_install"] = False

started = time.perf_counter()
result = bpy.ops.extensions.package_install_files(filepath=zip_path, repo="user_default", enable_on_install=True)
report["install_s"] = time.perf_counter() - started
module = "bl_ext.user_default.text2motion"
report["installed"] = result == {"FINISHED"} and module in sys.modules
report["torch_after_enable"] = "torch" in sys.modules
if report["installed"]:
    bpy.ops.preferences.addon_disable(module=module)
    started = time.perf_counter()
    bpy.ops.preferences.addon_enable(module=module)
    report["enable_s"] = time.perf_counter() - started
    report["torch_after_enable"] = report["torch_after_enable"] or "torch" in sys.modules
    import importlib

    root = sys.modules[module]
    root.unregister()
    started = time.perf_counter()
    root.register()  # what Blender runs for an installed add-on at startup
    report["register_s"] = time.perf_counter() - started
    report["torch_after_enable"] = report["torch_after_enable"] or "torch" in sys.modules
    dependencies = importlib.import_module(module + ".operators.dependencies")
    report["missing"] = dependencies.missing_modules()
    report["message"] = dependencies.missing_message()
    bpy.ops.wm.read_homefile(use_factory_startup=True, use_empty=True)
    bpy.ops.t2m.add_rig(name="Demo")
    for attempt in ("cold", "warm"):
        started = time.perf_counter()
        try:
            outcome = bpy.ops.t2m.generate(prompt="a person walks forward", armature="Demo", length=48, seed=attempt == "warm")
            report[f"generate_{attempt}"] = sorted(outcome)
        except RuntimeError as error:
            report[f"generate_{attempt}"] = str(error)
        report[f"click_to_keys_{attempt}_s"] = time.perf_counter() - started
    obj = bpy.data.objects["Demo"]
    report["keyed"] = bool(obj.animation_data and obj.animation_data.action)
    torch = sys.modules.get("torch")
    report["torch_file"] = getattr(torch, "__file__", None)
    report["torch_version"] = getattr(torch, "__version__", None)
    report["dev_paths_on_sys_path"] = [p for p in sys.path if ".venv" in p or "site-packages" in p and user not in p]
print(json.dumps(report))
