"""Who may see and do what in feedback (DESIGN.md, Security; shared.auth conventions).

A petition office, leader or inspector carries a region code and sees that region's subtree
(departments in it included); a handler its own department only; auditors and admins all.
"""

from __future__ import annotations

from services.feedback.domain.orgs import region_subtree
from shared.auth.roles import Principal, Role
from shared.refdata import OrgTree

EVERYTHING = frozenset({Role.ADMIN, Role.AUDITOR})
SUBTREE = frozenset({Role.PETITION_OFFICE, Role.LEADER, Role.INSPECTOR})


def may_see(principal: Principal, org: str, tree: OrgTree) -> bool:
    """May see figures or records of ``org`` (a region or a department code)."""
    if principal.role in EVERYTHING:
        return True
    if principal.role is Role.HANDLER:
        return org == principal.org
    if principal.role in SUBTREE:
        return tree.is_within(org, tree.home_region(principal.org))
    return False


def visible_regions(principal: Principal, tree: OrgTree) -> set[str] | None:
    """The region codes whose records the principal may see; None: all of them."""
    if principal.role in EVERYTHING:
        return None
    if principal.role in SUBTREE:
        return region_subtree(tree, principal.org)
    return set()
