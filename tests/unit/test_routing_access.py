"""Who sees which queue and which routing case, and what of an accusation: tables over the
packaged reference data (no database, no broker)."""

from __future__ import annotations

from typing import Any

import pytest

from services.routing.domain.access import (
    case_kept_from,
    may_read_case,
    may_read_queue,
    queue_item,
    visible_departments,
)
from shared.auth.roles import Principal, Role
from shared.refdata import load_refdata

DATA = load_refdata()
COUNTY_BUREAU, CITY_BUREAU, TOWN_GOV = "320812-ZJJ", "320800-ZJJ", "320812001-GOV"
OTHER_COUNTY_BUREAU = next(d for d in DATA.departments if d.startswith("320831-"))


def who(role: Role, org: str) -> Principal:
    return Principal(user_id=f"u-{role}", role=role, org=org)


@pytest.mark.parametrize(
    ("principal", "department", "allowed"),
    [
        (who(Role.ADMIN, "320800"), COUNTY_BUREAU, True),
        (who(Role.AUDITOR, "320812"), CITY_BUREAU, True),  # auditors see every queue
        (who(Role.HANDLER, COUNTY_BUREAU), COUNTY_BUREAU, True),
        (who(Role.HANDLER, COUNTY_BUREAU), CITY_BUREAU, False),  # a handler: its own only
        (who(Role.PETITION_OFFICE, "320812"), COUNTY_BUREAU, True),
        (who(Role.PETITION_OFFICE, "320812"), TOWN_GOV, True),  # the subtree, all of it
        (who(Role.PETITION_OFFICE, "320812"), CITY_BUREAU, False),  # not above it
        (who(Role.PETITION_OFFICE, "320812"), OTHER_COUNTY_BUREAU, False),  # nor beside it
        (who(Role.PETITION_OFFICE, "320812-XFJ"), COUNTY_BUREAU, True),  # its department code
        (who(Role.PETITION_OFFICE, "320800"), OTHER_COUNTY_BUREAU, True),
        (who(Role.LEADER, "320812"), TOWN_GOV, True),
        (who(Role.LEADER, "320812"), CITY_BUREAU, False),
        (who(Role.PETITION_OFFICE, "320800"), "NOPE", False),  # unknown: nobody's subtree
        (who(Role.REGISTRAR, "320812-XFJ"), COUNTY_BUREAU, False),  # not a queue reader
    ],
)
def test_may_read_queue(principal: Principal, department: str, allowed: bool) -> None:
    assert may_read_queue(principal, department, DATA) is allowed


def test_visible_departments_keeps_the_order_given() -> None:
    office = who(Role.PETITION_OFFICE, "320812")
    given = [TOWN_GOV, CITY_BUREAU, COUNTY_BUREAU]
    assert visible_departments(office, given, DATA) == [TOWN_GOV, COUNTY_BUREAU]


@pytest.mark.parametrize(
    ("principal", "hidden", "not_hidden"),
    [
        (who(Role.HANDLER, COUNTY_BUREAU), {COUNTY_BUREAU, "320812", "320800"}, {CITY_BUREAU}),
        # a township government's accused scope is its whole township
        (who(Role.HANDLER, "320812001"), {TOWN_GOV, "320812001"}, {COUNTY_BUREAU}),
        (who(Role.AUDITOR, COUNTY_BUREAU), set(), {COUNTY_BUREAU}),  # auditors: nothing hidden
    ],
)
def test_hidden_from(principal: Principal, hidden: set[str], not_hidden: set[str]) -> None:
    found = DATA.org_tree.hidden_from(principal)
    assert hidden <= found
    assert not (not_hidden & found)
    if not hidden:
        assert found == frozenset()


def case(kind: str = "accusation", accused: str | None = COUNTY_BUREAU) -> dict[str, Any]:
    return {"region_code": "320812001001", "kind": kind, "accused_org": accused}


@pytest.mark.parametrize(
    ("principal", "row", "kept"),
    [
        (who(Role.HANDLER, COUNTY_BUREAU), case(), True),  # the accused unit itself
        (who(Role.PETITION_OFFICE, "320812"), case(accused=TOWN_GOV), False),  # above it
        (who(Role.LEADER, "320812001"), case(accused=TOWN_GOV), True),  # in the township
        (who(Role.AUDITOR, COUNTY_BUREAU), case(), False),  # knows it exists (whole log)
        (who(Role.HANDLER, COUNTY_BUREAU), case(kind="claim"), False),  # not an accusation
        (who(Role.HANDLER, COUNTY_BUREAU), case(accused=None), False),
        (who(Role.HANDLER, CITY_BUREAU), case(), False),
    ],
)
def test_case_kept_from(principal: Principal, row: dict[str, Any], kept: bool) -> None:
    assert case_kept_from(principal, row, DATA) is kept


@pytest.mark.parametrize(
    ("principal", "region", "allowed"),
    [
        (who(Role.PETITION_OFFICE, "320812"), "320812001001", True),
        (who(Role.PETITION_OFFICE, "320812-XFJ"), "320812001001", True),
        (who(Role.PETITION_OFFICE, "320812"), "320831", False),
        (who(Role.PETITION_OFFICE, "320812"), "320800", False),  # above its region
        (who(Role.LEADER, "320800"), "320831", True),
        (who(Role.AUDITOR, "320812"), "320831", True),  # an auditor is not held to a region
    ],
)
def test_may_read_case(principal: Principal, region: str, allowed: bool) -> None:
    assert may_read_case(principal, region, DATA) is allowed


@pytest.mark.parametrize(
    ("principal", "kind", "masked"),
    [
        (who(Role.AUDITOR, COUNTY_BUREAU), "accusation", True),  # of the accused unit
        (who(Role.AUDITOR, "320800"), "accusation", False),  # above it
        (who(Role.AUDITOR, COUNTY_BUREAU), "claim", False),
    ],
)
def test_queue_item(principal: Principal, kind: str, masked: bool) -> None:
    row = {
        "kind": kind,
        "accused_org": COUNTY_BUREAU,
        "title": "标题",
        "tracking_code": "HA-1",
        "current": True,
    }
    item = queue_item(row, principal, DATA)
    assert "current" not in item and row["current"] is True  # a copy, the row untouched
    expected = (None, None) if masked else ("标题", "HA-1")
    assert (item["title"], item["tracking_code"]) == expected
