"""Supervision through the real (embedded) broker, wired as ``sunshine run`` wires it: petition
events in, one overdue case out on supervision.overdue, and none again after a restart."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry
from sqlalchemy import Engine, func, select

from services.supervision.main import build_parts
from services.supervision.settings import Settings
from services.supervision.tables import cases
from shared.clock import FakeClock
from shared.eventstore.tables import outbox
from shared.runtime.broker import EmbeddedBroker
from shared.runtime.topics import Topics, ensure_topics
from shared.schemas.catalog import encode_event
from shared.schemas.supervision import OverdueCase
from shared.service.app import create_service_app
from tests.support.supervision import (
    DAY0,
    Stream,
    accepted,
    assigned,
    owner,
    registered,
    replied,
)

pytestmark = pytest.mark.integration
DUE = DAY0 + timedelta(days=62)


async def wait_for(check: Callable[[], bool], within_s: float) -> None:
    deadline = time.monotonic() + within_s
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {within_s}s")
        await asyncio.sleep(0.05)


def pending(engine: Engine) -> int:
    with engine.connect() as conn:
        q = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        return int(conn.execute(q).scalar_one())


def sent(engine: Engine, topic: str) -> int:
    with engine.connect() as conn:
        q = select(func.count()).select_from(outbox).where(outbox.c.topic == topic)
        return int(conn.execute(q).scalar_one())


class Overdue:
    """Collects what supervision publishes on supervision.overdue, as a plain client would."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest"
        )
        self.seen: list[OverdueCase] = []

    async def __aenter__(self) -> Overdue:
        await self.consumer.start()
        self._task = asyncio.create_task(self._run())
        return self

    async def _run(self) -> None:
        async for record in self.consumer:
            self.seen.append(OverdueCase.model_validate_json(record.value))

    async def __aexit__(self, *exc: object) -> None:
        self._task.cancel()
        await self.consumer.stop()


async def publish(bootstrap: str, topic: str, stream: Stream, *payloads: object) -> None:
    await publish_many(bootstrap, topic, [(stream, p) for p in payloads])


async def publish_many(bootstrap: str, topic: str, events: list[tuple[Stream, object]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for stream, payload in events:
            e = stream.event(payload)  # type: ignore[arg-type]
            await producer.send(topic, encode_event(e), key=e.key())
        await producer.flush()
    finally:
        await producer.stop()


def running_step(engine: Engine, petition_id: str) -> str | None:
    with engine.connect() as conn:
        q = select(cases.c.step).where(cases.c.petition_id == petition_id)
        return conn.execute(q).scalar_one_or_none()


def same_partition_streams(stream_id: str, topics: Topics, n: int) -> list[Stream]:
    """``n`` other streams whose events land on ``stream_id``'s partition."""
    parts = list(
        range(next(t.partitions for t in topics.specs() if t.name == topics.petition_events))
    )
    place = DefaultPartitioner()
    target = place(stream_id.encode(), parts, parts)
    found: list[Stream] = []
    i = 0
    while len(found) < n:
        other = f"p-other-{i}"
        if place(other.encode(), parts, parts) == target:
            found.append(Stream(other))
        i += 1
    return found


@pytest.fixture
async def wired(
    broker: EmbeddedBroker, topic_prefix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, Topics, Settings]:
    """The broker's address, topics of the test's own (created), and supervision's settings
    on a fresh SQLite file, with the environment ``build_parts`` reads."""
    bootstrap = broker.bootstrap_servers
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
    monkeypatch.setenv("KAFKA_TOPIC_PREFIX", topic_prefix)
    topics = Topics(prefix=topic_prefix)
    await ensure_topics(bootstrap, topics.specs())
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'supervision.sqlite3'}",
        relay_poll_interval_s=0.01,
        sweep_interval_s=0.1,
    )
    return bootstrap, topics, settings


