"""Everything intake builds once at start-up and its entrypoints share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from services.intake.access import Scope
from services.intake.domain import Context
from services.intake.refdata import ReferenceData, load_refdata
from services.intake.settings import IntakeSettings, build_context
from shared.auth import TokenVerifier
from shared.eventstore import EventStore
from shared.runtime.topics import Topics
from shared.service.settings import KafkaSettings

Clock = Callable[[], date]


def system_today() -> date:
    """The default clock: stands for the city's calendar day (see ``city_today``)."""
    return date.today()


def city_today(timezone: str) -> Clock:
    # The law counts days where the petitioner lives, whatever the host's zone (containers
    # run UTC): the same "today" as routing, supervision, feedback and index.
    zone = ZoneInfo(timezone)
    return lambda: datetime.now(zone).date()


@dataclass
class IntakeRuntime:
    settings: IntakeSettings
    engine: Engine
    refdata: ReferenceData
    context: Context
    scope: Scope
    topics: Topics
    store: EventStore
    verifier: TokenVerifier
    clock: Clock = system_today


def build_runtime(
    settings: IntakeSettings,
    engine: Engine,
    kafka: KafkaSettings,
    *,
    clock: Clock = system_today,
    verifier: TokenVerifier | None = None,
) -> IntakeRuntime:
    if clock is system_today:  # no clock of the caller's: the city's day
        clock = city_today(settings.timezone)
    refdata = load_refdata(settings.refdata_dir)
    topics = Topics(kafka.topic_prefix)
    return IntakeRuntime(
        settings=settings,
        engine=engine,
        refdata=refdata,
        context=build_context(settings, clock(), refdata),
        scope=Scope(refdata),
        topics=topics,
        store=EventStore(engine, topics.petition_events),
        verifier=verifier or TokenVerifier.from_settings(settings),
        clock=clock,
    )
