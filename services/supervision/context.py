"""What the HTTP API needs, built once at startup: database, topics, clock, settings, and the
org tree the scope rules walk (regions, then departments under their region)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from services.intake.refdata import load_refdata
from shared.auth.scope import ParentTree
from shared.clock import Clock
from shared.runtime.topics import Topics

if TYPE_CHECKING:
    from services.supervision.main import Settings


@cache
def org_tree() -> ParentTree:
    data = load_refdata()
    parents: dict[str, str | None] = {code: r.parent for code, r in data.regions.items()}
    parents.update({code: d.region for code, d in data.departments.items()})
    return ParentTree(parents)


@dataclass(frozen=True)
class ApiContext:
    engine: Engine
    topics: Topics
    clock: Clock
    settings: Settings
    tree: ParentTree = field(default_factory=org_tree)

    def within(self, org: str | None, root: str) -> bool:
        return org is not None and self.tree.is_within(org, root)
