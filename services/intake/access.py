"""Who may do what on which petition: shared.auth's scope rules over intake's reference data.

The org tree: regions under their parents, departments under the region they belong to, so
a petition office of a county is "over" that county's departments and townships.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from services.intake.readmodel.rows import Row
from shared.auth import Principal, Role
from shared.auth.scope import PetitionFacts, accused_units_over
from shared.refdata import ReferenceData

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


def may_issue(principal: Principal, command: str) -> bool:
    return principal.role is Role.ADMIN or principal.role in COMMAND_ROLES.get(command, ())


def is_overdue(row: Row, today: date) -> bool:
    due = row.get("current_due")
    return due is not None and due < today


class Scope:
    """The org tree of one city's reference data, and the facts the rules read from a row."""

    def __init__(self, ref: ReferenceData) -> None:
        self.tree = ref.org_tree
        self._ref = ref

    def is_within(self, org: str, root: str) -> bool:
        return self.tree.is_within(org, root)

    def governed_region(self, org: str) -> str | None:
        return self.tree.governed_region(org)

    @cache  # noqa: B019 - one Scope per process, one entry per org that reads
    def accused_units_over(self, org: str) -> frozenset[str]:
        """The accused units whose accusations are kept from ``org`` (a search's filter)."""
        return accused_units_over(org, self.tree.codes, self)

    def facts(self, row: Row, today: date) -> PetitionFacts:
        return PetitionFacts(
            region=row["region_code"],
            receiving_org=row["receiving_org"],
            assigned_department=row.get("department"),
            case_owner=row.get("case_owner"),
            overdue=is_overdue(row, today),
            accusation=row["kind"] == "accusation",
            accused_org=row.get("accused_org"),
        )

    @cache  # noqa: B019 - one Scope per process, a few hundred roots at most
    def orgs_within(self, root: str) -> tuple[frozenset[str], frozenset[str]]:
        """(regions, departments) at or under ``root``; a search's subtree filter."""
        regions = frozenset(c for c in self._ref.regions if self.is_within(c, root))
        depts = frozenset(c for c in self._ref.departments if self.is_within(c, root))
        return regions, depts