async def start(settings: Settings, clock: FakeClock) -> TestClient:
    parts = dataclasses.replace(build_parts(settings, clock), registry=CollectorRegistry())
    client = TestClient(create_service_app(parts))
    await asyncio.to_thread(client.__enter__)
    return client


def swept(client: TestClient) -> bool:
    """Ready, and the scheduler's first sweep (which waits for the catch-up) has run."""
    r = client.get("/readyz")
    return r.status_code == 200 and r.json()["checks"]["first_sweep"] == "ok"


async def stop(client: TestClient) -> None:
    await asyncio.to_thread(client.__exit__, None, None, None)


async def test_one_overdue_case_on_the_topic_across_a_restart(
    wired: tuple[str, Topics, Settings],
) -> None:
    bootstrap, topics, settings = wired
    clock = FakeClock(DUE - timedelta(days=20))
    s = Stream("p-kafka")
    await publish(bootstrap, topics.petition_events, s, registered(), assigned(DAY0),
                  accepted(DAY0 + timedelta(days=2)), owner())  # fmt: skip

    async with Overdue(bootstrap, topics.overdue) as overdue:
        client = await start(settings, clock)
        try:
            view = "/api/v1/red-list"
            await wait_for(lambda: swept(client), within_s=30)
            # The deadline passes while the service runs: the scheduler signals it once.
            clock.day = DUE + timedelta(days=1)
            await wait_for(lambda: len(overdue.seen) == 1, within_s=30)
            assert client.get(view).status_code == 401  # reads need a token
        finally:
            await stop(client)
        # Down for a week, then up again: no second overdue case for the same deadline.
        clock.advance(7)
        client = await start(settings, clock)
        try:
            # The first sweep (the catch-up) ran; then the relay has sent all.
            await wait_for(lambda: swept(client), within_s=30)
            engine = client.app.state.parts.engine
            await wait_for(lambda: pending(engine) == 0, within_s=10)
            assert sent(engine, topics.overdue) == 1
        finally:
            await stop(client)
    case = overdue.seen[0]
    assert (case.petition_id, case.step, case.days_overdue) == ("p-kafka", "handling", 1)
    assert (case.department, case.handler, case.case_owner) == ("320812-ZJJ", "h-1", "leader-1")
    assert len(overdue.seen) == 1


async def test_a_reply_sent_while_supervision_was_down_is_applied_before_the_first_sweep(
    wired: tuple[str, Topics, Settings],
) -> None:
    """The petition was answered on time while supervision was down, and its deadline has
    passed since: the first sweep must see the reply, not a running deadline, so no overdue
    case reaches the inspectors."""
    bootstrap, topics, settings = wired
    clock = FakeClock(DUE - timedelta(days=20))
    s = Stream("p-down")
    await publish(bootstrap, topics.petition_events, s, registered(), assigned(DAY0),
                  accepted(DAY0 + timedelta(days=2)), owner())  # fmt: skip
    client = await start(settings, clock)
    try:
        engine = client.app.state.parts.engine
        await wait_for(lambda: running_step(engine, "p-down") == "handling", within_s=30)
        assert sent(engine, topics.overdue) == 0
    finally:
        await stop(client)
    # While it is down: other petitions' registrations on the same partition (a backlog the
    # consumer takes seconds to apply, ahead of the reply), the reply (on time), then the
    # due date passes.
    later = DUE + timedelta(days=2)
    backlog = [(o, registered(later)) for o in same_partition_streams("p-down", topics, 15_000)]
    await publish_many(bootstrap, topics.petition_events, backlog)
    await publish(bootstrap, topics.petition_events, s, replied(DUE - timedelta(days=5)))
    clock.day = DUE + timedelta(days=3)
    client = await start(settings, clock)
    try:
        await wait_for(lambda: swept(client), within_s=30)
        engine = client.app.state.parts.engine
        assert sent(engine, topics.overdue) == 0
    finally:
        await stop(client)
