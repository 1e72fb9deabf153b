"""Real Blender (the ``bpy`` module) for tests, kept out of the home directory.

Import this module before anything imports ``bpy`` and get bpy through
:func:`import_bpy`: it points Blender's user directories (config, scripts,
datafiles, extensions) and its thumbnail cache at a temporary folder first,
because Blender reads them once, when bpy is imported. Everything else here needs bpy:

* :func:`reset_scene` gives each test an empty factory scene (~15 ms); a test
  module gets it, and the installed extension as the ``ext`` fixture, from
  tests/conftest.py with ``pytestmark = blender_env.fresh_scene_marks()``;
* :func:`ensure_extension` builds the extension zip from the working tree with
  Blender's own tool and installs it into the ``user_default`` repository,
  once per process, returning the extension's root module;
* :class:`RecordingLayout` stands in for ``bpy.types.UILayout`` so a panel's
  ``draw()`` can run without a window; every call is checked against the real
  UILayout's RNA definition and every property and operator it names must exist.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, MethodType, ModuleType, SimpleNamespace
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
BUILD_TOOL_PATH = REPO_ROOT / "tools" / "build_extension.py"

EXTENSION_ID = "text2motion"
EXTENSION_REPO = "user_default"
EXTENSION_MODULE = f"bl_ext.{EXTENSION_REPO}.{EXTENSION_ID}"

USER_DIR_VARIABLES = {
    "BLENDER_USER_CONFIG": "config",
    "BLENDER_USER_SCRIPTS": "scripts",
    "BLENDER_USER_DATAFILES": "datafiles",
    "BLENDER_USER_EXTENSIONS": "extensions",
}

_state = SimpleNamespace(user_root=None)


def bpy_available() -> bool:
    return importlib.util.find_spec("bpy") is not None


def fresh_scene_marks() -> list:
    """``pytestmark`` for a module of real-Blender tests: skipped where bpy is
    not installed, each test in an empty scene with the extension installed
    (the ``fresh_scene`` fixture of tests/conftest.py)."""
    import pytest

    return [
        pytest.mark.skipif(not bpy_available(), reason="bpy is not installed"),
        pytest.mark.usefixtures("fresh_scene"),
    ]


def build_tool() -> ModuleType:
    """``tools/build_extension.py`` as a module (``tools/`` is not a package)."""
    name = "t2m_build_extension"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BUILD_TOOL_PATH)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def isolate_user_dirs() -> Path:
    """Point Blender's user directories at a temporary folder; call before ``import bpy``.

    A ``BLENDER_USER_RESOURCES`` already set (by CI or a conftest) is kept; the
    narrower ``BLENDER_USER_*`` variables are always set beneath it so a value
    from the developer's shell cannot win.
    """
    if _state.user_root is None:
        root = os.environ.get("BLENDER_USER_RESOURCES")
        if not root:
            root = tempfile.mkdtemp(prefix="t2m-blender-user-")
            atexit.register(shutil.rmtree, root, ignore_errors=True)
            os.environ["BLENDER_USER_RESOURCES"] = root
        for variable, folder in USER_DIR_VARIABLES.items():
            os.environ[variable] = os.path.join(root, folder)
        _state.user_root = Path(root)
    return _state.user_root


def import_bpy() -> ModuleType:
    """Import bpy with isolated user directories; fail if it was imported without them."""
    user_root = isolate_user_dirs()
    if "bpy" not in sys.modules:
        # Blender creates $XDG_CACHE_HOME/thumbnails (default ~/.cache) when it
        # starts; other libraries keep their caches there, so redirect it only
        # while bpy is imported.
        previous = os.environ.get("XDG_CACHE_HOME")
        os.environ["XDG_CACHE_HOME"] = str(user_root / "cache")
        try:
            import bpy
        finally:
            if previous is None:
                del os.environ["XDG_CACHE_HOME"]
            else:
                os.environ["XDG_CACHE_HOME"] = previous
    import bpy

    for kind in ("CONFIG", "SCRIPTS", "DATAFILES", "EXTENSIONS"):
        path = Path(bpy.utils.user_resource(kind))
        if not path.is_relative_to(user_root):
            raise RuntimeError(
                f"bpy was imported before tests/blender_env.py isolated it: its {kind} folder is "
                f"{path}, outside {user_root}. Import blender_env (or set BLENDER_USER_RESOURCES) "
                "before anything imports bpy."
            )
    return bpy


def reset_scene() -> None:
    """Load an empty factory-startup file; installed extensions stay enabled."""
    bpy = import_bpy()
    bpy.ops.wm.read_homefile(use_factory_startup=True, use_empty=True)


def build_extension_zip() -> Path:
    """Build the working tree into a zip under the isolated user folder."""
    return build_tool().build(isolate_user_dirs() / "dist")


def install_extension(zip_path: Path) -> ModuleType:
    """Install and enable a built zip in the ``user_default`` repository."""
    bpy = import_bpy()
    result = bpy.ops.extensions.package_install_files(
        filepath=str(zip_path),
        repo=EXTENSION_REPO,
        enable_on_install=True,
    )
    if result != {"FINISHED"} or EXTENSION_MODULE not in sys.modules:
        raise RuntimeError(f"installing {zip_path} returned {result} and did not load {EXTENSION_MODULE}")
    return sys.modules[EXTENSION_MODULE]


def ensure_extension() -> ModuleType:
    """The installed extension's root module, building and installing it on first use.

    The check looks at Blender itself, not at this module, so it holds even if
    this file is imported twice under two names (``tests.blender_env`` and
    ``blender_env``).
    """
    bpy = import_bpy()
    if EXTENSION_MODULE in sys.modules and EXTENSION_MODULE in bpy.context.preferences.addons:
        return sys.modules[EXTENSION_MODULE]
    return install_extension(build_extension_zip())


def operator_exists(idname: str) -> bool:
    """Whether ``bpy.ops.<idname>`` is registered (``hasattr`` on bpy.ops is always true)."""
    try:
        _operator_rna_type(import_bpy(), idname)
    except AssertionError:
        return False
    return True


# A recording stand-in for UILayout.

_RNA_POINTER_PAIRS = (
    ("data", "property"),
    ("search_data", "search_property"),
    ("dataptr", "propname"),
    ("active_dataptr", "active_propname"),
)
_TYPE_NAME_PARAMETERS = ("menu", "panel")


@dataclass(frozen=True)
class LayoutCall:
    method: str
    arguments: dict[str, Any]


class RecordingOperatorProperties:
    """What ``layout.operator()`` returns: only the operator's own properties may be set."""

    def __init__(self, idname: str, rna_properties: set[str]):
        object.__setattr__(self, "_idname", idname)
        object.__setattr__(self, "_rna_properties", rna_properties)
        object.__setattr__(self, "values", {})

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._rna_properties:
            raise AssertionError(f"operator {self._idname} has no property {name!r}")
        self.values[name] = value


