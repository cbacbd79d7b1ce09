"""Supervision's wiring, in one place at startup (shared/service/app.py explains the shape)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from faststream.kafka import KafkaBroker
from sqlalchemy import Engine

from services.supervision.api import ApiContext, make_routers
from services.supervision.application.scheduler import Scheduler
from services.supervision.projections.audit import AuditLog
from services.supervision.projections.deadlines import Deadlines
from services.supervision.settings import Settings, load_settings
from shared.clock import Clock, Seen, SystemClock, scheduler_clock
from shared.consumer import CatchUp, ProjectionRunner, subscribe
from shared.eventstore import make_engine
from shared.refdata import load_refdata
from shared.runtime.topics import Topics
from shared.schemas.supervision import OverdueCase
from shared.service.app import ServiceParts, make_broker, make_relay, make_runner, run_service
from shared.service.asyncapi import declare_outbox_topic
from shared.settings import KafkaSettings

# ``load_settings`` is part of the contract the runtime and ``sunshine rebuild`` read here.

NAME = "supervision"
MIGRATIONS = Path(__file__).with_name("migrations")


def build_runners(
    settings: Settings, engine: Engine, seen: Seen | None = None
) -> list[ProjectionRunner]:
    """What ``sunshine rebuild supervision`` replays (the scheduler's signals are kept): the
    deadlines and the audit log."""
    topics = Topics.of()
    projection = Deadlines(topics, revisit_days=settings.revisit_days, seen=seen)
    audit = AuditLog(topics, revisit_days=settings.revisit_days)
    return [make_runner(NAME, p, engine, topics) for p in (projection, audit)]


def declare_overdue_topic(broker: KafkaBroker, topics: Topics) -> None:
    declare_outbox_topic(
        broker,
        topics.overdue,
        OverdueCase,
        "Every missed deadline, once, for discipline inspectors (纪检). Key: the petition id. "
        "Plain JSON (no envelope).",
    )


def build_parts(settings: Settings, clock: Clock | None = None) -> ServiceParts:
    kafka = KafkaSettings()
    topics = Topics.of(kafka)
    engine = make_engine(settings.database_url)
    # In a dated run deadlines pass on the run's days, after the latest petition event.
    zone = ZoneInfo(settings.timezone)
    clock, seen = scheduler_clock(clock or SystemClock(zone), zone, settings.allow_date_override)
    broker = make_broker(NAME, kafka, graceful_timeout=settings.shutdown_timeout_s)
    runners = build_runners(settings, engine, seen)
    caught_up = [
        CatchUp(subscribe(broker, runner, batch_size=settings.consumer_batch_size))
        for runner in runners
    ]
    declare_overdue_topic(broker, topics)
    relay = make_relay(NAME, engine, kafka, settings)

    async def projections_caught_up() -> bool:
        return all([await check() for check in caught_up])

    scheduler = Scheduler(
        engine,
        topics,
        clock,
        settings.rules(),
        interval_s=settings.sweep_interval_s,
        ready=projections_caught_up,
    )
    # The city's own reference data when it has some (SUPERVISION_REFDATA_DIR).
    tree = load_refdata(settings.refdata_dir).org_tree
    api = ApiContext(engine, topics, clock, settings, tree)
    return ServiceParts(
        name=NAME,
        settings=settings,
        engine=engine,
        broker=broker,
        relay=relay,
        runners=runners,
        routers=make_routers(api),
        migrations=MIGRATIONS,
        # Not a readiness check: the lights are worked out from today at each read, so the
        # service serves correctly before its first sweep. That sweep waits for the deadline
        # projection to catch up, and after a crash the rejoin waits out the dead member's
        # session (about 20 s on the embedded broker); readiness need not.
        notes={"first_sweep": scheduler.caught_up},
        on_startup=[scheduler.start],
        on_shutdown=[scheduler.stop],
    )


def main() -> None:
    run_service(NAME, load_settings, build_parts)
