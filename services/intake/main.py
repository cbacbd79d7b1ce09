"""Intake's wiring (``shared/service/app.py`` convention): settings, parts, app, main.

Intake is the writer of petition streams: its HTTP routes and its ``petition.commands``
consumer run the same handlers; the relay publishes its outbox (events to
``petition.events``, outcomes to ``petition.command-outcomes``).

Its read model is written in the same transaction as the events, so it has no Kafka
projection to rebuild; ``python -m services.intake rebuild-read-model`` rebuilds the
``petitions`` table from intake's own events table instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from faststream.kafka import KafkaBroker

from services.intake.api import commands, public, reads, search
from services.intake.command_consumer import CommandHandler
from services.intake.runtime import IntakeRuntime, build_runtime
from services.intake.settings import IntakeSettings
from shared.auth.fastapi import install_auth
from shared.clock import Clock
from shared.consumer import ProjectionRunner, subscribe
from shared.eventstore import make_engine
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope
from shared.schemas.commands import CommandOutcome
from shared.service.app import ServiceParts, create_service_app, make_broker, make_relay, serve
from shared.service.asyncapi import declare_outbox_topic
from shared.service.logging import configure_logging
from shared.service.settings import KafkaSettings

NAME = "intake"
MIGRATIONS = Path(__file__).with_name("migrations")

Settings = IntakeSettings


@dataclass
class IntakeParts(ServiceParts):
    """``ServiceParts`` plus what intake's routes share (``app.state.parts.runtime``)."""

    runtime: IntakeRuntime | None = None


def load_settings() -> IntakeSettings:
    return IntakeSettings()


def build_parts(
    settings: IntakeSettings,
    *,
    kafka: KafkaSettings | None = None,
    clock: Clock | None = None,
    with_kafka: bool = True,
) -> IntakeParts:
    """``with_kafka=False`` builds the HTTP side alone (tests of the API need no broker)."""
    kafka = kafka or KafkaSettings()
    engine = make_engine(settings.database_url)
    runtime = build_runtime(settings, engine, kafka, clock=clock)
    parts = IntakeParts(
        name=NAME,
        settings=settings,
        engine=engine,
        routers=[commands.router, reads.router, search.router, public.router],
        migrations=MIGRATIONS,
        runtime=runtime,
    )
    if with_kafka:
        broker = make_broker(NAME, kafka, graceful_timeout=settings.shutdown_timeout_s)
        runner = ProjectionRunner(
            CommandHandler(runtime),
            engine,
            service=NAME,
            dead_letter_topic=runtime.topics.dead_letters,
        )
        subscribe(broker, runner, batch_size=settings.consumer_batch_size)
        _declare_published(broker, runtime.topics)
        parts.broker = broker
        parts.runners = [runner]
        parts.relay = make_relay(NAME, engine, kafka, settings)
    return parts


def _declare_published(broker: KafkaBroker, topics: Topics) -> None:
    declare_outbox_topic(
        broker,
        topics.petition_events,
        EventEnvelope,
        "Every petition state change, as an event envelope. Key: the petition id.",
    )
    declare_outbox_topic(
        broker,
        topics.command_outcomes,
        CommandOutcome,
        "What became of each command received on petition.commands. Key: the petition id.",
    )


def create_app(parts: IntakeParts) -> FastAPI:
    app = create_service_app(parts)
    assert parts.runtime is not None
    install_auth(app, parts.settings, verifier=parts.runtime.verifier)
    return app


def main() -> None:
    settings = load_settings()
    configure_logging(NAME, settings.log_level)
    serve(create_app(build_parts(settings)), settings)
