"""The extension installed into real Blender (the ``bpy`` module) from its built zip."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backend.generators import registry

try:
    from . import blender_env
except ImportError:  # tests/ is not a package: put it on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import blender_env

if not blender_env.bpy_available():
    pytest.skip("bpy is not installed (pip install bpy==5.0.1)", allow_module_level=True)

bpy = blender_env.import_bpy()

pytestmark = pytest.mark.usefixtures("fresh_scene")

OPERATOR = "t2m.backend_info"
PANEL = "T2M_PT_about"
SETTINGS = "T2MSceneSettings"
SETTINGS_DEFAULTS = {"prompt": "", "seed": 0, "generator": "MOMASK", "target_armature": ""}
GENERATORS = [spec.name.upper() for spec in registry.specs() if spec.name != "toy"]  # the toy lives in the tests only


def installed_dir() -> Path:
    return Path(bpy.utils.user_resource("EXTENSIONS")) / blender_env.EXTENSION_REPO / blender_env.EXTENSION_ID


def registration_module():
    return sys.modules[f"{blender_env.EXTENSION_MODULE}.operators.registration"]


def assert_registered() -> None:
    assert blender_env.operator_exists(OPERATOR)
    assert "t2m" in bpy.types.Scene.bl_rna.properties
    assert hasattr(bpy.types, PANEL)
    assert all(cls.is_registered for cls in registration_module().CLASSES)


def test_zip_installs_into_the_user_repository_and_is_enabled(ext):
    assert ext.__name__ == blender_env.EXTENSION_MODULE
    assert blender_env.EXTENSION_MODULE in bpy.context.preferences.addons
    assert Path(ext.__file__).parent == installed_dir()
    assert installed_dir().is_relative_to(blender_env.isolate_user_dirs())


def test_backend_info_runs_and_reports_the_backend_version(capfd):
    assert bpy.ops.t2m.backend_info() == {"FINISHED"}

    backend = sys.modules[f"{blender_env.EXTENSION_MODULE}.backend"]
    assert f"Text2Motion backend {backend.__version__}" in capfd.readouterr().out


def test_backend_loaded_in_blender_is_the_extensions_own_subpackage():
    bpy.ops.t2m.backend_info()

    backend = sys.modules[f"{blender_env.EXTENSION_MODULE}.backend"]
    assert Path(backend.__file__) == installed_dir() / "backend" / "__init__.py"
    assert backend.__package__ == f"{blender_env.EXTENSION_MODULE}.backend"


def test_scene_settings_exist_with_their_defaults():
    settings = bpy.context.scene.t2m

    assert type(settings).__name__ == SETTINGS
    assert {name: getattr(settings, name) for name in SETTINGS_DEFAULTS} == SETTINGS_DEFAULTS
    items = settings.bl_rna.properties["generator"].enum_items
    assert [item.identifier for item in items] == GENERATORS


def test_scene_settings_are_per_scene():
    scene = bpy.data.scenes.new("Other")
    bpy.context.scene.t2m.prompt = "a person waves"

    assert scene.t2m.prompt == ""


def test_about_panel_is_in_the_3d_viewport_sidebar():
    panel = getattr(bpy.types, PANEL)

    assert (panel.bl_space_type, panel.bl_region_type, panel.bl_category) == ("VIEW_3D", "UI", "Text2Motion")


def test_about_panel_draws_the_settings_and_the_backend_button():
    layout = blender_env.draw_panel(getattr(bpy.types, PANEL))

    assert set(layout.properties_drawn()) >= set(SETTINGS_DEFAULTS)
    assert OPERATOR in layout.operators_drawn()


@pytest.mark.parametrize(
    ("draw", "message"),
    [
        (lambda layout, scene: layout.prop(scene.t2m, "no_such_setting"), "no property 'no_such_setting'"),
        (lambda layout, scene: layout.operator("t2m.no_such_operator"), "not registered"),
        (lambda layout, scene: layout.row().label(text="x", icon="NO_SUCH_ICON"), "invalid"),
        (lambda layout, scene: layout.prop(scene.t2m, "seed", txt="typo"), "no parameter 'txt'"),
        (lambda layout, scene: layout.no_such_function(), "no function"),
        (lambda layout, scene: setattr(layout, "no_such_attribute", True), "no attribute"),
        (lambda layout, scene: setattr(layout.operator(OPERATOR), "no_such_option", 1), "no property"),
    ],
)
def test_recording_layout_rejects_what_blender_would_reject(draw, message):
    with pytest.raises(AssertionError, match=message):
        draw(blender_env.RecordingLayout(), bpy.context.scene)


def test_unregister_removes_everything_and_register_restores_it(ext):
    assert_registered()
    ext.unregister()
    try:
        assert not blender_env.operator_exists(OPERATOR)
        assert "t2m" not in bpy.types.Scene.bl_rna.properties
        assert not hasattr(bpy.types, PANEL)
        assert not any(cls.is_registered for cls in registration_module().CLASSES)
    finally:
        ext.register()
    assert_registered()
    assert bpy.ops.t2m.backend_info() == {"FINISHED"}


def test_register_twice_fails_loudly_and_leaves_the_extension_working(ext):
    with pytest.raises(ValueError, match="already registered"):
        ext.register()

    assert_registered()


def test_register_refuses_a_clashing_scene_property_and_rolls_back(ext):
    ext.unregister()
    bpy.types.Scene.t2m = bpy.props.StringProperty()
    try:
        with pytest.raises(RuntimeError, match="Scene.t2m"):
            ext.register()
        assert not any(cls.is_registered for cls in registration_module().CLASSES)
    finally:
        del bpy.types.Scene.t2m
        ext.register()
    assert_registered()


SOURCE_CHECKOUT_SCRIPT = textwrap.dedent(
    """
    import importlib.util, json, sys
    root, name = sys.argv[1], sys.argv[2]
    spec = importlib.util.spec_from_file_location(name, root + "/__init__.py", submodule_search_locations=[root])
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    after_import = sorted(m for m in ("bpy", "torch", name + ".backend") if m in sys.modules)
    import bpy
    package.register()
    after_register = sorted(m for m in ("torch", name + ".backend") if m in sys.modules)
    result = bpy.ops.t2m.backend_info()
    backend = sys.modules[name + ".backend"].__file__
    package.unregister()
    print(json.dumps({"after_import": after_import, "after_register": after_register,
                      "result": sorted(result), "backend": backend}), flush=True)
    import os
    os._exit(0)  # bpy 4.2 segfaults in interpreter teardown, after all of the above
    """
)


def test_source_checkout_loads_under_any_package_name_without_torch(tmp_path):
    """Importing the package loads neither bpy nor torch; registering reads the
    generator registry (the UI enum comes from it) and still loads no torch."""
    env = dict(os.environ, BLENDER_USER_RESOURCES=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    for variable in blender_env.USER_DIR_VARIABLES:
        env.pop(variable, None)
    completed = subprocess.run(
        [sys.executable, "-c", SOURCE_CHECKOUT_SCRIPT, str(blender_env.REPO_ROOT), "t2m_checkout"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert completed.returncode == 0, completed.stderr

    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report == {
        "after_import": [],
        "after_register": ["t2m_checkout.backend"],
        "result": ["FINISHED"],
        "backend": str(blender_env.REPO_ROOT / "backend" / "__init__.py"),
    }
