"""Org-scope rules (issue 3, item 5) as pure functions over a principal and a petition's facts.

The region/department tree is a parameter, a ``ScopeTree``: ``is_within(org, root)`` is true
when ``org`` is ``root`` or lies under it, a department lying under the region it belongs to;
``governed_region(org)`` names the region ``org`` is the government or party committee of
(reference data marks those departments), else None. Every service passes the one tree of
the reference data, ``shared.refdata.OrgTree``. Every rule also
treats ``org == root`` as within, so a tree that does not know a code can never widen what the
accused unit sees.

The rules:

- ``admin``: everything. ``auditor``: reads everything, acts on nothing.
- ``petition_office``: reads and acts on petitions in its region's subtree (``in_region``:
  the matter's region, the receiving org or the assigned department lies within it).
- ``leader``: reads in its region's subtree. ``inspector``: reads *overdue* petitions there,
  and accountability records (``can_read_accountability``).
- ``handler``: reads and acts only on petitions assigned to its own department.
- ``case_owner`` (包案): reads and acts on the petitions it owns (by user id).
- ``registrar``: registers at its own org (``can_register``) and reads what was received there.
- 检举控告类 (Art. 30/45), the one rule every service calls: ``in_accused_scope`` says who is
  of the accused unit: the unit, every org within it and, where the unit is a region's
  government or party committee, that whole region (its leaders, petition office, case
  owners and every org below). For them (``kept_from``) the accusation does not exist: not in
  a read, a list, a search, a count, a queue or a notice, and a one-petition read answers as
  for an absent petition. They cannot act on it, and it is never assigned or forwarded to
  them (``may_receive_accusation``). The unit's superiors read it as any petition, the
  inspectors (纪检) above the unit included; an inspector of the accused unit is of it, and
  kept out like everyone there. One role is exempt from ``kept_from``: the auditor, who traces
  responsibility over the whole log, sees that it exists, but, if of the accused unit, never
  its content (``may_see_accusation_details``).
- Figures: those worked out per request from the rows a reader may see (queue counts, light
  tallies, supervision's rates) leave a petition out for whoever it is kept from, exactly like
  the list they summarise: a count its list does not match tells the accused unit what the
  list hides. Those that are one figure per region for every reader (the index's scorecards,
  feedback's satisfaction tallies and ranks) count an accusation under ``reporting_region``,
  the nearest region above the accused scope: the accused region's own figures never hold it
  for anyone, and every superior's roll-up is what it would have been.

``read_filter(principal)`` states the same read rule as a filter a search query can apply;
``can_read`` is defined by it, so one-petition reads and searches agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

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


class ScopeTree(Protocol):
    """What the rules need of the org tree (``shared.refdata.OrgTree`` is the one every
    service uses; tests may pass a smaller one)."""

    def is_within(self, org: str, root: str) -> bool: ...

    def governed_region(self, org: str) -> str | None: ...


class Party(Protocol):
    """Whoever reads or acts: a ``Principal`` over HTTP, an event's ``Actor`` on a topic."""

    @property
    def role(self) -> str: ...

    @property
    def org(self) -> str: ...


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


# -- accuser confidentiality (Art. 30/45): the one rule --------------------------------------


def in_accused_scope(org: str, accused_org: str | None, tree: ScopeTree) -> bool:
    """``org`` is of the accused unit: the unit itself or within it, or, where the unit is a
    region's government or party committee, anywhere in that region."""
    if accused_org is None:
        return False
    if _within(org, accused_org, tree.is_within):
        return True
    region = tree.governed_region(accused_org)
    return region is not None and _within(org, region, tree.is_within)


def accused_units_over(org: str, candidates: Iterable[str], tree: ScopeTree) -> frozenset[str]:
    """Every accused unit among ``candidates`` (and ``org`` itself) whose scope takes in
    ``org``: ``in_accused_scope`` as the set a database filter needs (``accused_org IN``).
    ``candidates`` are the codes the tree knows; a code it does not know is only ever its own
    scope, which ``org`` itself covers."""
    return frozenset(a for a in {*candidates, org} if in_accused_scope(org, a, tree))


def reporting_region(
    ancestors: Iterable[str], accused_org: str | None, tree: ScopeTree
) -> str | None:
    """Where a region-keyed figure of an accusation is filed: the nearest of ``ancestors``
    (the matter's region and everything above it, nearest first) outside the accused scope;
    None when the scope takes in the whole chain (nobody but the exempt may count it)."""
    return next((r for r in ancestors if not in_accused_scope(r, accused_org, tree)), None)


