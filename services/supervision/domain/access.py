"""Who may see and act on what in supervision, over the one org tree: a case kept from the
accused unit (Art. 30), a watcher's region subtree, a handler's own department, a case owner's
own cases, and who reads accountability records. Rows are plain mappings shaped like
``sv_cases``/``sv_records``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.supervision.domain.errors import OutsideScope
from shared.auth.roles import Principal, Role
from shared.auth.scope import (
    PetitionFacts,
    can_read_accountability,
    kept_from,
    may_see_accusation_details,
)
from shared.refdata import OrgTree

Row = Mapping[str, Any]
_REGIONAL = (Role.PETITION_OFFICE, Role.LEADER, Role.INSPECTOR)


def _accusation(case: Row) -> bool:
    # ``petition_kind`` where a case is joined to an action's or a record's row.
    return case.get("petition_kind", case.get("kind")) == "accusation"


@dataclass(frozen=True)
class Caller:
    """One caller of the API and the org tree its scope is walked in."""

    principal: Principal
    tree: OrgTree

    def within(self, org: str | None, root: str) -> bool:
        return org is not None and self.tree.is_within(org, root)

    def kept(self, case: Row) -> bool:
        """The case (``kind`` or ``petition_kind``, ``accused_org``) is kept from the caller."""
        facts = PetitionFacts(
            region=case.get("region_code") or "",
            receiving_org=case.get("receiving_org") or "",
            accusation=_accusation(case),
            accused_org=case.get("accused_org"),
        )
        return kept_from(self.principal, facts, self.tree)

    def shown(self, case: dict[str, Any]) -> dict[str, Any]:
        """A case row as the caller reads it: an auditor of the accused unit gets no tracking
        code of an accusation (it opens the public page with the reply)."""
        if _accusation(case) and not may_see_accusation_details(
            self.principal, case.get("accused_org"), self.tree
        ):
            return {**case, "tracking_code": None}
        return case

    def hidden(self) -> frozenset[str]:
        """``kept`` as the set of accused units a SQL filter leaves out."""
        return self.tree.hidden_from(self.principal)

    @property
    def everywhere(self) -> bool:
        """Auditors and admins watch every region."""
        return self.principal.role in (Role.ADMIN, Role.AUDITOR)

    def watches(self, row: Row, region: str | None = None) -> bool:
        """A row about the caller's region subtree (auditors and admins: everything), never
        one kept from the caller, and in ``region`` when one is asked for. The rates use it
        too: a figure must agree with the list it sums, or the difference tells the accused
        unit."""
        if self.kept(row):
            return False
        orgs = (row.get("region_code"), row.get("step_org"), row.get("department"))
        if not self.everywhere and not any(self.within(o, self.principal.org) for o in orgs):
            return False
        return region is None or self.within(row.get("region_code"), region)

    @property
    def owner(self) -> str | None:
        """A case owner's user id (包案): it reads the petitions it owns, whatever the org."""
        p = self.principal
        return p.user_id if p.role is Role.CASE_OWNER else None

    def follows(self, row: Row) -> bool:
        """A row the caller follows: a case owner's own cases (never one kept from it),
        everyone else's ``watches``."""
        if self.owner is None:
            return self.watches(row)
        return row.get("case_owner") == self.owner and not self.kept(row)

    def check_acts_on(self, case: Row) -> None:
        """The office acts on petitions of its region: registered, handled or about it."""
        orgs = (case["region_code"], case["receiving_org"], case["department"])
        if self.principal.role is Role.ADMIN:
            return
        if not any(self.within(o, self.principal.org) for o in orgs):
            raise OutsideScope("the petition is outside your region")

    def check_sanctions(self, record: Row) -> None:
        """An inspector sanctions on the records of its region."""
        org = record["department"] or record["region_code"]
        if self.principal.role is not Role.ADMIN and not self.within(org, self.principal.org):
            raise OutsideScope("the record is outside your region")

    def check_reads_department(self, department: str) -> None:
        p = self.principal
        if p.role is Role.HANDLER and p.org != department:
            raise OutsideScope("a handler sees its own department only")
        if p.role in _REGIONAL and not self.within(department, p.org):
            raise OutsideScope("the department is outside your region")

    def reads_record(self, record: Row, region: str | None = None) -> bool:
        """An accountability record the caller may read (and in ``region`` if asked)."""
        if self.principal.role is Role.HANDLER:  # its own department's records only
            mine = record["department"] == self.principal.org
        else:
            org = record["department"] or record["region_code"] or ""
            mine = can_read_accountability(self.principal, org, self.tree.is_within)
        if not mine or self.kept(record):
            return False
        return region is None or self.within(record["region_code"], region)
