"""Index's wiring, in one place at startup (shared/service/app.py explains the shape)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from services.index.api import make_routers
from services.index.api.context import ApiContext
from services.index.application.assessment import Assessor
from services.index.application.kept_reports import Keeper
from services.index.application.modelfile import load_model
from services.index.application.scheduler import Scheduler
from services.index.application.scorecards import Scorer
from services.index.projections.facts import Facts
from services.index.projections.stats import Stats
from services.index.settings import Settings, load_settings
from shared.clock import Seen, SystemClock, scheduler_clock
from shared.consumer import CatchUp, ProjectionRunner, subscribe
from shared.eventstore import EventStore, make_engine
from shared.refdata import load_refdata
from shared.runtime.topics import Topics
from shared.service.app import ServiceParts, make_broker, make_relay, make_runner, run_service
from shared.service.periodic import Periodic
from shared.settings import KafkaSettings

NAME = "index"
MIGRATIONS = Path(__file__).with_name("migrations")


def build_runners(
    settings: Settings, engine: Engine, seen: Seen | None = None
) -> list[ProjectionRunner]:
    """The facts and statistics projections: what ``sunshine rebuild index`` replays."""
    topics = Topics.of()
    data = load_refdata(settings.refdata_dir)
    facts = Facts(data, topics, seen)
    return [
        make_runner(NAME, facts, engine, topics),
        make_runner(NAME, Stats(data, topics), engine, topics),
    ]


def build_parts(settings: Settings) -> ServiceParts:
    kafka = KafkaSettings()
    topics = Topics.of(kafka)
    engine = make_engine(settings.database_url)
    data = load_refdata(settings.refdata_dir)
    model = load_model(settings.model_file)  # a bad model file stops the start, naming it
    broker = make_broker(NAME, kafka, graceful_timeout=settings.shutdown_timeout_s)
    # In a dated run surges and grades fall on the run's days, after its latest event.
    zone = ZoneInfo(settings.timezone)
    clock, seen = scheduler_clock(SystemClock(zone), zone, settings.allow_date_override)
    runners = build_runners(settings, engine, seen)
    caught_up = [
        CatchUp(subscribe(broker, runner, batch_size=settings.consumer_batch_size))
        for runner in runners
    ]
    relay = make_relay(NAME, engine, kafka, settings)
    store = EventStore(engine, topics.index_events)
    today = clock.today
    keeper = Keeper(Scorer(engine, data, model), clock.now)
    # Grades and kept reports read the facts: the first tick waits until they are caught up.
    periodic = Periodic(
        "index schedule",
        Scheduler(Assessor(store, data, model), today, keeper=keeper).tick,
        settings.schedule_interval_s,
        ready=caught_up,
    )
    return ServiceParts(
        name=NAME,
        settings=settings,
        engine=engine,
        broker=broker,
        relay=relay,
        runners=runners,
        routers=make_routers(ApiContext(store, data, model, today)),
        migrations=MIGRATIONS,
        on_startup=[periodic.start] if settings.scheduler_enabled else [],
        on_shutdown=[periodic.stop],
    )


def main() -> None:
    run_service(NAME, load_settings, build_parts)
