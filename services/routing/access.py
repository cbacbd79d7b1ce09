"""Who may see which department's queue (DESIGN.md, Security; shared.auth conventions).

A handler's org is its department: it sees that queue only. A petition office (or a leader)
carries a region code and sees every queue of a department in that region's subtree.
Auditors and admins see every queue.
"""

from __future__ import annotations

from typing import Any

from services.routing.refs import Refs
from shared.auth.roles import Principal, Role
from shared.auth.scope import PetitionFacts, kept_from, shielded_org

_READ_EVERYTHING = {Role.ADMIN, Role.AUDITOR}
_READ_SUBTREE = {Role.PETITION_OFFICE, Role.LEADER}


def may_read_queue(principal: Principal, department: str, refs: Refs) -> bool:
    if principal.role in _READ_EVERYTHING:
        return True
    if principal.role is Role.HANDLER:
        return principal.org == department
    if principal.role in _READ_SUBTREE:
        region = refs.department_region(department)
        # An office token may carry its own department code instead of its region's.
        root = refs.department_region(principal.org) or principal.org
        return region is not None and refs.within(region, root)
    return False


def visible_departments(principal: Principal, departments: list[str], refs: Refs) -> list[str]:
    return [d for d in departments if may_read_queue(principal, d, refs)]


def hidden_from(principal: Principal, refs: Refs) -> frozenset[str]:
    """The accused units whose accusations ``principal`` must not see in a queue or count."""
    org = shielded_org(principal)
    return frozenset() if org is None else refs.accused_units_over(org)


def case_kept_from(principal: Principal, case: dict[str, Any], refs: Refs) -> bool:
    """A routing case (``routing_cases`` row) is one ``principal`` must not learn of."""
    facts = PetitionFacts(
        region=str(case["region_code"]),
        receiving_org="",
        accusation=case["kind"] == "accusation",
        accused_org=case["accused_org"],
    )
    return kept_from(principal, facts, refs)
