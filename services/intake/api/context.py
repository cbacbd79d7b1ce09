"""What intake's routes share, built once at start-up (``main.build_parts``)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from services.intake.domain import Context
from services.intake.settings import IntakeSettings, build_context
from shared.clock import Clock, SystemClock
from shared.eventstore import EventStore
from shared.refdata import OrgTree, ReferenceData, load_refdata
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

    @property
    def tree(self) -> OrgTree:
        return self.refdata.org_tree


def build_api_context(
    settings: IntakeSettings, engine: Engine, topics: Topics, *, clock: Clock | None = None
) -> ApiContext:
    zone = ZoneInfo(settings.timezone)
    clock = clock or SystemClock(zone)
    refdata = load_refdata(settings.refdata_dir)
    return ApiContext(
        settings=settings,
        engine=engine,
        refdata=refdata,
        rules=build_context(settings, clock.today(), refdata),
        topics=topics,
        store=EventStore(engine, topics.petition_events),
        clock=clock,
        zone=zone,
    )