def may_receive_accusation(org: str, accused_org: str | None, tree: ScopeTree) -> bool:
    """An accusation may be assigned or forwarded to ``org``: not to anyone of the accused
    unit."""
    return not in_accused_scope(org, accused_org, tree)


def may_see_accusation_details(who: Party, accused_org: str | None, tree: ScopeTree) -> bool:
    """May read an accusation's content, attachments and (role permitting) petitioner: not if
    of the accused unit, whatever the role: its own inspectors too (Art. 30: nobody of the
    accused unit), those above it read it as their role allows."""
    return not in_accused_scope(who.org, accused_org, tree)


def kept_from(who: Party, petition: PetitionFacts, tree: ScopeTree) -> bool:
    """``who`` must not learn that this petition exists (an accusation, and ``who`` is of the
    accused unit). The auditor alone still sees it exists: the log it traces must be whole."""
    return (
        petition.accusation
        and who.role != Role.AUDITOR
        and not may_see_accusation_details(who, petition.accused_org, tree)
    )


def shielded_org(principal: Principal) -> str | None:
    """The org whose accused scope hides accusations from ``principal`` (``kept_from`` as a
    filter field); None for the roles ``kept_from`` never hides anything from."""
    return None if principal.role is Role.AUDITOR else principal.org


# -- reading and acting --------------------------------------------------------------------


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
    applies the same conditions in its query; ``subtree`` means ``in_region(p, subtree)``;
    ``shielded`` hides every accusation whose accused scope takes in that org."""

    everything: bool = False
    nothing: bool = False
    subtree: str | None = None
    department: str | None = None
    receiving_org: str | None = None
    case_owner: str | None = None
    overdue_only: bool = False
    shielded: str | None = None

    def matches(self, petition: PetitionFacts, tree: ScopeTree) -> bool:
        if self.nothing:
            return False
        if (
            self.shielded is not None
            and petition.accusation
            and in_accused_scope(self.shielded, petition.accused_org, tree)
        ):
            return False
        if self.everything:
            return True
        if self.subtree is not None and not in_region(petition, self.subtree, tree.is_within):
            return False
        if self.department is not None and petition.assigned_department != self.department:
            return False
        if self.receiving_org is not None and petition.receiving_org != self.receiving_org:
            return False
        if self.case_owner is not None and petition.case_owner != self.case_owner:
            return False
        return not (self.overdue_only and not petition.overdue)


def read_filter(principal: Principal) -> ReadFilter:
    shielded = shielded_org(principal)
    match principal.role:
        case Role.ADMIN | Role.AUDITOR:
            return ReadFilter(everything=True, shielded=shielded)
        case Role.PETITION_OFFICE | Role.LEADER:
            return ReadFilter(subtree=principal.org, shielded=shielded)
        case Role.INSPECTOR:
            return ReadFilter(subtree=principal.org, overdue_only=True, shielded=shielded)
        case Role.HANDLER:
            return ReadFilter(department=principal.org, shielded=shielded)
        case Role.CASE_OWNER:
            return ReadFilter(case_owner=principal.user_id, shielded=shielded)
        case Role.REGISTRAR:
            return ReadFilter(receiving_org=principal.org, shielded=shielded)
    return ReadFilter(nothing=True)  # pragma: no cover - every role is matched above


def can_read(principal: Principal, petition: PetitionFacts, tree: ScopeTree) -> bool:
    """May see the petition at all (status, dates, category). Whether the content and the
    petitioner block are shown is ``may_see_content`` / ``may_see_petitioner``."""
    return read_filter(principal).matches(petition, tree)


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


def can_act(principal: Principal, petition: PetitionFacts, tree: ScopeTree) -> bool:
    """May issue commands on an existing petition (assign, accept, reply, extend...). The
    service still checks which commands each role may issue (``require_roles``)."""
    if not _details_ok(principal, petition, tree):
        return False
    match principal.role:
        case Role.ADMIN:
            return True
        case Role.PETITION_OFFICE:
            return in_region(petition, principal.org, tree.is_within)
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


def _details_ok(principal: Principal, petition: PetitionFacts, tree: ScopeTree) -> bool:
    return not petition.accusation or may_see_accusation_details(
        principal, petition.accused_org, tree
    )


def may_see_content(principal: Principal, petition: PetitionFacts, tree: ScopeTree) -> bool:
    """May see the petition's content (and attachments): can read it, and is not of the
    accused unit of an accusation."""
    return can_read(principal, petition, tree) and _details_ok(principal, petition, tree)


def may_see_petitioner(principal: Principal, petition: PetitionFacts, tree: ScopeTree) -> bool:
    """May see the petitioner block (name, ID number, phone, address)."""
    return principal.role in PETITIONER_DATA_ROLES and may_see_content(principal, petition, tree)
