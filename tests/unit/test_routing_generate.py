"""The default rule set generated from the reference data: one rule per department, what a
township answers for, the leaders; and the shipped file is what the generator gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.routing.application.rulefile import load_file
from services.routing.domain.generate import (
    NOT_FOR_TOWNSHIPS,
    default_rules,
    department_rule,
    leaders,
)
from services.routing.domain.ruleset import Match, check
from shared.refdata import load_refdata
from shared.schemas.petition import Level

DATA = load_refdata()
GENERATED = default_rules(DATA)


def test_the_shipped_file_is_what_the_generator_gives() -> None:
    shipped = load_file()
    assert GENERATED.rules == shipped.rules
    assert GENERATED.case_owners == shipped.case_owners
    assert GENERATED.hard_cases == shipped.hard_cases
    assert GENERATED.label == shipped.label
    assert GENERATED.note == shipped.note


def test_the_generated_rules_pass_the_checks() -> None:
    assert check(GENERATED, DATA) == []


def test_one_rule_per_department_but_the_petition_offices() -> None:
    generated = {r.department for r in GENERATED.rules if r.id.startswith("dept.")}
    expected = {d.code for d in DATA.departments.values() if not d.petition_office}
    assert generated == expected
    assert {r.id for r in GENERATED.rules if r.id.startswith("hw.")} == {
        "hw.suggestions",
        "hw.accusations.discipline",
        "hw.collective.demolition",
    }


@pytest.mark.parametrize(
    ("department", "regions", "categories", "level"),
    [
        ("320812-ZJJ", ("320812",), ("01",), Level.COUNTY),
        # "every category" is every major but discipline and litigation for a township
        (
            "320812001-GOV",
            ("320812001",),
            tuple(m for m in DATA.majors if m not in NOT_FOR_TOWNSHIPS),
            Level.TOWNSHIP,
        ),
    ],
)
def test_department_rule(
    department: str, regions: tuple[str, ...], categories: tuple[str, ...], level: Level
) -> None:
    rule = department_rule(DATA.departments[department], DATA)
    assert rule.id == f"dept.{department}"
    assert rule.match == Match(regions=regions, categories=categories)
    assert (rule.department, rule.level, rule.priority) == (department, level, 0)


def test_leaders_for_the_city_and_each_county_only() -> None:
    found = {leader.region for leader in leaders(DATA)}
    expected = {r.code for r in DATA.regions.values() if r.level in (Level.CITY, Level.COUNTY)}
    assert found == expected and "320800" in found and "320812001" not in found


def test_sunshine_rules_writes_the_generated_rule_set(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tools.cli.main import app

    out = tmp_path / "rules.json"
    result = CliRunner().invoke(app, ["rules", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {len(GENERATED.rules)} rules to {out}" in result.output
    assert load_file(out) == GENERATED
