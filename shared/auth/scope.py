"""Org-scope rules (issue 3, item 5) as pure functions over a principal and a petition's facts.

The region/department tree is a parameter, ``is_within(org, root) -> bool``: true when
``org`` is ``root`` or lies under it, a department lying under the region it belongs to.
``ParentTree`` builds one from a code -> parent mapping; intake builds it from its reference
data (regions, then departments under their region). Every rule also treats ``org == root``
as within, so a tree that does not know a code can never widen what the accused unit sees.

The rules:

- ``admin``: everything. ``auditor``: reads everything, acts on nothing.
- ``petition_office``: reads and acts on petitions in its region's subtree (``in_region``:
  the matter's region, the receiving org or the assigned department lies within it).
- ``leader``: reads in its region's subtree. ``inspector``: reads *overdue* petitions there,
  and accountability records (``can_read_accountability``).
- ``handler``: reads and acts only on petitions assigned to its own department.
- ``case_owner`` (包案): reads and acts on the petitions it owns (by user id).
- ``registrar``: registers at its own org (``can_register``) and reads what was received there.
- 检举控告类 (Art. 30/45): the petitioner block and the content never reach the accused unit:
  ``may_see_accusation_details`` is False for anyone whose org is the accused unit or within
  it, whatever the role; such a principal cannot act on the petition either, and an
  accusation must not be assigned or forwarded there (``may_receive_accusation``).

``read_filter(principal)`` states the same read rule as a filter a search query can apply;
``can_read`` is defined by it, so one-petition reads and searches agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from shared.auth.roles import Principal, Role

IsWithin = Callable[[str, str], bool]

# Roles that may see the petitioner block (DESIGN.md: "shown only to roles that need it").
# Inspectors and auditors check process and deadlines, not people.
PETITIONER_DATA_ROLES = frozenset(
    {
        Role.REGISTRAR,
        Role.HANDLER,
        Role.PETITION_OFFICE,
        Role.CASE_OWNER,
        Role.LEADER,
        Role.ADMIN,
    }
)


class ParentTree:
    """``is_within`` over a code -> parent mapping (``None`` for the root)."""

    def __init__(self, parents: Mapping[str, str | None]) -> None:
        self._parents = dict(parents)
        self._subtrees: dict[str, frozenset[str]] = {}

    def ancestors(self, org: str) -> list[str]:
        """``org`` and everything above it, nearest first (``[org]`` if unknown)."""
        chain = [org]
        seen = {org}
        code = self._parents.get(org)
        while code is not None and code not in seen:
            chain.append(code)
            seen.add(code)
            code = self._parents.get(code)
        return chain

    def is_within(self, org: str, root: str) -> bool:
        return org == root or root in self.ancestors(org)

    def subtree(self, root: str) -> frozenset[str]:
        """Every known code within ``root``, and ``root`` itself: ``is_within`` as a set, for
        filters a database applies (``code IN (...)``)."""
        found = self._subtrees.get(root)
        if found is None:
            found = frozenset({root, *(c for c in self._parents if self.is_within(c, root))})
            self._subtrees[root] = found
        return found

    __call__ = is_within


@dataclass(frozen=True, slots=True)
class PetitionFacts:
    """What the scope rules need to know of one petition."""

    region: str  # the region of the matter
    receiving_org: str  # where it was registered
    assigned_department: str | None = None  # the department currently handling it
    case_owner: str | None = None  # user id of the 包案 case owner
    overdue: bool = False
    accusation: bool = False  # 检举控告类
    accused_org: str | None = None  # the accused unit named at registration


def _within(org: str | None, root: str, is_within: IsWithin) -> bool:
    return org is not None and (org == root or is_within(org, root))


def in_region(petition: PetitionFacts, root: str, is_within: IsWithin) -> bool:
    """The petition concerns the subtree of ``root``: by the matter's region, the receiving
    org or the assigned department."""
    return (
        _within(petition.region, root, is_within)
        or _within(petition.receiving_org, root, is_within)
        or _within(petition.assigned_department, root, is_within)
    )


@dataclass(frozen=True, slots=True)
class ReadFilter:
    """Which petitions a principal may read, as conditions all of which must hold. A search
    applies the same conditions in its query; ``subtree`` means ``in_region(p, subtree)``."""

    everything: bool = False
    nothing: bool = False
    subtree: str | None = None
    department: str | None = None
    receiving_org: str | None = None
    case_owner: str | None = None
    overdue_only: bool = False

    def matches(self, petition: PetitionFacts, is_within: IsWithin) -> bool:
        if self.nothing:
            return False
        if self.everything:
            return True
        if self.subtree is not None and not in_region(petition, self.subtree, is_within):
            return False
        if self.department is not None and petition.assigned_department != self.department:
            return False
        if self.receiving_org is not None and petition.receiving_org != self.receiving_org:
            return False
        if self.case_owner is not None and petition.case_owner != self.case_owner:
            return False
        return not (self.overdue_only and not petition.overdue)


def read_filter(principal: Principal) -> ReadFilter:
    match principal.role:
        case Role.ADMIN | Role.AUDITOR:
            return ReadFilter(everything=True)
        case Role.PETITION_OFFICE | Role.LEADER:
            return ReadFilter(subtree=principal.org)
        case Role.INSPECTOR:
            return ReadFilter(subtree=principal.org, overdue_only=True)
        case Role.HANDLER:
            return ReadFilter(department=principal.org)
        case Role.CASE_OWNER:
            return ReadFilter(case_owner=principal.user_id)
        case Role.REGISTRAR:
            return ReadFilter(receiving_org=principal.org)
    return ReadFilter(nothing=True)  # pragma: no cover - every role is matched above


def can_read(principal: Principal, petition: PetitionFacts, is_within: IsWithin) -> bool:
    """May see the petition at all (status, dates, category). Whether the content and the
    petitioner block are shown is ``may_see_content`` / ``may_see_petitioner``."""
    return read_filter(principal).matches(petition, is_within)


def can_register(principal: Principal, receiving_org: str, is_within: IsWithin) -> bool:
    """May register a petition received at ``receiving_org``."""
    match principal.role:
        case Role.ADMIN:
            return True
        case Role.REGISTRAR:
            return receiving_org == principal.org
        case Role.PETITION_OFFICE:
            return _within(receiving_org, principal.org, is_within)
    return False


def can_act(principal: Principal, petition: PetitionFacts, is_within: IsWithin) -> bool:
    """May issue commands on an existing petition (assign, accept, reply, extend...). The
    service still checks which commands each role may issue (``require_roles``)."""
    if not _accusation_ok(principal, petition, is_within):
        return False
    match principal.role:
        case Role.ADMIN:
            return True
        case Role.PETITION_OFFICE:
            return in_region(petition, principal.org, is_within)
        case Role.HANDLER:
            return petition.assigned_department == principal.org
        case Role.CASE_OWNER:
            return petition.case_owner == principal.user_id
    return False


def can_read_accountability(principal: Principal, org: str, is_within: IsWithin) -> bool:
    """May read accountability records (问责) concerning ``org``: an inspector within its
    region's subtree; auditors and admins everywhere."""
    match principal.role:
        case Role.ADMIN | Role.AUDITOR:
            return True
        case Role.INSPECTOR:
            return _within(org, principal.org, is_within)
    return False


