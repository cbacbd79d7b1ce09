"""What the HTTP API needs, built once at startup: database, topics, clock, settings, and the
org tree the scope rules walk (regions, then departments under their region)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from shared.auth.roles import Principal
from shared.auth.scope import (
    PetitionFacts,
    kept_from,
    may_see_accusation_details,
    shielded_org,
)
from shared.clock import Clock
from shared.refdata import OrgTree, load_refdata
from shared.runtime.topics import Topics

if TYPE_CHECKING:
    from services.supervision.main import Settings


@cache
def org_tree() -> OrgTree:
    return load_refdata().org_tree


@dataclass(frozen=True)
class ApiContext:
    engine: Engine
    topics: Topics
    clock: Clock
    settings: Settings
    tree: OrgTree = field(default_factory=org_tree)

    def within(self, org: str | None, root: str) -> bool:
        return org is not None and self.tree.is_within(org, root)

    def kept(self, principal: Principal, case: Mapping[str, Any]) -> bool:
        """The case (a row with ``kind``, or ``petition_kind`` where joined to an action's
        row, and ``accused_org``) is kept from ``principal``."""
        facts = PetitionFacts(
            region=case.get("region_code") or "",
            receiving_org=case.get("receiving_org") or "",
            accusation=case.get("petition_kind", case.get("kind")) == "accusation",
            accused_org=case.get("accused_org"),
        )
        return kept_from(principal, facts, self.tree)

    def shown(self, principal: Principal, case: dict[str, Any]) -> dict[str, Any]:
        """A case row as ``principal`` reads it: an auditor of the accused unit gets no
        tracking code of an accusation (it opens the public page with the reply)."""
        accusation = case.get("petition_kind", case.get("kind")) == "accusation"
        if accusation and not may_see_accusation_details(
            principal, case.get("accused_org"), self.tree
        ):
            return {**case, "tracking_code": None}
        return case

    def hidden(self, principal: Principal) -> frozenset[str]:
        """``kept`` as the set of accused units a SQL filter leaves out."""
        org = shielded_org(principal)
        return frozenset() if org is None else self.tree.accused_units_over(org)
