"""Weight-pack zips install offline into a models folder, verified first;
a damaged or foreign zip is refused and nothing lands."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from backend.generators import registry
from backend.generators.pack_install import install_pack_zip
from backend.generators.packs import PackError


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _pack_files(generator: str) -> dict[str, bytes]:
    folder = Path(registry.pack_folder(generator, "cmu"))
    return {f"{generator}/cmu/{p.name}": p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_pack_zip_installs_and_loads_from_the_models_folder(tmp_path):
    zip_path = _zip(tmp_path / "pack.zip", {**_pack_files("momask"), **_pack_files("bamm")})
    models = tmp_path / "models"
    assert install_pack_zip(zip_path, models) == ["bamm/cmu", "momask/cmu"]
    assert sorted(p.name for p in models.iterdir()) == ["bamm", "momask"], "no temporary folder is left"
    assert "cmu" in registry.installed_packs("bamm", root=models)
    from backend.generators.bamm.weights import load_model

    assert load_model(models / "bamm" / "cmu")[1]["shared"]["pack"] == "cmu"  # read from the momask/cmu beside it
    assert install_pack_zip(zip_path, models) == ["bamm/cmu", "momask/cmu"], "installing again replaces"


@pytest.mark.parametrize("files, message", [
    ({"momask/cmu/../../evil.txt": b"x"}, "not <generator>/<pack>/<file>"),
    ({"notes.txt": b"x"}, "not <generator>/<pack>/<file>"),
    ({"nope/cmu/nope.json": b"{}"}, "does not know"),
    ({"momask/cmu/momask-00000.safetensors": b"x"}, "has no momask.json"),
])
def test_foreign_zips_are_refused_and_nothing_lands(tmp_path, files, message):
    models = tmp_path / "models"
    with pytest.raises(PackError, match=message):
        install_pack_zip(_zip(tmp_path / "bad.zip", files), models)
    assert not any(p for p in models.rglob("*") if p.is_file())


def test_a_damaged_pack_is_refused(tmp_path):
    files = _pack_files("momask")
    name = sorted(n for n in files if n.endswith(".safetensors"))[0]
    files[name] = files[name][:-10]
    models = tmp_path / "models"
    with pytest.raises(PackError, match="damaged or truncated"):
        install_pack_zip(_zip(tmp_path / "bad.zip", files), models)
    assert not (models / "momask").exists()
    with pytest.raises(PackError, match="not a zip file"):
        install_pack_zip(tmp_path / "models", tmp_path / "elsewhere")
