"""``backend/`` is pure Python + numpy + torch and works as a subpackage of the extension.

Two rules, checked on the syntax tree of every ``.py`` file under ``backend/``:

* no Blender module is imported (``import bpy``, ``from mathutils import …``,
  ``importlib.import_module("bpy")``, ``__import__("bmesh")`` …);
* the backend refers to itself only relatively: ``import backend.x`` or
  ``from backend import x`` would break once Blender loads it as
  ``bl_ext.<repo>.text2motion.backend``, and a relative import may not climb
  out of ``backend/`` into the Blender layer.
"""

import ast
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
BACKEND_DIR = REPO_ROOT / "backend"
BACKEND_PACKAGE = "backend"

BLENDER_MODULES = frozenset({
    "bpy", "bpy_extras", "bpy_types", "_bpy", "bmesh", "mathutils", "gpu", "gpu_extras",
    "blf", "bgl", "bl_math", "bl_ui", "bl_operators", "aud", "idprop", "imbuf", "freestyle",
    "addon_utils",
})
DYNAMIC_IMPORT_FUNCTIONS = frozenset({"import_module", "__import__", "find_spec"})


def top_level(module: str) -> str:
    return module.split(".", 1)[0]


def package_of(path: Path) -> list[str]:
    """Package of a module file as a list, e.g. backend/motion/axes.py -> [backend, motion]."""
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    return parts[:-1]


def import_violations(source: str, path: Path) -> list[str]:
    """Every forbidden import in ``source`` as 'file:line: reason'."""
    where = path.relative_to(REPO_ROOT).as_posix()
    package = package_of(path)
    found = []

    def check_absolute(module: str, line: int, statement: str) -> None:
        if top_level(module) in BLENDER_MODULES:
            found.append(f"{where}:{line}: imports Blender module {module!r} ({statement})")
        elif top_level(module) == BACKEND_PACKAGE:
            found.append(f"{where}:{line}: absolute self-import {module!r} ({statement}); use a relative import")

    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                check_absolute(alias.name, node.lineno, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            statement = f"from {'.' * node.level}{node.module or ''} import ..."
            if node.level == 0:
                check_absolute(node.module, node.lineno, statement)
            elif node.level > len(package):
                found.append(f"{where}:{node.lineno}: relative import climbs out of backend/ ({statement})")
        elif isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
            if name in DYNAMIC_IMPORT_FUNCTIONS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value:
                    check_absolute(first.value, node.lineno, f"{name}({first.value!r})")
    return found


def backend_files() -> list[Path]:
    return sorted(p for p in BACKEND_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def test_backend_has_python_files():
    assert BACKEND_DIR / "__init__.py" in backend_files()


def test_backend_imports_no_blender_module_and_itself_only_relatively():
    violations = []
    for path in backend_files():
        violations += import_violations(path.read_text(encoding="utf-8"), path)
    assert not violations, "backend/ must stay pure and relative:\n" + "\n".join(violations)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("import bpy", "Blender module 'bpy'"),
        ("import bpy.types", "Blender module 'bpy.types'"),
        ("import numpy, mathutils", "Blender module 'mathutils'"),
        ("from bpy.props import IntProperty", "Blender module 'bpy.props'"),
        ("from mathutils import Matrix", "Blender module 'mathutils'"),
        ("import importlib\nbpy = importlib.import_module('bpy')", "Blender module 'bpy'"),
        ("def f():\n    return __import__('bmesh')", "Blender module 'bmesh'"),
        ("import backend.motion", "absolute self-import"),
        ("from backend import motion", "absolute self-import"),
        ("from backend.motion.axes import x", "absolute self-import"),
        ("from ... import operators", "climbs out of backend/"),
    ],
)
def test_checker_catches(source, reason):
    path = BACKEND_DIR / "motion" / "example.py"

    violations = import_violations(source, path)

    assert len(violations) == 1 and reason in violations[0]
    assert violations[0].startswith(f"backend/motion/example.py:{source.count(chr(10)) + 1}:")


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np\nimport torch",
        "from . import axes\nfrom ..data.items import FPS",
        "from .. import __version__",
        "'''Never imports bpy.'''\nBLENDER = 'bpy'",
    ],
)
def test_checker_allows(source):
    assert import_violations(source, BACKEND_DIR / "motion" / "example.py") == []
