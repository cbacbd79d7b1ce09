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
from services.intake.application.portal import Portal
from services.intake.domain.context import Context, NoHistory, PetitionHistory, Policy
from services.intake.domain.deadlines import DeadlineLimits, Deadlines
from services.intake.domain.portal import CodePolicy
from services.intake.projections.rebuild import rebuild_from_events
from services.intake.settings import IntakeSettings, load_settings
from shared.auth import TokenVerifier
from shared.blobstore import BlobStore, FolderBlobStore
from shared.clock import Clock, SystemClock
from shared.consumer import subscribe
from shared.eventstore import EventStore, make_engine
from shared.notify import FileNotifier, HttpSmsNotifier, Notifier
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
ATTACHMENTS_PATH = "/api/v1/public/attachments"


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


def make_notifier(settings: IntakeSettings) -> Notifier:
    """How verification codes leave: an SMS gateway in production, a file by default."""
    if settings.notifier == "http":
        assert settings.sms_gateway_url is not None  # the settings validator saw to it
        return HttpSmsNotifier(
            settings.sms_gateway_url,
            username=settings.sms_username,
            password=settings.sms_password.get_secret_value(),
            timeout_s=settings.sms_timeout_s,
        )
    return FileNotifier(settings.messages_path())


def make_blob_store(settings: IntakeSettings) -> BlobStore:
    if settings.blob_store == "s3":
        from shared.blobstore.s3 import S3BlobStore  # boto3 only where S3 is configured

        assert settings.s3_bucket is not None  # the settings validator saw to it
        return S3BlobStore(
            settings.s3_bucket,
            prefix=settings.s3_prefix,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key=settings.s3_access_key,
            secret_key=settings.s3_secret_key.get_secret_value() or None,
        )
    return FolderBlobStore(settings.blob_path())


def build_portal(
    settings: IntakeSettings, store: EventStore, rules: Context, notifier: Notifier | None = None
) -> Portal:
    return Portal(
        store=store,
        rules=rules,
        policy=CodePolicy(
            ttl_s=settings.code_ttl_s,
            max_attempts=settings.code_max_attempts,
            resend_s=settings.code_resend_s,
            per_phone_per_day=settings.codes_per_phone_per_day,
            per_address_per_hour=settings.codes_per_address_per_hour,
            submissions_per_phone_per_day=settings.submissions_per_phone_per_day,
        ),
        key=settings.portal_key.get_secret_value().encode(),
        notifier=notifier or make_notifier(settings),
        blobs=make_blob_store(settings),
        max_bytes=settings.attachment_max_bytes,
        max_attachments=settings.attachments_per_petition,
    )


def build_api_context(
    settings: IntakeSettings, engine: Engine, topics: Topics, *, clock: Clock | None = None
) -> ApiContext:
    zone = ZoneInfo(settings.timezone)
    clock = clock or SystemClock(zone)
    refdata = load_refdata(settings.refdata_dir)
    rules = build_context(settings, clock.today(), refdata)
    store = EventStore(engine, topics.petition_events)
    return ApiContext(
        settings=settings,
        engine=engine,
        refdata=refdata,
        rules=rules,
        topics=topics,
        store=store,
        clock=clock,
        zone=zone,
        portal=build_portal(settings, store, rules),
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
        # An upload is larger than any JSON body: its own limit, with room for the form.
        body_limits={ATTACHMENTS_PATH: settings.attachment_max_bytes + 64 * 1024},
        on_shutdown=[ctx.portal.notifier.close],
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
