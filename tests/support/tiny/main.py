"""A tiny service wired exactly like a real one, for tests of the skeleton in a process:
``python -m tests.support.tiny`` with ``TINY_*`` and ``KAFKA_*`` set."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic_settings import SettingsConfigDict
from sqlalchemy import Engine

from shared.consumer import InboundMessage, Projection, ProjectionRunner
from shared.eventstore import make_engine
from shared.service.app import ServiceParts, make_broker, run_service
from shared.settings import KafkaSettings, ServiceSettings

NAME = "tiny"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TINY_", extra="ignore")
    topic: str = "tiny.pings"


def load_settings() -> Settings:
    return Settings()


metadata = sa.MetaData()
pings = sa.Table("tiny_pings", metadata, sa.Column("body", sa.String, nullable=False))


class PingCount(Projection):
    """Keeps every ping's body: enough to see a rebuild replay a topic."""

    name = "tiny-pings"
    tables = (pings,)

    def __init__(self, topic: str) -> None:
        self.topics = (topic,)

    def decode(self, msg: InboundMessage) -> Any:
        return msg.value.decode()

    def apply(self, conn: sa.Connection, event: Any, msg: InboundMessage) -> None:
        conn.execute(pings.insert().values(body=event))


def build_runners(settings: Settings, engine: Engine) -> list[ProjectionRunner]:
    metadata.create_all(engine)  # a real service migrates; the tiny one has no migrations
    projection = PingCount(settings.topic)
    return [ProjectionRunner(projection, engine, service=NAME, dead_letter_topic="tiny.dlq")]


def build_parts(settings: Settings) -> ServiceParts:
    kafka = KafkaSettings()
    engine = make_engine(settings.database_url)
    broker = make_broker(NAME, kafka, graceful_timeout=settings.shutdown_timeout_s)
    seen: list[str] = []

    @broker.subscriber(settings.topic, group_id="tiny", auto_offset_reset="earliest")
    async def on_ping(body: str) -> None:
        seen.append(body)

    router = APIRouter()

    @router.get("/seen")
    async def get_seen() -> list[str]:
        return seen

    return ServiceParts(
        name=NAME, settings=settings, engine=engine, broker=broker, routers=[router]
    )


def main() -> None:
    run_service(NAME, load_settings, build_parts)
