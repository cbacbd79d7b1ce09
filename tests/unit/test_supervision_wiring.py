"""Supervision's wiring: the API walks the org tree of the city's own reference data
(``SUPERVISION_REFDATA_DIR``), not the packaged one, when the city has some."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from services.supervision import main
from services.supervision.api import ApiContext
from services.supervision.settings import Settings
from shared.refdata import DEFAULT_DIR, OrgTree, RefDataError, load_refdata

NEW = "320812-NEW"  # a department only the city's own data knows


def city_data(folder: Path) -> Path:
    shutil.copytree(DEFAULT_DIR, folder, dirs_exist_ok=True)
    path = folder / "departments.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    model = next(d for d in data["departments"] if d["code"] == "320812-ZJJ")
    data["departments"].append({**model, "code": NEW, "name_zh": "新设局", "name_en": "New"})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def built_tree(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> OrgTree:
    trees: list[OrgTree] = []

    def context(*args: Any) -> ApiContext:
        trees.append(args[-1])
        return ApiContext(*args)

    monkeypatch.setattr(main, "ApiContext", context)
    main.build_parts(settings)
    (tree,) = trees
    return tree


def test_the_api_walks_the_citys_own_org_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(database_url="sqlite://", refdata_dir=city_data(tmp_path))
    assert built_tree(monkeypatch, settings).is_within(NEW, "320812")
    assert not load_refdata().org_tree.is_within(NEW, "320812")  # the packaged city's


def test_without_a_folder_the_packaged_city(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = built_tree(monkeypatch, Settings(database_url="sqlite://"))
    assert tree.is_within("320812-ZJJ", "320800") and not tree.is_within(NEW, "320812")


def test_a_folder_without_the_files_stops_the_start(tmp_path: Path) -> None:
    with pytest.raises(RefDataError, match="file not found"):
        main.build_parts(Settings(database_url="sqlite://", refdata_dir=tmp_path))