def may_receive_accusation(org: str, accused_org: str | None, is_within: IsWithin) -> bool:
    """An accusation may be assigned or forwarded to ``org``: not to the accused unit nor
    anything within it."""
    return accused_org is None or not _within(org, accused_org, is_within)


def may_see_accusation_details(
    principal: Principal, accused_org: str | None, is_within: IsWithin
) -> bool:
    """False for anyone whose org is the accused unit or within it (Art. 30/45), whatever
    the role: the petitioner block and the content must never reach the accused unit."""
    return may_receive_accusation(principal.org, accused_org, is_within)


def _accusation_ok(principal: Principal, petition: PetitionFacts, is_within: IsWithin) -> bool:
    return not petition.accusation or may_see_accusation_details(
        principal, petition.accused_org, is_within
    )


def may_see_content(principal: Principal, petition: PetitionFacts, is_within: IsWithin) -> bool:
    """May see the petition's content (and attachments): can read it, and is not the accused
    unit of an accusation."""
    return can_read(principal, petition, is_within) and _accusation_ok(
        principal, petition, is_within
    )


def may_see_petitioner(principal: Principal, petition: PetitionFacts, is_within: IsWithin) -> bool:
    """May see the petitioner block (name, ID number, phone, address)."""
    return principal.role in PETITIONER_DATA_ROLES and may_see_content(
        principal, petition, is_within
    )
