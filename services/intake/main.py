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
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from faststream.kafka import KafkaBroker
from sqlalchemy import Engine

from services.intake.api import make_routers
from services.intake.api.context import ApiContext
from services.intake.application.command_consumer import CommandHandler
from services.intake.domain.context import Context, NoHistory, PetitionHistory, Policy
from services.intake.domain.deadlines import DeadlineLimits, Deadlines
from services.intake.projections.rebuild import rebuild_from_events
from services.intake.settings import IntakeSettings, load_settings
from shared.auth import TokenVerifier
from shared.clock import Clock, SystemClock
from shared.consumer import subscribe
from shared.eventstore import EventStore, make_engine
from shared.refdata import ReferenceData, load_refdata
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope
from shared.schemas.commands import CommandOutcome
from shared.service.app import (
    ServiceParts,
    make_broker,
    make_relay,
    make_runner,
    run_service,
)
from shared.service.asyncapi import declare_outbox_topic
from shared.settings import KafkaSettings

NAME = "intake"
MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass
class IntakeParts(ServiceParts):
    """``ServiceParts`` plus what the routes share (tests reach the context through it)."""

    api: ApiContext | None = None


def build_context(
    settings: IntakeSettings,
    today: date,
    refdata: ReferenceData | None = None,
    history: PetitionHistory | None = None,
    limits: DeadlineLimits | None = None,
) -> Context:
    """The domain context, built once at start-up; ``Context.at(day)`` dates it per request."""
    ref = refdata or load_refdata(settings.refdata_dir)
    return Context(
        today=today,
        refdata=ref,
        deadlines=Deadlines(limits or DeadlineLimits(), ref.calendar),
        petitioner_key_secret=settings.petitioner_key_secret.get_secret_value().encode(),
        rating_link_key=settings.rating_link_key.get_secret_value().encode(),
        history=history or NoHistory(),
        policy=Policy(
            settings.repeat_window_days,
            settings.skip_level_window_days,
            settings.earliest_received_on,
        ),
    )


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
        runner = make_runner(NAME, command_handler(ctx), engine, ctx.topics)
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


def main() -> None:
    run_service(NAME, load_settings, build_parts)
