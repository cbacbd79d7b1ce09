"""A rule set's checks against the reference data, one problem per row, and the refusal the
API answers a bad rule set with (no database, no broker)."""

from __future__ import annotations

from typing import Any

import pytest

from services.routing.domain.errors import InvalidRuleSet
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
from shared.refdata import load_refdata
from shared.schemas.petition import Level

DATA = load_refdata()
OWNER = Owner(user_id="o", name="某人")
GOOD = Rule(
    id="ok",
    department="320812-ZJJ",
    level=Level.COUNTY,
    match=Match(regions=("320812",), categories=("01",)),
)


def rule(**changes: Any) -> Rule:
    match = changes.pop("match", {})
    return GOOD.model_copy(update={**changes, "match": GOOD.match.model_copy(update=match)})


@pytest.mark.parametrize(
    ("rules", "problems"),
    [
        (RuleSet(label="t", rules=(GOOD,)), []),
        (
            RuleSet(label="t", rules=(rule(department="nope"),)),
            ["rules[0] (ok): unknown department 'nope'"],
        ),
        (
            RuleSet(label="t", rules=(rule(level=Level.CITY),)),
            ["rules[0] (ok): level city but 320812-ZJJ is a county department"],
        ),
        (
            RuleSet(label="t", rules=(rule(match={"regions": ("999999",)}),)),
            ["rules[0] (ok): unknown region '999999'"],
        ),
        (
            RuleSet(label="t", rules=(rule(match={"regions": ("320831",)}),)),
            ["rules[0] (ok): 320812-ZJJ does not answer for region 320831"],
        ),
        (
            RuleSet(label="t", rules=(rule(match={"regions": ()}),)),
            ["rules[0] (ok): no region given, but 320812-ZJJ does not answer for the whole city"],
        ),
        (
            RuleSet(label="t", rules=(rule(match={"categories": ("99",)}),)),
            ["rules[0] (ok): unknown category '99'"],
        ),
        (
            RuleSet(label="t", rules=(rule(match={"categories": ("02",)}),)),
            ["rules[0] (ok): 320812-ZJJ does not answer for category 02"],
        ),
        (
            RuleSet(label="t", rules=(rule(match={"categories": ()}),)),
            ["rules[0] (ok): 320812-ZJJ does not answer for category *"],
        ),
        (
            RuleSet(
                label="t",
                rules=(GOOD,),
                case_owners=(
                    CaseOwnerEntry(department="nope", owner=OWNER),
                    CaseOwnerEntry(department="320812-ZJJ", category="99", owner=OWNER),
                ),
            ),
            [
                "case_owners[0]: unknown department 'nope'",
                "case_owners[1]: unknown category '99'",
            ],
        ),
        (
            RuleSet(
                label="t",
                rules=(GOOD,),
                hard_cases=HardCases(leaders=(Leader(region="999999", owner=OWNER),)),
            ),
            ["hard_cases.leaders[0]: unknown region '999999'"],
        ),
    ],
)
def test_check(rules: RuleSet, problems: list[str]) -> None:
    assert check(rules, DATA) == problems


def test_duplicate_rule_ids_are_refused_when_parsed() -> None:
    with pytest.raises(ValueError, match=r"rules\[1\]: duplicate rule id 'ok'"):
        RuleSet(label="t", rules=(GOOD, GOOD))


def test_invalid_rule_set_is_a_422_naming_every_problem() -> None:
    refusal = InvalidRuleSet(["a", "b"])
    assert (refusal.status, refusal.title) == (422, "Invalid rule set")
    assert refusal.detail == "the rule set is not valid"
    assert refusal.extensions() == {"errors": ["a", "b"]}
    assert str(refusal) == "a; b"  # what a bad seed file's failed start says
