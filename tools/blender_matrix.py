"""Run the real-Blender tests on other Blender versions through their bpy
wheels (all Python 3.11): one virtual environment per version under
``.cache/bpy-<version>/`` with the project's requirements and that bpy, then
the extension, operator, retargeting and install tests. Results (passed,
failed, skipped, the failures' names) go to ``bench/blender_matrix.json``.

    python tools/blender_matrix.py                 # 4.2 LTS and 4.5 LTS (CI runs 5.0 every time)
    python tools/blender_matrix.py --versions 4.2.23
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ("4.2.23", "4.5.15")
TESTS = ("tests/test_extension_manifest.py", "tests/test_blender_extension.py", "tests/test_blender_operators.py",
         "tests/test_retarget_blender.py", "tests/test_install_zip.py")


def _venv(version: str) -> Path:
    venv = ROOT / ".cache" / f"bpy-{version}"
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    if stamp.is_file():
        return python
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    requirements = [line for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
                    if line.strip() and not line.startswith(("#", "bpy"))]
    subprocess.run([str(python), "-m", "pip", "install", "-q", f"bpy=={version}", *[r for r in requirements if not r.startswith("-r")],
                    "-r", str(ROOT / "requirements.txt")], check=True, cwd=ROOT)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "-r", str(ROOT / "requirements-nodeps.txt")], check=True, cwd=ROOT)
    stamp.touch()
    return python


def run(version: str) -> dict:
    started = time.time()
    python = _venv(version)
    result = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS], cwd=ROOT, capture_output=True, text=True)
    tail = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (passed|failed|skipped|error)", tail)}
    failures = re.findall(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.M)
    blender = subprocess.run([str(python), "-c", "import bpy; print(bpy.app.version_string)"], capture_output=True, text=True).stdout.strip()
    return {"bpy": version, "blender": blender, "returncode": result.returncode, **counts, "failures": failures, "summary": tail,
            "minutes": round((time.time() - started) / 60, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", default=",".join(VERSIONS))
    options = parser.parse_args(argv)
    rows = [run(v) for v in options.versions.split(",") if v]
    commit = subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    out = {"command": "python tools/blender_matrix.py " + " ".join(sys.argv[1:]), "commit": commit,
           "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "tests": list(TESTS), "rows": rows}
    (ROOT / "bench" / "blender_matrix.json").write_text(json.dumps(out, indent=1) + "\n")
    for row in rows:
        print(f"bpy {row['bpy']} (Blender {row['blender']}): {row['summary']}")
    return 0 if all(r["returncode"] == 0 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
