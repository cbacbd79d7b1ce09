"""Index's wiring, in one place at startup (shared/service/app.py explains the shape)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import Engine

from services.index.api import make_router
from services.index.api_context import ApiContext
from services.index.assessment import Assessor
from services.index.facts import Facts
from services.index.model import DEFAULT_FILE, load_model
from services.index.periods import month_of
from services.index.refs import load_refs
from shared.clock import Seen, SystemClock, scheduler_clock
from shared.consumer import ProjectionRunner, subscribe
from shared.eventstore import EventStore, make_engine
from shared.runtime.topics import Topics
from shared.service.app import ServiceParts, make_broker, make_relay, run_service
from shared.service.logging import get_logger
from shared.service.settings import KafkaSettings, ServiceSettings

NAME = "index"
MIGRATIONS = Path(__file__).with_name("migrations")
log = get_logger("services.index")


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INDEX_", extra="ignore")
    port: int = 8004
    model_file: Path = DEFAULT_FILE
    # How often the scheduler checks surges (daily window) and grades the last month.
    schedule_interval_s: float = Field(default=3600.0, gt=0)
    scheduler_enabled: bool = True


def load_settings() -> Settings:
    return Settings()


def build_runners(
    settings: Settings, engine: Engine, seen: Seen | None = None
) -> list[ProjectionRunner]:
    """The facts projection: what ``sunshine rebuild index`` replays."""
    topics = Topics(prefix=KafkaSettings().topic_prefix)
    facts = Facts(load_refs(settings.refdata_dir), topics, seen)
    return [ProjectionRunner(facts, engine, service=NAME, dead_letter_topic=topics.dead_letters)]


def build_parts(settings: Settings) -> ServiceParts:
    kafka = KafkaSettings()
    topics = Topics(prefix=kafka.topic_prefix)
    engine = make_engine(settings.database_url)
    refs = load_refs(settings.refdata_dir)
    model = load_model(settings.model_file)  # a bad model file stops the start, naming it
    broker = make_broker(NAME, kafka, graceful_timeout=settings.shutdown_timeout_s)
    # In a dated run surges and grades fall on the run's days, after its latest event.
    zone = ZoneInfo(settings.timezone)
    clock, seen = scheduler_clock(SystemClock(zone), zone, settings.allow_date_override)
    runners = build_runners(settings, engine, seen)
    for runner in runners:
        subscribe(broker, runner, batch_size=settings.consumer_batch_size)
    relay = make_relay(NAME, engine, kafka, settings)
    store = EventStore(engine, topics.index_events)
    today = clock.today
    scheduler = Scheduler(Assessor(store, refs, model), today, settings.schedule_interval_s)
    return ServiceParts(
        name=NAME,
        settings=settings,
        engine=engine,
        broker=broker,
        relay=relay,
        runners=runners,
        routers=[make_router(ApiContext(store, refs, model, today))],
        migrations=MIGRATIONS,
        on_startup=[scheduler.start] if settings.scheduler_enabled else [],
        on_shutdown=[scheduler.stop],
    )


class Scheduler:
    """Checks surges for yesterday and grades last month, every interval. Both are
    idempotent, so a restart or a missed tick only catches up."""

    def __init__(self, assessor: Assessor, today: Callable[[], date], interval_s: float) -> None:
        self.assessor = assessor
        self.today = today
        self.interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.tick)
            except Exception:
                log.exception("index schedule failed; will retry")
            await asyncio.sleep(self.interval_s)

    def tick(self) -> None:
        today = self.today()
        yesterday = today - timedelta(days=1)
        self.assessor.check_surges(yesterday)
        self.assessor.assess(month_of(today.replace(day=1) - timedelta(days=1)), today)


def main() -> None:
    run_service(NAME, load_settings, build_parts)
