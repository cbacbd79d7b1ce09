"""Production backends through testcontainers: Apache Kafka (KRaft) and PostgreSQL.

They need a Docker engine. Where there is none (the development and CI machines have the
docker client only), they are skipped and say so; the embedded Tansu and the local
PostgreSQL cover the same contracts there.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer

from shared.eventstore import ConcurrencyConflict, EventStore, NewEvent, make_engine
from shared.eventstore.migrate import migrate
from shared.outbox import OutboxRelay
from shared.runtime.topics import TopicSpec, ensure_topics
from shared.schemas import Actor, decode_event
from shared.schemas.petition import PetitionWithdrawn
from shared.settings import KafkaSettings

ACTOR = Actor(user_id="registrar-1", role="registrar", org="320800")


def _docker_engine_missing() -> str | None:
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception as exc:  # any failure to reach the engine means we cannot run these
        return f"no Docker engine reachable ({exc.__class__.__name__}): testcontainers cannot run"
    return None


_NO_DOCKER = _docker_engine_missing()
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(_NO_DOCKER is not None, reason=str(_NO_DOCKER)),
]


@pytest.fixture(scope="module")
def kafka_bootstrap() -> Iterator[str]:
    from testcontainers.community.kafka import KafkaContainer

    with KafkaContainer("confluentinc/cp-kafka:7.6.0").with_kraft() as kafka:
        yield kafka.get_bootstrap_server()


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    from testcontainers.community.postgres import PostgresContainer

    with PostgresContainer("postgres:16", driver="psycopg") as pg:
        yield pg.get_connection_url()


def test_event_store_contract_on_postgres_container(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    migrate(engine)
    store = EventStore(engine, "petition.events")
    store.append("p-1", 0, [NewEvent(PetitionWithdrawn(reason="a"), ACTOR, "c-1")])
    with pytest.raises(ConcurrencyConflict):
        store.append("p-1", 0, [NewEvent(PetitionWithdrawn(reason="b"), ACTOR, "c-2")])
    assert [e.stream_version for e in store.read_stream("p-1")] == [1]
    engine.dispose()


def test_relay_publishes_in_order_to_apache_kafka_with_idempotence(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    """On Apache Kafka the idempotent producer is on, as in production."""
    kafka = KafkaSettings(bootstrap_servers=kafka_bootstrap, enable_idempotence=True)
    topic = "petition.events"
    engine = make_engine(f"sqlite:///{tmp_path}/relay.sqlite3")
    migrate(engine)
    store = EventStore(engine, topic)
    stored = []
    for v in range(5):
        stored += store.append("p-1", v, [NewEvent(PetitionWithdrawn(reason=str(v)), ACTOR, "c")])

    async def scenario() -> list[str]:
        await ensure_topics(kafka_bootstrap, [TopicSpec(topic, 6)])
        relay = OutboxRelay(engine, service="containers", kafka=kafka)
        await relay.drain(timeout=60)
        await relay.stop()
        consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=kafka_bootstrap, auto_offset_reset="earliest"
        )
        await consumer.start()
        seen: list[str] = []
        deadline = time.monotonic() + 30
        try:
            while len(seen) < len(stored) and time.monotonic() < deadline:
                batch = await consumer.getmany(timeout_ms=500)
                seen += [decode_event(r.value).event_id for rs in batch.values() for r in rs]
        finally:
            await consumer.stop()
        return seen

    assert asyncio.run(scenario()) == [e.event_id for e in stored]
    engine.dispose()
