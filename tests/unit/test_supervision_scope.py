"""Who sees and acts on what in supervision, over a small org tree: a city (320800) with two
counties, their departments, and a county government an accusation may name."""

from __future__ import annotations

from typing import Any

import pytest

from services.supervision.domain.access import Caller
from services.supervision.domain.errors import OutsideScope
from shared.auth.roles import Principal, Role
from shared.refdata import OrgTree

TREE = OrgTree(
    {"320800": None, "320812": "320800", "320803": "320800"},
    {
        "320812-ZJJ": "320812",
        "320812-XFJ": "320812",
        "320812-GOV": "320812",
        "320803-ZJJ": "320803",
        "320803-XFJ": "320803",
        "320800-ZJJ": "320800",
    },
    {"320812-GOV": "320812"},
)


def caller(role: Role, org: str) -> Caller:
    return Caller(Principal(user_id=f"u-{role}", role=role, org=org), TREE)


def case(**fields: Any) -> dict[str, Any]:
    row = {
        "region_code": "320812",
        "receiving_org": "320812-XFJ",
        "department": "320812-ZJJ",
        "step_org": "320812-ZJJ",
        "kind": "claim",
        "accused_org": None,
        "tracking_code": "HA-1",
    }
    return {**row, **fields}


ACCUSATION = case(kind="accusation", accused_org="320812-ZJJ")
AGAINST_GOV = case(kind="accusation", accused_org="320812-GOV")


@pytest.mark.parametrize(
    ("role", "org", "row", "kept"),
    [
        (Role.PETITION_OFFICE, "320812", case(), False),
        (Role.HANDLER, "320812-ZJJ", ACCUSATION, True),  # the accused unit itself
        (Role.INSPECTOR, "320812-ZJJ", ACCUSATION, True),  # its own inspectors too
        (Role.PETITION_OFFICE, "320812", ACCUSATION, False),  # above it
        (Role.AUDITOR, "320812-ZJJ", ACCUSATION, False),  # the log must be whole
        (Role.HANDLER, "320812-ZJJ", AGAINST_GOV, True),  # anywhere in the governed region
        (Role.PETITION_OFFICE, "320800", AGAINST_GOV, False),
        (Role.HANDLER, "320812-ZJJ", {**ACCUSATION, "kind": None,
         "petition_kind": "accusation"}, True),  # joined to an action's row
    ],
)  # fmt: skip
def test_an_accusation_is_kept_from_the_accused_unit(
    role: Role, org: str, row: dict[str, Any], kept: bool
) -> None:
    assert caller(role, org).kept(row) is kept


@pytest.mark.parametrize(
    ("role", "org", "row", "tracking_code"),
    [
        (Role.AUDITOR, "320812-ZJJ", ACCUSATION, None),
        (Role.AUDITOR, "320803", ACCUSATION, "HA-1"),
        (Role.AUDITOR, "320812-ZJJ", case(), "HA-1"),
        (Role.PETITION_OFFICE, "320812", ACCUSATION, "HA-1"),
    ],
)
def test_the_accused_units_auditor_reads_no_tracking_code(
    role: Role, org: str, row: dict[str, Any], tracking_code: str | None
) -> None:
    shown = caller(role, org).shown(row)
    assert shown["tracking_code"] == tracking_code
    assert {k: v for k, v in shown.items() if k != "tracking_code"} == {
        k: v for k, v in row.items() if k != "tracking_code"
    }


@pytest.mark.parametrize(
    ("role", "org", "hidden"),
    [
        (Role.AUDITOR, "320812-ZJJ", frozenset()),
        # The unit, the government over its region, and the regions it lies in.
        (Role.HANDLER, "320812-ZJJ", frozenset({"320812-ZJJ", "320812-GOV", "320812", "320800"})),
        (Role.PETITION_OFFICE, "320800", frozenset({"320800"})),
    ],
)
def test_hidden_is_kept_as_a_filter(role: Role, org: str, hidden: frozenset[str]) -> None:
    assert caller(role, org).hidden() == hidden


@pytest.mark.parametrize(
    ("role", "org", "row", "region", "watched"),
    [
        (Role.LEADER, "320800", case(), None, True),
        (Role.LEADER, "320812", case(), None, True),
        (Role.LEADER, "320803", case(), None, False),
        (Role.LEADER, "320803", case(step_org="320803-ZJJ"), None, True),  # the step is there
        (Role.LEADER, "320803", case(region_code="320803", department=None, step_org=None),
         None, True),
        (Role.LEADER, "320800", case(), "320812", True),
        (Role.LEADER, "320800", case(), "320803", False),
        (Role.AUDITOR, "320803", case(), None, True),
        (Role.ADMIN, "320803", case(), "320803", False),
        (Role.INSPECTOR, "320812-ZJJ", ACCUSATION, None, False),  # kept
        (Role.AUDITOR, "320812-ZJJ", ACCUSATION, None, True),
    ],
)  # fmt: skip
def test_watchers_see_their_region_subtree(
    role: Role, org: str, row: dict[str, Any], region: str | None, watched: bool
) -> None:
    assert caller(role, org).watches(row, region) is watched


