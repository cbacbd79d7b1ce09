"""Feedback's wiring, in one place at startup (shared/service/app.py explains the shape).

Consumers of ``petition.events``: the satisfaction and suggestion read models (rebuildable,
``build_runners``) and the outreach consumer (notices, revisits; side effects, so never
replayed). The dispatcher sends what outreach recorded; the relay publishes feedback's own
events (``feedback.events``) and its commands to intake (``petition.commands``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from services.feedback.api import ApiContext, make_routers
from services.feedback.application.dispatch import Dispatcher, RetryPolicy
from services.feedback.application.kept_reports import Keeper, keep_due
from services.feedback.application.report import ModelConfig
from services.feedback.projections.outreach import Outreach, OutreachConfig
from services.feedback.projections.readmodels import ReadModels
from services.feedback.settings import Settings, load_settings
from shared.clock import Clock, Seen, SystemClock, scheduler_clock
from shared.consumer import CatchUp, ProjectionRunner, subscribe
from shared.eventstore import make_engine
from shared.notify import FileNotifier, HttpSmsNotifier, Notifier
from shared.refdata import load_refdata
from shared.runtime.topics import Topics
from shared.service.app import (
    ServiceParts,
    make_broker,
    make_relay,
    make_runner,
    run_service,
)
from shared.service.dating import request_clock
from shared.service.periodic import Periodic
from shared.settings import KafkaSettings

NAME = "feedback"
MIGRATIONS = Path(__file__).with_name("migrations")


def build_runners(
    settings: Settings, engine: Engine, seen: Seen | None = None
) -> list[ProjectionRunner]:
    """What ``sunshine rebuild feedback`` replays: the read models, not the outreach
    consumer (replaying it would text everyone again)."""
    topics = Topics.of()
    # The city's own reference data: an accusation's satisfaction figure is filed by its tree.
    refdata = load_refdata(settings.refdata_dir)
    return [make_runner(NAME, ReadModels(topics, refdata=refdata, seen=seen), engine, topics)]


def outreach_config(settings: Settings) -> OutreachConfig:
    return OutreachConfig(
        revisit_days=settings.revisit_days,
        public_base_url=settings.public_base_url,
        unit_contacts=settings.unit_contacts,
        rating_link_key=settings.rating_link_key.get_secret_value().encode(),
    )


def make_notifier(settings: Settings) -> Notifier:
    if settings.notifier == "http":
        assert settings.sms_gateway_url is not None  # the settings validator saw to it
        return HttpSmsNotifier(
            settings.sms_gateway_url,
            username=settings.sms_username,
            password=settings.sms_password.get_secret_value(),
            timeout_s=settings.sms_timeout_s,
        )
    return FileNotifier(settings.messages_path())


def make_dispatcher(settings: Settings, engine: Engine, topics: Topics) -> Dispatcher:
    policy = RetryPolicy(
        settings.sms_max_attempts, settings.sms_first_backoff_s, settings.sms_max_backoff_s
    )
    return Dispatcher(
        engine,
        make_notifier(settings),
        policy=policy,
        poll_interval_s=settings.dispatch_interval_s,
        commands_topic=topics.petition_commands,
        zone=ZoneInfo(settings.timezone),
    )


def api_context(
    settings: Settings, engine: Engine, topics: Topics, clock: Clock | None = None
) -> ApiContext:
    clock = clock or SystemClock.of(settings.timezone)
    _, request_today = request_clock(
        clock, ZoneInfo(settings.timezone), settings.allow_date_override
    )
    return ApiContext(
        engine=engine,
        refdata=load_refdata(settings.refdata_dir),
        topics=topics,
        model=ModelConfig(settings.rating_points, settings.colour_thresholds),
        dimensions=settings.survey_dimensions,
        today=clock.today,
        request_today=request_today,
    )


def build_parts(settings: Settings) -> ServiceParts:
    kafka = KafkaSettings()
    topics = Topics.of(kafka)
    engine = make_engine(settings.database_url)
    broker = make_broker(NAME, kafka, graceful_timeout=settings.shutdown_timeout_s)
    # In a dated run the kept reports fall on the run's days, after its latest event.
    zone = ZoneInfo(settings.timezone)
    clock, seen = scheduler_clock(SystemClock(zone), zone, settings.allow_date_override)
    runners = [
        *build_runners(settings, engine, seen),
        make_runner(NAME, Outreach(topics, outreach_config(settings)), engine, topics),
    ]
    caught_up = [
        CatchUp(subscribe(broker, runner, batch_size=settings.consumer_batch_size))
        for runner in runners
    ]
    relay = make_relay(NAME, engine, kafka, settings)
    dispatcher = make_dispatcher(settings, engine, topics)
    ctx = api_context(settings, engine, topics)
    keeper = Keeper(engine, ctx.refdata, ctx.model, clock.now)
    # The kept reports read the satisfaction model: the first tick waits for it to catch up.
    periodic = Periodic(
        "feedback reports",
        partial(keep_due, keeper, clock.today),
        settings.report_interval_s,
        ready=caught_up,
    )
    return ServiceParts(
        name=NAME,
        settings=settings,
        engine=engine,
        broker=broker,
        relay=relay,
        runners=runners,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
        on_startup=[dispatcher.start, *([periodic.start] if settings.scheduler_enabled else [])],
        on_shutdown=[dispatcher.stop, periodic.stop],
    )


def main() -> None:
    run_service(NAME, load_settings, build_parts)
