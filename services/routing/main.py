"""Routing's wiring, in one place at startup (shared/service/app.py explains the shape)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import Engine

from services.routing.api import make_routers
from services.routing.api.context import ApiContext
from services.routing.application.rulefile import load_file
from services.routing.application.rulestore import RuleStore
from services.routing.projections.decisions import Decisions
from services.routing.projections.queues import Queues
from services.routing.settings import Settings, load_settings
from shared.clock import SystemClock
from shared.consumer import ProjectionRunner, subscribe
from shared.eventstore import make_engine
from shared.refdata import load_refdata
from shared.runtime.topics import Topics
from shared.schemas.commands import CommandMessage
from shared.service.app import ServiceParts, make_broker, make_relay, make_runner, run_service
from shared.service.asyncapi import declare_outbox_topic
from shared.settings import KafkaSettings

NAME = "routing"
MIGRATIONS = Path(__file__).with_name("migrations")


def build_runners(settings: Settings, engine: Engine) -> list[ProjectionRunner]:
    """The read models ``sunshine rebuild routing`` replays: the work queues only (the
    decision consumer sends commands; replaying it would send them again)."""
    topics = Topics.of()
    return [make_runner(NAME, Queues(load_refdata(settings.refdata_dir), topics), engine, topics)]


def build_parts(settings: Settings) -> ServiceParts:
    kafka = KafkaSettings()
    topics = Topics.of(kafka)
    engine = make_engine(settings.database_url)
    data = load_refdata(settings.refdata_dir)
    store = RuleStore(data, load_file(settings.rules_file))
    store.validate(store.seed)  # a bad seed file stops the start, naming its problems
    broker = make_broker(NAME, kafka, graceful_timeout=settings.shutdown_timeout_s)
    runners = [
        make_runner(NAME, Queues(data, topics), engine, topics),
        make_runner(NAME, Decisions(data, store, topics), engine, topics),
    ]
    for runner in runners:
        subscribe(broker, runner, batch_size=settings.consumer_batch_size)
    declare_outbox_topic(
        broker,
        topics.petition_commands,
        CommandMessage,
        "Assignments and case owners routing asks intake to record. Key: the petition id.",
    )
    relay = make_relay(NAME, engine, kafka, settings)
    today = SystemClock.of(settings.timezone).today
    api = ApiContext(engine, data, store, today, settings.due_soon_days)

    async def seed() -> None:
        await asyncio.to_thread(store.ensure_seeded, engine)

    return ServiceParts(
        name=NAME,
        settings=settings,
        engine=engine,
        broker=broker,
        relay=relay,
        runners=runners,
        routers=make_routers(api),
        migrations=MIGRATIONS,
        on_startup=[seed],
    )


def main() -> None:
    run_service(NAME, load_settings, build_parts)
