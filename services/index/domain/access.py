"""Who may read which scorecards and act on which regions (DESIGN.md, Security).

A leader, petition office or inspector carries a region code and sees that region's subtree:
a county leader its county, a city leader everything. Auditors and admins see everything.
A department's scorecard belongs to the department's region.
"""

from __future__ import annotations

from services.index.domain.errors import OutsideOrg, Refused
from shared.auth.roles import Principal, Role
from shared.refdata import OrgTree

_EVERYTHING = {Role.ADMIN, Role.AUDITOR}
_SUBTREE = {Role.LEADER, Role.PETITION_OFFICE, Role.INSPECTOR}


def may_read(principal: Principal, subject: str, tree: OrgTree) -> bool:
    if principal.role in _EVERYTHING:
        return True
    if principal.role in _SUBTREE:
        return tree.is_within(subject, tree.home_region(principal.org))
    return False


def may_act(principal: Principal, region: str, tree: OrgTree) -> bool:
    """Register disputes, score qualitative factors: the petition office of the region (or
    above it), or an admin."""
    if principal.role is Role.ADMIN:
        return True
    if principal.role is Role.PETITION_OFFICE:
        return tree.is_within(region, tree.home_region(principal.org))
    return False


def ensure_may_read(principal: Principal, subject: str, tree: OrgTree) -> None:
    if not may_read(principal, subject, tree):
        raise OutsideOrg(subject)


def ensure_may_act(principal: Principal, region: str, tree: OrgTree) -> None:
    """A known region, and the caller's to act on (the unknown region is refused first)."""
    if not tree.is_region(region):
        raise Refused(f"unknown region {region!r}", zh="没有这个地区")
    if not may_act(principal, region, tree):
        raise OutsideOrg(region)
