"""Own library end to end in real Blender: the fixture library
(tests/fixtures/library) is built, a MoMask pack is fine-tuned from the
shipped CMU pack for a few CPU steps with ``library train``, and the add-on
lists it from its Extra Models folder and generates with it. Skipped where
bpy is not installed."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import pytest

from . import blender_env

pytestmark = blender_env.fresh_scene_marks()

if blender_env.bpy_available():
    bpy = blender_env.import_bpy()

LIBRARY = Path(__file__).parent / "fixtures" / "library"


@pytest.fixture(scope="module")
def user_models(tmp_path_factory):
    from backend.data.build import build
    from backend.data.config import BuildConfig
    from backend.train.library import train_library

    root = tmp_path_factory.mktemp("own")
    config = BuildConfig(name="mylib", sources=("folder",), folder=str(LIBRARY), folder_licence="Studio X internal use")
    built = build(config, out_dir=root / "mylib", workers=1)
    models = root / "models"
    out = train_library(build=built, generator="momask", models=models, name="mylib", base="cmu", steps=6, minutes=None, batch=4,
                        device="cpu", log=lambda message: None)
    train_library(build=built, generator="bamm", models=models, name="mylib", base="cmu", steps=4, minutes=None, batch=4,
                  device="cpu", log=lambda message: None)
    train_library(build=built, generator="remodiffuse", models=models, name="mylib", base="cmu", steps=3, minutes=None, batch=4,
                  device="cpu", log=lambda message: None)
    train_library(build=built, generator="mld", models=models, name="mylib", base="default", steps=2, minutes=None, batch=4,
                  device="cpu", log=lambda message: None)
    return models, out


def test_a_pack_trained_on_the_library_comes_out_with_its_card(user_models):
    models, out = user_models
    assert out == models / "momask" / "mylib"
    info = json.loads((out / "momask.json").read_text())
    assert info["data"]["licence"].startswith("Studio X internal use") and info["data"]["base_pack"] == "cmu"
    card = (out / "MODEL_CARD.md").read_text()
    assert "Studio X internal use" in card and "fine-tuned from the shipped 'cmu' pack" in card and "masked 6 steps" in card and "length" not in card.split("Training:")[1]


def test_a_bamm_pack_comes_out_too(user_models):
    models, _ = user_models
    info = json.loads((models / "bamm" / "mylib" / "bamm.json").read_text())
    assert info["data"]["licence"].startswith("Studio X internal use") and info["training"]["base"]["steps"] == 4
    assert "shared" not in info, "a user's BAMM pack holds its MoMask parts"


def test_a_remodiffuse_pack_comes_out_retrieving_from_the_library(user_models):
    from backend.generators.remodiffuse.weights import load_model

    models, _ = user_models
    folder = models / "remodiffuse" / "mylib"
    info = json.loads((folder / "remodiffuse.json").read_text())
    assert info["data"]["licence"].startswith("Studio X internal use") and info["data"]["base_pack"] == "cmu"
    assert info["training"]["denoiser"]["steps"] == 3
    _, _, database = load_model(folder)
    assert database.meta["build"] == "mylib" and database.meta["split"] == "train"
    assert len(database) == 2, "the library's one training take and its mirror image"
    assert "denoiser 3 steps" in (folder / "MODEL_CARD.md").read_text()


def test_an_mld_pack_comes_out_with_its_student_distilled_again(user_models):
    models, _ = user_models
    folder = models / "mld" / "mylib"
    info = json.loads((folder / "mld.json").read_text())
    assert info["data"]["licence"].startswith("Studio X internal use") and info["data"]["base_pack"] == "default"
    assert info["data"]["build"] == "mylib"
    card = (folder / "MODEL_CARD.md").read_text()
    assert "denoiser 2 steps" in card and "consistency 2 steps" in card and "VAE" in card


@pytest.mark.parametrize("generator", ["MOMASK", "BAMM", "REMODIFFUSE", "MLD"])
def test_the_add_on_lists_the_pack_and_generates_with_it(ext, user_models, generator):
    models, _ = user_models
    settings = importlib.import_module(f"{ext.__name__}.operators.settings")
    prefs = settings.preferences(bpy.context)
    old_folder, old_pack = prefs.models_folder, prefs.pack
    prefs.models_folder = str(models)
    try:
        items = [i[0] for i in settings._pack_enum_items(prefs, bpy.context)]
        assert "mylib" in items
        prefs.pack = "mylib"
        assert bpy.ops.t2m.add_rig(name="Canonical") == {"FINISHED"}
        assert bpy.ops.t2m.generate(prompt="a person walks forward", armature="Canonical", length=30, generator=generator) == {"FINISHED"}
        engine = importlib.import_module(f"{ext.__name__}.backend.studio.engine").shared_engine()
        assert any(key[0] == generator.lower() and key[1] == "mylib" for key in engine.loaded())
        obj = bpy.data.objects["Canonical"]
        assert obj.animation_data.action is not None
    finally:
        prefs.pack = old_pack
        prefs.models_folder = old_folder


def test_adding_a_pack_never_changes_which_pack_is_chosen(ext, user_models, tmp_path):
    import shutil

    models, out = user_models
    settings = importlib.import_module(f"{ext.__name__}.operators.settings")
    prefs = settings.preferences(bpy.context)
    old_folder, old_pack = prefs.models_folder, prefs.pack
    assert old_pack == "default"
    folder = tmp_path / "models"
    shutil.copytree(models / "momask", folder / "momask")
    prefs.models_folder = str(folder)
    try:
        prefs.pack = "mylib"
        shutil.copytree(out, folder / "momask" / "aaa_first")  # sorts before mylib
        assert [i[0] for i in settings._pack_enum_items(prefs, bpy.context)][-2:] == ["aaa_first", "mylib"]
        assert prefs.pack == "mylib"
    finally:
        prefs.pack = old_pack
        prefs.models_folder = old_folder