class RecordingLayout:
    """Records a panel's drawing and checks it against the real UILayout API.

    Any UILayout function may be called; its arguments are bound to the RNA
    parameter list (unknown keywords, missing required arguments and invalid
    enum values such as icon names fail), then checked: ``data``/``property``
    pairs must name an existing RNA property, ``operator`` an operator that is
    registered, ``menu``/``panel`` a registered class. Functions that return a
    sub-layout return a child recorder sharing the same list of calls.
    """

    def __init__(self, calls: list[LayoutCall] | None = None):
        self._bpy = import_bpy()
        self.calls: list[LayoutCall] = [] if calls is None else calls

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("_") and name != "calls":
            if name not in self._bpy.types.UILayout.bl_rna.properties:
                raise AssertionError(f"UILayout has no attribute {name!r}")
        object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        function = self._bpy.types.UILayout.bl_rna.functions.get(name)
        if function is None:
            raise AssertionError(f"UILayout has no function {name!r}")

        def record(*args: Any, **kwargs: Any) -> Any:
            return self._record(function, args, kwargs)

        return record

    def _record(self, function: Any, args: tuple, kwargs: dict) -> Any:
        name = function.identifier
        inputs = [p for p in function.parameters if not p.is_output]
        outputs = [p for p in function.parameters if p.is_output]
        if len(args) > len(inputs):
            raise AssertionError(f"UILayout.{name}() takes at most {len(inputs)} arguments, got {len(args)}")
        arguments = {p.identifier: value for p, value in zip(inputs, args)}
        for key, value in kwargs.items():
            if key in arguments:
                raise AssertionError(f"UILayout.{name}() got {key!r} twice")
            arguments[key] = value
        known = {p.identifier: p for p in inputs}
        for key, value in arguments.items():
            if key not in known:
                raise AssertionError(f"UILayout.{name}() has no parameter {key!r}")
            self._check_enum(name, known[key], value)
        missing = [p.identifier for p in inputs if p.is_required and p.identifier not in arguments]
        if missing:
            raise AssertionError(f"UILayout.{name}() is missing {missing}")
        self._check_references(name, arguments)
        self.calls.append(LayoutCall(name, arguments))

        output = outputs[0].identifier if outputs else None
        if output == "layout":
            return RecordingLayout(self.calls)
        if output == "properties":
            idname = arguments["operator"]
            rna_type = _operator_rna_type(self._bpy, idname)
            return RecordingOperatorProperties(idname, {p.identifier for p in rna_type.properties})
        return None

    @staticmethod
    def _check_enum(function_name: str, parameter: Any, value: Any) -> None:
        if parameter.type != "ENUM" or not parameter.enum_items:
            return
        values = value if parameter.is_enum_flag else {value}
        valid = {item.identifier for item in parameter.enum_items}
        invalid = set(values) - valid
        if invalid:
            raise AssertionError(f"UILayout.{function_name}({parameter.identifier}=...) got invalid {invalid}")

    def _check_references(self, function_name: str, arguments: dict[str, Any]) -> None:
        for data_key, property_key in _RNA_POINTER_PAIRS:
            if data_key not in arguments or property_key not in arguments:
                continue
            data, property_name = arguments[data_key], arguments[property_key]
            rna = getattr(data, "bl_rna", None)
            if rna is None:
                raise AssertionError(f"UILayout.{function_name}() {data_key}={data!r} is not Blender data")
            if property_name not in rna.properties:
                raise AssertionError(
                    f"UILayout.{function_name}(): {rna.identifier} has no property {property_name!r}"
                )
        if "operator" in arguments:
            _operator_rna_type(self._bpy, arguments["operator"])
        for key in _TYPE_NAME_PARAMETERS:
            if key in arguments and not hasattr(self._bpy.types, arguments[key]):
                raise AssertionError(f"UILayout.{function_name}(): no registered {key} {arguments[key]!r}")

    def properties_drawn(self) -> list[str]:
        """Names of the properties drawn, in order."""
        return [c.arguments["property"] for c in self.calls if "property" in c.arguments]

    def operators_drawn(self) -> list[str]:
        """Idnames of the operator buttons drawn, in order."""
        return [c.arguments["operator"] for c in self.calls if "operator" in c.arguments]


