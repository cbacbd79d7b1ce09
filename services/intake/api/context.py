"""What intake's routes share, built once at start-up (``main.build_parts``)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from services.intake.application.portal import Portal
from services.intake.domain import Context
from services.intake.settings import IntakeSettings
from shared.clock import Clock
from shared.eventstore import EventStore
from shared.refdata import OrgTree, ReferenceData
from shared.runtime.topics import Topics


@dataclass(frozen=True)
class ApiContext:
    settings: IntakeSettings
    engine: Engine
    refdata: ReferenceData
    # The domain's context as of start-up; each use case dates it (``handling.dated``).
    rules: Context
    topics: Topics
    store: EventStore
    clock: Clock
    zone: ZoneInfo
    # The public portal's use cases: codes, attachments, submissions.
    portal: Portal

    @property
    def tree(self) -> OrgTree:
        return self.refdata.org_tree
