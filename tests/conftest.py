"""Test setup: the repository root on sys.path, and real clips from the shared data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backend.data.archives import dataset_folder  # noqa: E402
from backend.data.config import default_cache_root, default_data_root  # noqa: E402
from backend.generators import registry  # noqa: E402
from tests import blender_env, toy_generator  # noqa: E402

# The toy generator exists only inside the tests: registered here, before
# collection, it runs through the same contract tests as the real generators.
registry.register(toy_generator.SPEC)


def _folder(key: str) -> Path:
    try:
        return dataset_folder(default_data_root(), key, default_cache_root())
    except FileNotFoundError as error:
        pytest.skip(f"shared data not available: {error}")


@pytest.fixture(scope="session")
def cmu_folder() -> Path:
    return _folder("cmu")


@pytest.fixture(scope="session")
def bandai_folders() -> dict[str, Path]:
    return {key: _folder(key) for key in ("bandai-1", "bandai-2")}


# Real Blender (tests/blender_env.py): ``ext`` is the installed extension's root
# module; a module marked ``blender_env.fresh_scene_marks()`` runs every test
# in an empty scene.


@pytest.fixture(scope="module")
def ext():
    return blender_env.ensure_extension()


@pytest.fixture
def fresh_scene(ext):
    blender_env.reset_scene()
