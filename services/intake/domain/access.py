"""Who may do what on which petition: the roles of each command, and the facts of a petition's
row that ``shared.auth.scope``'s rules read (over the one ``OrgTree``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from shared.auth import Principal, Role
from shared.auth.scope import PetitionFacts

R = Role
# Which roles may issue which command (admin always may); then the scope rules apply.
COMMAND_ROLES: dict[str, frozenset[Role]] = {
    "register": frozenset({R.REGISTRAR, R.PETITION_OFFICE}),
    "assign": frozenset({R.PETITION_OFFICE}),
    "return": frozenset({R.HANDLER}),
    "accept": frozenset({R.HANDLER, R.PETITION_OFFICE}),
    "not_accept": frozenset({R.HANDLER, R.PETITION_OFFICE}),
    "record_acceptance_notice": frozenset({R.HANDLER, R.PETITION_OFFICE}),
    "request_extension": frozenset({R.HANDLER, R.CASE_OWNER}),
    # Art. 34: approved by the head of the handling body; the approver is named in the event.
    "approve_extension": frozenset({R.HANDLER, R.PETITION_OFFICE, R.CASE_OWNER}),
    "refuse_extension": frozenset({R.HANDLER, R.PETITION_OFFICE, R.CASE_OWNER}),
    "reply": frozenset({R.HANDLER, R.CASE_OWNER}),
    "close": frozenset({R.HANDLER, R.PETITION_OFFICE, R.CASE_OWNER}),
    "request_review": frozenset({R.PETITION_OFFICE}),
    "decide_review": frozenset({R.PETITION_OFFICE}),
    "request_re_review": frozenset({R.PETITION_OFFICE}),
    "decide_re_review": frozenset({R.PETITION_OFFICE}),
    "withdraw": frozenset({R.PETITION_OFFICE, R.HANDLER}),
    "link": frozenset({R.PETITION_OFFICE}),
    "set_case_owner": frozenset({R.PETITION_OFFICE}),
    "record_revisit_outcome": frozenset({R.PETITION_OFFICE, R.HANDLER, R.CASE_OWNER}),
}

# A petition's row as the read model holds it (``projections.rows.Row``).
Row = Mapping[str, Any]


def may_issue(principal: Principal, command: str) -> bool:
    return principal.role is Role.ADMIN or principal.role in COMMAND_ROLES.get(command, ())


def is_overdue(row: Row, today: date) -> bool:
    due = row.get("current_due")
    return due is not None and due < today


def petition_facts(row: Row, today: date) -> PetitionFacts:
    """What the scope rules read of a petition's row on ``today``."""
    return PetitionFacts(
        region=row["region_code"],
        receiving_org=row["receiving_org"],
        assigned_department=row.get("department"),
        case_owner=row.get("case_owner"),
        overdue=is_overdue(row, today),
        accusation=row["kind"] == "accusation",
        accused_org=row.get("accused_org"),
    )
