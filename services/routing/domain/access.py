"""Who may see which department's queue (DESIGN.md, Security; shared.auth conventions).

A handler's org is its department: it sees that queue only. A petition office (or a leader)
carries a region code and sees every queue of a department in that region's subtree.
Auditors and admins see every queue.
"""

from __future__ import annotations

from typing import Any

from shared.auth.roles import Principal, Role
from shared.auth.scope import PetitionFacts, kept_from, may_see_accusation_details
from shared.refdata import ReferenceData

_READ_EVERYTHING = {Role.ADMIN, Role.AUDITOR}
_READ_SUBTREE = {Role.PETITION_OFFICE, Role.LEADER}


def department_region(data: ReferenceData, org: str) -> str | None:
    """The region of a department; None for anything else (a region code, an unknown org)."""
    dept = data.departments.get(org)
    return dept.region if dept is not None else None


def reading_root(principal: Principal, data: ReferenceData) -> str:
    """The subtree an office or a leader reads: its region, even when its token carries its
    own department code instead of its region's."""
    return department_region(data, principal.org) or principal.org


def may_read_queue(principal: Principal, department: str, data: ReferenceData) -> bool:
    if principal.role in _READ_EVERYTHING:
        return True
    if principal.role is Role.HANDLER:
        return principal.org == department
    if principal.role in _READ_SUBTREE:
        region = department_region(data, department)
        root = reading_root(principal, data)
        return region is not None and data.org_tree.is_within(region, root)
    return False


def visible_departments(
    principal: Principal, departments: list[str], data: ReferenceData
) -> list[str]:
    return [d for d in departments if may_read_queue(principal, d, data)]


def case_kept_from(principal: Principal, case: dict[str, Any], data: ReferenceData) -> bool:
    """A routing case (``routing_cases`` row) is one ``principal`` must not learn of."""
    facts = PetitionFacts(
        region=str(case["region_code"]),
        receiving_org="",
        accusation=case["kind"] == "accusation",
        accused_org=case["accused_org"],
    )
    return kept_from(principal, facts, data.org_tree)


def may_read_case(principal: Principal, region_code: str, data: ReferenceData) -> bool:
    """An office or a leader reads the routing of petitions in its region's subtree only."""
    if principal.role not in _READ_SUBTREE:
        return True
    return data.org_tree.is_within(region_code, reading_root(principal, data))


def queue_item(row: dict[str, Any], principal: Principal, data: ReferenceData) -> dict[str, Any]:
    """A queue row as ``principal`` may see it (without the projection's ``current`` flag)."""
    row = dict(row)
    row.pop("current", None)
    if row["kind"] == "accusation" and not may_see_accusation_details(
        principal, row["accused_org"], data.org_tree
    ):
        # What an auditor of the accused unit sees of it (Art. 30): no title, and no tracking
        # code, which opens the public page with the reply.
        row["title"] = row["tracking_code"] = None
    return row
