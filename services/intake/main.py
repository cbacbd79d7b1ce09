"""Intake's wiring (``shared/service/app.py`` convention): parts, app, main.

Intake is the writer of petition streams: its HTTP routes and its ``petition.commands``
consumer run the same handlers; the relay publishes its outbox (events to
``petition.events``, outcomes to ``petition.command-outcomes``).

Its read model is written in the same transaction as the events, so it has no Kafka
projection to rebuild (no ``build_runners``); ``sunshine rebuild intake`` calls
``rebuild_read_model``, which rebuilds the ``petitions`` table from intake's own events table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from sqlalchemy import Engine

from services.intake.api import make_routers
from services.intake.api.context import ApiContext, build_api_context
from services.intake.application.command_consumer import CommandHandler
from services.intake.projections.rebuild import rebuild_from_events
from services.intake.settings import IntakeSettings, load_settings
from shared.auth import TokenVerifier
from shared.clock import Clock
from shared.consumer import ProjectionRunner, subscribe
from shared.eventstore import make_engine
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope
from shared.schemas.commands import CommandOutcome
from shared.service.app import (
    ServiceParts,
    create_service_app,
    make_broker,
    make_relay,
    run_service,
)
from shared.service.asyncapi import declare_outbox_topic
from shared.service.auth import install_auth
from shared.settings import KafkaSettings

NAME = "intake"
MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass
class IntakeParts(ServiceParts):
    """``ServiceParts`` plus what the routes share and the token verifier ``create_app``
    installs (built, and its configuration checked, at start-up)."""

    api: ApiContext | None = None
    verifier: TokenVerifier | None = None


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
    ctx = build_api_context(settings, engine, Topics(kafka.topic_prefix), clock=clock)
    parts = IntakeParts(
        name=NAME,
        settings=settings,
        engine=engine,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
        api=ctx,
        verifier=TokenVerifier.from_settings(settings),
    )
    if with_kafka:
        broker = make_broker(NAME, kafka, graceful_timeout=settings.shutdown_timeout_s)
        runner = ProjectionRunner(
            command_handler(ctx), engine, service=NAME, dead_letter_topic=ctx.topics.dead_letters
        )
        subscribe(broker, runner, batch_size=settings.consumer_batch_size)
        _declare_published(broker, ctx.topics)
        parts.broker = broker
        parts.runners = [runner]
        parts.relay = make_relay(NAME, engine, kafka, settings)
    return parts


def command_handler(ctx: ApiContext) -> CommandHandler:
    """The ``petition.commands`` subscriber, on the same rules and clock as the routes."""
    return CommandHandler(
        ctx.rules, ctx.topics, ctx.clock, ctx.zone, dated=ctx.settings.allow_date_override
    )


def rebuild_read_model(settings: IntakeSettings, engine: Engine) -> str:
    """What ``sunshine rebuild intake`` does: the ``petitions`` table from the events table."""
    return f"petitions: {rebuild_from_events(engine)} rows rebuilt from the events table"


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
    install_auth(app, parts.settings, verifier=parts.verifier)
    return app


def main() -> None:
    run_service(NAME, load_settings, build_parts, create_app)
