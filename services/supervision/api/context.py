"""What the HTTP API shares, built once at startup (main.build_parts): the database and
supervision's event stream, the clock, the settings, and the one org tree of the city's
reference data (the scope rules walk it)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine

from services.supervision.domain.access import Caller
from services.supervision.settings import Settings
from shared.auth.roles import Principal
from shared.clock import Clock
from shared.eventstore import EventStore
from shared.refdata import OrgTree
from shared.runtime.topics import Topics


@dataclass(frozen=True)
class ApiContext:
    engine: Engine
    topics: Topics
    clock: Clock
    settings: Settings
    tree: OrgTree

    @cached_property
    def store(self) -> EventStore:
        """Supervision's own streams (``supervision.events``)."""
        return EventStore(self.engine, self.topics.supervision_events)

    def caller(self, principal: Principal) -> Caller:
        return Caller(principal, self.tree)
