"""Reference data: the default catalogue's shape, and errors that name the bad entry."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shared.refdata import DEFAULT_DIR, RefDataError, load_refdata
from shared.schemas.petition import Channel, Kind, Level
from tests.support.intake import refdata


def test_the_default_catalogue_has_18_major_and_110_minor_categories() -> None:
    ref = refdata()
    assert len(ref.majors) == 18 and len(ref.minors) == 110
    assert ref.majors["01"].name_zh == "城乡建设" and ref.majors["18"].name_zh == "其他"
    assert all(m.name_zh and m.name_en for m in ref.minors.values())


def test_channels_kinds_and_levels() -> None:
    ref = refdata()
    assert set(ref.channels) == set(Channel) and set(ref.kinds) == set(Kind)
    assert {c for c, e in ref.channels.items() if e.suggestions_only} == {
        Channel.SMS,
        Channel.WECHAT,
        Channel.MAILBOX,
    }
    assert [lv.code for lv in sorted(ref.levels.values(), key=lambda lv: -lv.rank)] == list(Level)


def test_the_demo_city_is_deep_enough() -> None:
    ref = refdata()
    by_level = {lv: [r for r in ref.regions.values() if r.level == lv] for lv in Level}
    assert [r.name_zh for r in by_level[Level.CITY]] == ["淮安市"]
    assert len(by_level[Level.COUNTY]) == 8
    assert len(by_level[Level.TOWNSHIP]) >= 32 and len(by_level[Level.VILLAGE]) >= 100
    assert ref.ancestors("320831003002") == ["320831003002", "320831003", "320831", "320800"]
    assert ref.in_subtree("320831003002", "320831") and not ref.in_subtree("320831003002", "320812")


def test_every_category_has_a_department_in_every_township() -> None:
    ref = refdata()
    townships = [r.code for r in ref.regions.values() if r.level == Level.TOWNSHIP]
    for cat in ref.minors:
        for town in townships:
            assert ref.departments_for(cat, town), (cat, town)
    found = [d.code for d in ref.departments_for("0101", "320831003002")]
    assert found == ["320831003-GOV", "320831-ZJJ", "320800-ZJJ"]  # lowest level first


def test_holidays_make_the_calendar() -> None:
    ref = refdata()
    assert {y.year for y in ref.holiday_years} == {2025, 2026, 2027}
    assert ref.versions["holidays"]


def _broken(tmp_path: Path, name: str, edit: Callable[[Any], None]) -> Path:
    target = tmp_path / "refdata"
    shutil.copytree(DEFAULT_DIR, target)
    data = json.loads((target / name).read_text(encoding="utf-8"))
    edit(data)
    (target / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return target


def _set(path: list[Any], value: Any) -> Callable[[Any], None]:
    def edit(data: Any) -> None:
        for step in path[:-1]:
            data = data[step]
        data[path[-1]] = value

    return edit


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [
        (
            "categories.json",
            _set(["majors", 3, "minors", 2, "name_zh"], ""),
            "categories.json: majors[3] (code '04').minors[2] (code '0403').name_zh",
        ),
        (
            "categories.json",
            _set(["majors", 0, "minors", 1, "code"], "0201"),
            "majors[0] (code '01')",
        ),
        (
            "categories.json",
            _set(["majors", 1, "minors", 0, "code"], "0202"),
            "categories.json: majors[1] (code '02').minors[1] (code '0202'): duplicate code",
        ),
        (
            "regions.json",
            _set(["regions", 5, "parent"], "999999"),
            "regions.json: regions[5] (code '320812001003'): parent: unknown region '999999'",
        ),
        (
            "regions.json",
            _set(["regions", 2, "level"], "town"),
            "regions.json: regions[2] (code '320812001').level",
        ),
        (
            "departments.json",
            _set(["departments", 1, "categories"], ["77"]),
            "departments.json: departments[1] (code '320800-ZJJ'): categories: unknown category"
            " '77'",
        ),
        (
            "departments.json",
            _set(["departments", 0, "region"], "320831"),
            "departments.json: departments[0] (code '320800-XFJ'): level",
        ),
        (
            "holidays.json",
            _set(["years", 0, "workdays", 0], "2025-01-27"),
            "holidays.json: years[0]: Value error, workday 2025-01-27 is not a weekend day",
        ),
        (
            "channels.json",
            _set(["channels", 0, "code"], "fax"),
            "channels.json: channels[0] (code 'fax').code",
        ),
    ],
)
def test_a_bad_entry_is_named(
    tmp_path: Path, name: str, edit: Callable[[Any], None], message: str
) -> None:
    with pytest.raises(RefDataError) as info:
        load_refdata(_broken(tmp_path, name, edit))
    assert message in str(info.value)


def test_missing_and_malformed_files_are_named(tmp_path: Path) -> None:
    target = tmp_path / "refdata"
    shutil.copytree(DEFAULT_DIR, target)
    (target / "kinds.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(RefDataError, match=r"kinds.json: not valid JSON \(line 1\)"):
        load_refdata(target)
    (target / "kinds.json").unlink()
    with pytest.raises(RefDataError, match=r"kinds\.json: file not found"):
        load_refdata(target)