def _operator_rna_type(bpy: ModuleType, idname: str) -> Any:
    module_name, _, operator_name = idname.partition(".")
    try:
        return getattr(getattr(bpy.ops, module_name), operator_name).get_rna_type()
    except (AttributeError, KeyError):
        raise AssertionError(f"operator {idname!r} is not registered") from None


def draw_panel(panel_class: type, context: Any = None) -> RecordingLayout:
    """Run a panel's ``draw_header`` (if any) and ``draw`` on a recording layout."""
    bpy = import_bpy()
    context = bpy.context if context is None else context
    layout = RecordingLayout()
    panel = _PanelStandIn(panel_class, layout)
    if "draw_header" in vars(panel_class):
        panel.draw_header(context)
    panel.draw(context)
    return layout


class _PanelStandIn:
    """A panel "instance" (bpy cannot make one without a window): the class's
    attributes and methods, bound to this object, plus ``layout``."""

    def __init__(self, panel_class: type, layout: RecordingLayout):
        self._panel_class = panel_class
        self.layout = layout

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_panel_class":
            raise AttributeError(name)
        value = getattr(self._panel_class, name)
        if isinstance(value, FunctionType):
            return MethodType(value, self)
        return value


def build_armature(rig: Any, name: str) -> Any:
    """An armature object in the current scene with ``rig``'s rest pose
    (a ``backend.retarget.RigDescription``): heads, tails and rest matrices
    (so bone rolls) as given. Returns the object, made active."""
    import numpy as np

    bpy = import_bpy()
    from mathutils import Matrix

    armature = bpy.data.armatures.new(name)
    obj = bpy.data.objects.new(name, armature)
    bpy.context.scene.collection.objects.link(obj)
    bpy.context.view_layer.objects.active = obj
    bpy.ops.object.mode_set(mode="EDIT")
    for i, bone_name in enumerate(rig.names):
        edit_bone = armature.edit_bones.new(bone_name)
        edit_bone.head = rig.heads[i]
        edit_bone.tail = rig.tails[i]
        matrix = np.eye(4)
        matrix[:3, :3] = rig.matrices[i]
        matrix[:3, 3] = rig.heads[i]
        edit_bone.matrix = Matrix(matrix.tolist())
    for i, bone_name in enumerate(rig.names):
        if rig.parents[i] >= 0:
            armature.edit_bones[bone_name].parent = armature.edit_bones[rig.names[rig.parents[i]]]
    bpy.ops.object.mode_set(mode="OBJECT")
    return obj


def ext_module(ext: ModuleType, name: str) -> ModuleType:
    """A submodule of the installed extension, e.g. ``operators.compat``."""
    import importlib

    return importlib.import_module(f"{ext.__name__}.{name}")


def fcurves_of(ext: ModuleType, obj: Any, action: Any = None) -> dict:
    """(data_path, index) -> F-curve of ``action`` (default: the assigned one) for ``obj``."""
    compat = ext_module(ext, "operators.compat")
    action = action or compat.assigned_action(obj)
    return {(f.data_path, f.array_index): f for f in compat.fcurves(action, obj)}


def key_array(fcurve: Any):
    """(n, 6) float32: every key's co, left handle and right handle, read in bulk."""
    import numpy as np

    n = len(fcurve.keyframe_points)
    out = []
    for key in ("co", "handle_left", "handle_right"):
        buffer = np.zeros(2 * n, dtype=np.float32)
        fcurve.keyframe_points.foreach_get(key, buffer)
        out.append(buffer.reshape(n, 2))
    return np.concatenate(out, axis=1)
