"""Rule matching as a table: specificity, priority, fallback to the major category, manual
queue, escalation floor, exclusions; and the shipped default rule set."""

from __future__ import annotations

import pytest

from services.routing.application.rulefile import load_file
from services.routing.domain.matcher import (
    Facts,
    Manual,
    Placement,
    case_owner,
    decide,
    hard_case_leader,
    is_hard,
)
from services.routing.domain.ruleset import (
    CaseOwnerEntry,
    HardCases,
    Leader,
    Match,
    Owner,
    Rule,
    RuleSet,
    check,
)
from shared.refdata import ReferenceData, load_refdata
from shared.schemas.petition import Kind, Level

CITY, COUNTY, TOWN, VILLAGE = "320800", "320812", "320812001", "320812001001"
VILLAGE_CHAIN = (VILLAGE, TOWN, COUNTY, CITY)
COUNTY_CHAIN = (COUNTY, CITY)


def rule(rid: str, dept: str, level: Level = Level.COUNTY, priority: int = 0, **match: object):
    return Rule(id=rid, department=dept, level=level, priority=priority, match=Match(**match))


TABLE = RuleSet(
    label="t",
    rules=(
        rule("city.housing", "C-ZJJ", Level.CITY, regions=(CITY,), categories=("01",)),
        rule("county.housing", "Q-ZJJ", regions=(COUNTY,), categories=("01",)),
        rule("county.property", "Q-WY", regions=(COUNTY,), categories=("0102",)),
        rule("county.property.b", "Q-WY2", priority=5, regions=(COUNTY,), categories=("0102",)),
        rule("town.any", "T-GOV", Level.TOWNSHIP, regions=(TOWN,), categories=("01", "02")),
        rule("county.collective", "Q-COL", regions=(CITY,), categories=("01",), collective=True),
        rule("city.accusation", "C-JW", Level.CITY, kinds=(Kind.ACCUSATION,)),
    ),
)


def facts(category: str, chain=COUNTY_CHAIN, level=Level.COUNTY, **kw: object) -> Facts:
    return Facts(chain, category, kw.pop("kind", Kind.CLAIM), level, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("case", "f", "options", "expected"),
    [
        ("minor category beats its major", facts("0102"), {}, "county.property.b"),
        ("priority decides among equals", facts("0102"), {}, "county.property.b"),
        ("fallback to the major category", facts("0105"), {}, "county.housing"),
        ("deeper region first", facts("0101", VILLAGE_CHAIN, Level.TOWNSHIP), {}, "town.any"),
        ("constraints beat region", facts("0101", collective=True), {}, "county.collective"),
        ("kind rule", facts("1101", kind=Kind.ACCUSATION), {}, "city.accusation"),
        (
            "returned departments are excluded",
            facts("0102"),
            {"exclude": frozenset({"Q-WY2"})},
            "county.property",
        ),
        (
            "escalation floor skips lower levels",
            facts("0102"),
            {"start_level": Level.CITY},
            "city.housing",
        ),
        ("outside every rule: manual queue", facts("0201"), {}, None),
        (
            "everything excluded: manual queue",
            facts("0101"),
            {"exclude": frozenset({"Q-ZJJ", "C-ZJJ"})},
            None,
        ),
    ],
)
def test_rule_table(case: str, f: Facts, options: dict, expected: str | None) -> None:
    decision = decide(TABLE, f, **options)
    if expected is None:
        assert isinstance(decision, Manual), case
        assert f.category_code in decision.reason
    else:
        assert isinstance(decision, Placement), case
        assert decision.rule.id == expected, case


def test_hard_cases_and_owners() -> None:
    leader = Owner(user_id="L1", name="区领导")
    rules = TABLE.model_copy(
        update={
            "hard_cases": HardCases(
                collective_headcount=5, leaders=(Leader(region=COUNTY, owner=leader),)
            ),
            "case_owners": (
                CaseOwnerEntry(department="Q-ZJJ", owner=Owner(user_id="any", name="a")),
                CaseOwnerEntry(
                    department="Q-ZJJ", category="0103", owner=Owner(user_id="minor", name="m")
                ),
            ),
        }
    )
    assert not is_hard(rules, facts("0101", collective=True, headcount=5))
    assert is_hard(rules, facts("0101", collective=True, headcount=6))
    assert is_hard(rules, facts("0101", repeat=True))
    assert is_hard(rules, facts("0101", skip_level=True))
    assert case_owner(rules, "Q-ZJJ", "0103").user_id == "minor"  # type: ignore[union-attr]
    assert case_owner(rules, "Q-ZJJ", "0101").user_id == "any"  # type: ignore[union-attr]
    assert case_owner(rules, "nobody", "0101") is None
    assert hard_case_leader(rules, rules.rules[0], VILLAGE_CHAIN) == leader


@pytest.fixture(scope="module")
def refs() -> ReferenceData:
    return load_refdata()


def test_default_rule_set_is_valid(refs: ReferenceData) -> None:
    assert check(load_file(), refs) == []


@pytest.mark.parametrize(
    ("region", "level", "category", "kind", "department"),
    [
        # a village matter goes to its township government (the bottom of the pyramid)
        (VILLAGE, Level.TOWNSHIP, "0102", Kind.CLAIM, "320812001-GOV"),
        # a county matter to the county bureau for its category
        (COUNTY, Level.COUNTY, "0102", Kind.CLAIM, "320812-ZJJ"),
        # no county department for discipline matters: the city commission
        (COUNTY, Level.COUNTY, "1102", Kind.CLAIM, "320800-JWJ"),
        # hand-written: people's suggestions go to the city petition bureau
        (TOWN, Level.TOWNSHIP, "1803", Kind.SUGGESTION, "320800-XFJ"),
    ],
)
def test_default_rules_place(
    refs: ReferenceData, region: str, level: Level, category: str, kind: Kind, department: str
) -> None:
    f = Facts(refs.org_tree.region_chain(region), category, kind, level)
    decision = decide(load_file(), f)
    assert isinstance(decision, Placement)
    assert decision.department == department
    # intake would accept it: the department answers for the category and the region
    dept = refs.departments[department]
    assert department in {d.code for d in refs.departments_for(category, region)} or (
        dept.petition_office
    )


def test_default_rules_leave_unplaceable_to_the_office(refs: ReferenceData) -> None:
    # 政策咨询 (1801) at county level: no department answers for it
    f = Facts(refs.org_tree.region_chain(COUNTY), "1801", Kind.CLAIM, Level.COUNTY)
    assert isinstance(decide(load_file(), f), Manual)


def test_check_names_the_problems(refs: ReferenceData) -> None:
    bad = RuleSet(
        label="bad",
        rules=(
            rule("a", "320812-ZJJ", Level.CITY, categories=("02",)),
            rule("b", "nope"),
            rule("c", "320812-ZJJ", regions=("999999",), categories=("01",)),
        ),
    )
    problems = check(bad, refs)
    assert any("rules[0] (a): level city" in p for p in problems)
    assert any("does not answer for category 02" in p for p in problems)
    assert any("unknown department 'nope'" in p for p in problems)
    assert any("unknown region '999999'" in p for p in problems)
