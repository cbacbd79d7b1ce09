"""Everything intake builds once at start-up and its entrypoints share."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from services.intake.access import Scope
from services.intake.domain import Context
from services.intake.settings import IntakeSettings, build_context
from shared.auth import TokenVerifier
from shared.clock import Clock, SystemClock
from shared.eventstore import EventStore
from shared.refdata import ReferenceData, load_refdata
from shared.runtime.topics import Topics
from shared.service.settings import KafkaSettings


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
    clock: Clock
    zone: ZoneInfo


def build_runtime(
    settings: IntakeSettings,
    engine: Engine,
    kafka: KafkaSettings,
    *,
    clock: Clock | None = None,
    verifier: TokenVerifier | None = None,
) -> IntakeRuntime:
    zone = ZoneInfo(settings.timezone)
    clock = clock or SystemClock(zone)
    refdata = load_refdata(settings.refdata_dir)
    topics = Topics(kafka.topic_prefix)
    return IntakeRuntime(
        settings=settings,
        engine=engine,
        refdata=refdata,
        context=build_context(settings, clock.today(), refdata),
        scope=Scope(refdata),
        topics=topics,
        store=EventStore(engine, topics.petition_events),
        verifier=verifier or TokenVerifier.from_settings(settings),
        clock=clock,
        zone=zone,
    )
