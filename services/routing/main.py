"""Routing's wiring, in one place at startup (shared/service/app.py explains the shape)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import FastAPI
from pydantic import Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import Engine

from services.routing.api import ApiContext, make_router
from services.routing.decisions import Decisions
from services.routing.queues import Queues
from services.routing.refs import load_refs
from services.routing.ruleset import DEFAULT_FILE, load_file
from services.routing.rulestore import RuleStore
from shared.clock import SystemClock
from shared.consumer import ProjectionRunner, subscribe
from shared.eventstore import make_engine
from shared.runtime.topics import Topics
from shared.schemas.commands import CommandMessage
from shared.service.app import ServiceParts, create_service_app, make_broker, make_relay, serve
from shared.service.asyncapi import declare_outbox_topic
from shared.service.logging import configure_logging
from shared.service.settings import KafkaSettings, ServiceSettings

NAME = "routing"
MIGRATIONS = Path(__file__).with_name("migrations")


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ROUTING_", extra="ignore")
    port: int = 8002
    # The rule set in force until an admin posts one (then every version is in the database).
    rules_file: Path = DEFAULT_FILE
    due_soon_days: int = Field(default=3, ge=0, le=60)


def load_settings() -> Settings:
    return Settings()


def _topics() -> Topics:
    return Topics(prefix=KafkaSettings().topic_prefix)


def _runner(projection: Queues | Decisions, engine: Engine, topics: Topics) -> ProjectionRunner:
    return ProjectionRunner(projection, engine, service=NAME, dead_letter_topic=topics.dead_letters)


def build_runners(settings: Settings, engine: Engine) -> list[ProjectionRunner]:
    """The read models ``sunshine rebuild routing`` replays: the work queues only (the
    decision consumer sends commands; replaying it would send them again)."""
    topics = _topics()
    return [_runner(Queues(load_refs(settings.refdata_dir), topics), engine, topics)]


def build_parts(settings: Settings) -> ServiceParts:
    kafka = KafkaSettings()
    topics = Topics(prefix=kafka.topic_prefix)
    engine = make_engine(settings.database_url)
    refs = load_refs(settings.refdata_dir)
    store = RuleStore(refs, load_file(settings.rules_file))
    store.validate(store.seed)  # a bad seed file stops the start, naming its problems
    broker = make_broker(NAME, kafka, graceful_timeout=settings.shutdown_timeout_s)
    runners = [
        _runner(Queues(refs, topics), engine, topics),
        _runner(Decisions(refs, store, topics), engine, topics),
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
    api = ApiContext(engine, refs, store, today, settings.due_soon_days)

    async def seed() -> None:
        await asyncio.to_thread(store.ensure_seeded, engine)

    return ServiceParts(
        name=NAME,
        settings=settings,
        engine=engine,
        broker=broker,
        relay=relay,
        runners=runners,
        routers=[make_router(api)],
        migrations=MIGRATIONS,
        on_startup=[seed],
    )


def create_app(parts: ServiceParts) -> FastAPI:
    return create_service_app(parts)


def main() -> None:
    settings = load_settings()
    configure_logging(NAME, settings.log_level)
    serve(create_app(build_parts(settings)), settings)
