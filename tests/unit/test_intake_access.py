"""``domain.access``: which role may issue which command, and what the scope rules read of a
petition's row. Tables of inputs and outcomes; no database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.intake.domain.access import (
    COMMAND_ROLES,
    is_overdue,
    may_issue,
    petition_facts,
)
from shared.auth import Principal, Role
from shared.auth.scope import PetitionFacts

TODAY = date(2026, 3, 2)


def who(role: Role) -> Principal:
    return Principal(user_id="u-1", role=role, org="320831")


@pytest.mark.parametrize(
    ("role", "command", "may"),
    [
        (Role.REGISTRAR, "register", True),
        (Role.PETITION_OFFICE, "register", True),
        (Role.HANDLER, "register", False),
        (Role.PETITION_OFFICE, "assign", True),
        (Role.HANDLER, "assign", False),
        (Role.HANDLER, "return", True),
        (Role.PETITION_OFFICE, "return", False),
        (Role.HANDLER, "reply", True),
        (Role.CASE_OWNER, "reply", True),
        (Role.PETITION_OFFICE, "reply", False),
        (Role.CASE_OWNER, "approve_extension", True),
        (Role.REGISTRAR, "close", False),
        (Role.PETITION_OFFICE, "decide_re_review", True),
        (Role.LEADER, "accept", False),
        (Role.AUDITOR, "withdraw", False),
        (Role.INSPECTOR, "link", False),
        # Admin may issue anything, even a command no table names.
        (Role.ADMIN, "assign", True),
        (Role.ADMIN, "no_such_command", True),
        # A command no table names: nobody else.
        (Role.PETITION_OFFICE, "no_such_command", False),
        # Rating is the petitioner's, through the public route: no staff role issues it.
        (Role.HANDLER, "rate", False),
    ],
)
def test_may_issue(role: Role, command: str, may: bool) -> None:
    assert may_issue(who(role), command) is may


@pytest.mark.parametrize("command", sorted(COMMAND_ROLES))
def test_nobody_but_admin_issues_a_command_outside_its_roles(command: str) -> None:
    for role in Role:
        expected = role is Role.ADMIN or role in COMMAND_ROLES[command]
        assert may_issue(who(role), command) is expected


@pytest.mark.parametrize(
    ("due", "overdue"),
    [
        (None, False),  # nothing waited for: never overdue
        (date(2026, 3, 1), True),
        (TODAY, False),  # due today is not overdue yet
        (date(2026, 3, 3), False),
    ],
)
def test_is_overdue(due: date | None, overdue: bool) -> None:
    assert is_overdue({"current_due": due}, TODAY) is overdue


def test_is_overdue_without_the_column() -> None:
    assert is_overdue({}, TODAY) is False


ROW: dict[str, Any] = {
    "region_code": "320831003002",
    "receiving_org": "320831003-GOV",
    "department": "320831-ZJJ",
    "case_owner": "u-leader",
    "current_due": date(2026, 3, 1),
    "kind": "accusation",
    "accused_org": "320831-ZJJ",
}


@pytest.mark.parametrize(
    ("changes", "facts"),
    [
        (
            {},
            PetitionFacts(
                region="320831003002",
                receiving_org="320831003-GOV",
                assigned_department="320831-ZJJ",
                case_owner="u-leader",
                overdue=True,
                accusation=True,
                accused_org="320831-ZJJ",
            ),
        ),
        (
            {"kind": "claim", "accused_org": None, "current_due": None},
            PetitionFacts(
                region="320831003002",
                receiving_org="320831003-GOV",
                assigned_department="320831-ZJJ",
                case_owner="u-leader",
                overdue=False,
                accusation=False,
                accused_org=None,
            ),
        ),
        (
            {"department": None, "case_owner": None},
            PetitionFacts(
                region="320831003002",
                receiving_org="320831003-GOV",
                assigned_department=None,
                case_owner=None,
                overdue=True,
                accusation=True,
                accused_org="320831-ZJJ",
            ),
        ),
    ],
)
def test_petition_facts(changes: dict[str, Any], facts: PetitionFacts) -> None:
    assert petition_facts(ROW | changes, TODAY) == facts
