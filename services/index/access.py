"""Who may read which scorecards and act on which regions (DESIGN.md, Security).

A leader, petition office or inspector carries a region code and sees that region's subtree:
a county leader its county, a city leader everything. Auditors and admins see everything.
A department's scorecard belongs to the department's region.
"""

from __future__ import annotations

from services.index.refs import Refs
from shared.auth.roles import Principal, Role

_EVERYTHING = {Role.ADMIN, Role.AUDITOR}
_SUBTREE = {Role.LEADER, Role.PETITION_OFFICE, Role.INSPECTOR}


def may_read(principal: Principal, subject: str, refs: Refs) -> bool:
    if principal.role in _EVERYTHING:
        return True
    if principal.role in _SUBTREE:
        root = refs.department_region(principal.org) or principal.org
        return refs.within(subject, root)
    return False


def may_act(principal: Principal, region: str, refs: Refs) -> bool:
    """Register disputes, score qualitative factors: the petition office of the region (or
    above it), or an admin."""
    if principal.role is Role.ADMIN:
        return True
    if principal.role is Role.PETITION_OFFICE:
        root = refs.department_region(principal.org) or principal.org
        return refs.within(region, root)
    return False