@pytest.mark.parametrize(
    ("role", "org", "row", "refusal"),
    [
        (Role.PETITION_OFFICE, "320812", case(), None),
        (Role.PETITION_OFFICE, "320800", case(), None),
        (Role.PETITION_OFFICE, "320803", case(), "the petition is outside your region"),
        (Role.PETITION_OFFICE, "320803", case(department="320803-ZJJ"), None),
        (Role.PETITION_OFFICE, "320803", case(receiving_org="320803-XFJ"), None),
        (Role.ADMIN, "320803", case(), None),
    ],
)
def test_the_office_acts_on_petitions_of_its_region(
    role: Role, org: str, row: dict[str, Any], refusal: str | None
) -> None:
    if refusal is None:
        caller(role, org).check_acts_on(row)
    else:
        with pytest.raises(OutsideScope, match=refusal):
            caller(role, org).check_acts_on(row)


@pytest.mark.parametrize(
    ("role", "org", "record", "refusal"),
    [
        (Role.INSPECTOR, "320812", {"department": "320812-ZJJ", "region_code": "320812"}, None),
        (Role.INSPECTOR, "320803", {"department": "320812-ZJJ", "region_code": "320812"},
         "the record is outside your region"),
        (Role.INSPECTOR, "320812", {"department": None, "region_code": "320812"}, None),
        (Role.ADMIN, "320803", {"department": "320812-ZJJ", "region_code": "320812"}, None),
    ],
)  # fmt: skip
def test_inspectors_sanction_on_records_of_their_region(
    role: Role, org: str, record: dict[str, Any], refusal: str | None
) -> None:
    if refusal is None:
        caller(role, org).check_sanctions(record)
    else:
        with pytest.raises(OutsideScope, match=refusal):
            caller(role, org).check_sanctions(record)


@pytest.mark.parametrize(
    ("role", "org", "refusal"),
    [
        (Role.HANDLER, "320812-ZJJ", None),
        (Role.HANDLER, "320803-ZJJ", "a handler sees its own department only"),
        (Role.PETITION_OFFICE, "320812", None),
        (Role.LEADER, "320803", "the department is outside your region"),
        (Role.INSPECTOR, "320800", None),
        (Role.AUDITOR, "320803", None),
    ],
)
def test_who_reads_a_departments_view(role: Role, org: str, refusal: str | None) -> None:
    if refusal is None:
        caller(role, org).check_reads_department("320812-ZJJ")
    else:
        with pytest.raises(OutsideScope, match=refusal) as refused:
            caller(role, org).check_reads_department("320812-ZJJ")
        assert refused.value.status == 403


RECORD = {"department": "320812-ZJJ", "region_code": "320812", "kind": "claim"}


@pytest.mark.parametrize(
    ("role", "org", "record", "region", "reads"),
    [
        (Role.HANDLER, "320812-ZJJ", RECORD, None, True),
        (Role.HANDLER, "320812-XFJ", RECORD, None, False),
        (Role.INSPECTOR, "320812", RECORD, None, True),
        (Role.INSPECTOR, "320803", RECORD, None, False),
        (Role.INSPECTOR, "320800", RECORD, "320803", False),
        (Role.AUDITOR, "320803", RECORD, None, True),
        (Role.INSPECTOR, "320812-ZJJ", {**RECORD, "petition_kind": "accusation",
         "accused_org": "320812-ZJJ"}, None, False),
        (Role.INSPECTOR, "320812", {"department": None, "region_code": "320812"}, None, True),
    ],
)  # fmt: skip
def test_who_reads_accountability_records(
    role: Role, org: str, record: dict[str, Any], region: str | None, reads: bool
) -> None:
    assert caller(role, org).reads_record(record, region) is reads


def test_an_unknown_org_is_within_itself_only() -> None:
    who = caller(Role.LEADER, "999999")
    assert who.within("999999", "999999") and not who.within("320812", "999999")
    assert not who.within(None, "999999")


def test_a_case_owner_follows_its_own_cases_only() -> None:
    owner = Caller(Principal(user_id="leader-1", role=Role.CASE_OWNER, org="320812"), TREE)
    assert owner.owner == "leader-1"
    assert owner.follows(case(case_owner="leader-1", region_code="320803"))  # any region
    assert not owner.follows(case(case_owner="leader-2"))
    assert not owner.follows(case(case_owner=None))
    # An accusation against the owner's own county government stays kept from it.
    assert not owner.follows({**AGAINST_GOV, "case_owner": "leader-1"})
    office = caller(Role.PETITION_OFFICE, "320812")
    assert office.owner is None and office.follows(case(case_owner="leader-2"))
    assert not office.follows(
        case(
            case_owner="leader-2",
            region_code="320803",
            department="320803-ZJJ",
            step_org="320803-ZJJ",
        )
    )
