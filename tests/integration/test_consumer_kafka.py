"""Projections on the real embedded broker, through FastStream, on SQLite and PostgreSQL.

What a user checks: each event has its effect once, even across a crash between the database
commit and the offset commit; a poison message ends up on the dead-letter topic and the rest
of its partition keeps flowing; offsets are committed only after the database commit.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from faststream.kafka import KafkaBroker
from prometheus_client import REGISTRY
from sqlalchemy import Engine, select

from shared.consumer import InboundMessage, ProjectionRunner, subscribe
from shared.consumer import subscriber as subscriber_module
from shared.eventstore.tables import outbox
from shared.runtime.broker import EmbeddedBroker
from shared.runtime.topics import TopicSpec, ensure_topics
from shared.schemas.deadletter import DeadLetter
from shared.settings import KafkaSettings
from tests.support.consumer import POISON, StreamCounts, create_tables, event_bytes, snapshot

pytestmark = pytest.mark.integration

Message = tuple[bytes, bytes, list[tuple[str, bytes]]]  # key, value, headers


async def wait_for(check: Callable[[], Awaitable[bool]], within_s: float = 30.0) -> None:
    deadline = time.monotonic() + within_s
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {within_s}s")
        await asyncio.sleep(0.05)


async def produce(bootstrap: str, topic: str, messages: list[Message]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for key, value, headers in messages:  # one at a time: order per key is the point
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


async def committed(bootstrap: str, group: str, topic: str) -> dict[int, int]:
    """The group's committed offsets by partition (what a restarted consumer resumes from).

    Asked through a consumer of the group that does not join it: this Tansu build answers
    the admin client's OffsetFetch in a form aiokafka cannot decode.
    """
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group)
    await consumer.start()
    try:
        found = {p: await consumer.committed(TopicPartition(topic, p)) for p in range(6)}
    finally:
        await consumer.stop()
    # A commit covers every assigned partition: the empty ones at 0 say nothing.
    return {p: offset for p, offset in found.items() if offset}


@asynccontextmanager
async def live(bootstrap: str, runner: ProjectionRunner, **kw: object) -> AsyncIterator[None]:
    broker = KafkaBroker(bootstrap_servers=bootstrap)
    subscribe(broker, runner, **kw)  # type: ignore[arg-type]
    await broker.start()
    try:
        yield
    finally:
        await broker.stop()


async def setup(broker: EmbeddedBroker, engine: Engine, prefix: str) -> tuple[str, StreamCounts]:
    topic = f"{prefix}.petition.events"
    await ensure_topics(broker.bootstrap_servers, [TopicSpec(topic, 6), TopicSpec(_dlq(prefix), 6)])
    create_tables(engine)
    return topic, StreamCounts(f"{prefix}-counts", [topic])


def _dlq(prefix: str) -> str:
    return f"{prefix}.deadletter"


def _runner(projection: StreamCounts, engine: Engine, prefix: str) -> ProjectionRunner:
    return ProjectionRunner(projection, engine, service="svc", dead_letter_topic=_dlq(prefix))


def _events(stream: str, versions: range, reason: str = "") -> list[Message]:
    return [(stream.encode(), event_bytes(stream, v, reason), []) for v in versions]


def _counts(engine: Engine) -> dict[str, tuple[int, int]]:
    return {row[0]: (row[1], row[2]) for row in snapshot(engine)}


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subscriber_module, "_BACKOFF_FIRST_S", 0.05)
    monkeypatch.setattr(subscriber_module, "_BACKOFF_MAX_S", 0.2)


async def test_poison_messages_are_dead_lettered_and_the_partition_keeps_flowing(
    broker: EmbeddedBroker, engine: Engine, topic_prefix: str
) -> None:
    bootstrap = broker.bootstrap_servers
    topic, projection = await setup(broker, engine, topic_prefix)
    runner = _runner(projection, engine, topic_prefix)
    messages = [
        *_events("p-1", range(1, 3)),
        (b"p-1", b"\xff\xfe not an event", []),  # offset 2: undecodable
        *_events("p-1", range(3, 4), reason=POISON),  # offset 3: apply raises
        (b"p-1", event_bytes("p-1", 4), [("trace", b"\xff\xfe")]),  # a header FastStream can't read
        *_events("p-1", range(5, 6)),
    ]
    await produce(bootstrap, topic, messages)

    async with live(bootstrap, runner, batch_size=2):
        await wait_for(lambda: _async(_counts(engine) == {"p-1": (4, 5)}))
        await produce(bootstrap, topic, _events("p-1", range(6, 8)))  # later ones flow too
        await wait_for(lambda: _async(_counts(engine) == {"p-1": (6, 7)}))
        letters = _outbox_letters(engine)
        end = {letters[0].origin_partition: len(messages) + 2}
        await wait_for(lambda: _eq(committed(bootstrap, projection.name, topic), end))

    assert [(d.origin_offset, d.origin_topic, d.consumer, d.key) for d in letters] == [
        (2, topic, projection.name, "p-1"),
        (3, topic, projection.name, "p-1"),
    ]
    assert letters[0].payload_bytes() == b"\xff\xfe not an event"
    assert letters[1].error_type == "ValueError" and "cannot be applied" in letters[1].error
    assert (
        REGISTRY.get_sample_value("consumer_dead_lettered_total", {"consumer": projection.name})
    ) == 2


async def test_dead_letters_reach_the_dead_letter_topic_through_the_relay(
    broker: EmbeddedBroker, engine: Engine, topic_prefix: str
) -> None:
    relay_module = pytest.importorskip("shared.outbox")
    bootstrap = broker.bootstrap_servers
    topic, projection = await setup(broker, engine, topic_prefix)
    runner = _runner(projection, engine, topic_prefix)
    await produce(bootstrap, topic, [(b"p-1", b"garbage", [])])
    async with live(bootstrap, runner):
        await wait_for(lambda: _async(len(_outbox_letters(engine)) == 1))

    relay = relay_module.OutboxRelay(
        engine, service="svc", kafka=KafkaSettings(bootstrap_servers=bootstrap)
    )
    await relay.drain(30)
    (record,) = await _read_all(bootstrap, _dlq(topic_prefix), expected=1)
    letter = DeadLetter.model_validate_json(record.value)
    assert record.key == b"p-1"
    assert (letter.origin_topic, letter.origin_offset, letter.consumer) == (
        topic,
        0,
        projection.name,
    )
    assert letter.payload_bytes() == b"garbage" and letter.error


async def test_a_crash_between_db_commit_and_offset_commit_has_no_double_effect(
    broker: EmbeddedBroker, engine: Engine, topic_prefix: str
) -> None:
    bootstrap = broker.bootstrap_servers
    topic, projection = await setup(broker, engine, topic_prefix)
    runner = _runner(projection, engine, topic_prefix)
    await produce(bootstrap, topic, _events("p-1", range(1, 6)))

    # The first consumer of the group applies the batch, then dies before committing offsets.
    records = await _read_all(bootstrap, topic, expected=5, group=projection.name)
    assert runner.process_batch([InboundMessage.from_record(r) for r in records]).processed == 5
    assert await committed(bootstrap, projection.name, topic) == {}

    skipped = _sample("consumer_skipped_total", projection.name)
    async with live(bootstrap, runner):  # its replacement gets the same messages again
        await wait_for(
            lambda: _async(_sample("consumer_skipped_total", projection.name) >= skipped + 5)
        )
        await wait_for(lambda: _has_offset(committed(bootstrap, projection.name, topic), 5))
    assert _counts(engine) == {"p-1": (5, 5)}


async def test_offsets_are_committed_only_after_the_database_commit(
    broker: EmbeddedBroker, engine: Engine, topic_prefix: str
) -> None:
    bootstrap = broker.bootstrap_servers
    topic, projection = await setup(broker, engine, topic_prefix)
    runner = _runner(projection, engine, topic_prefix)
    projection.fail_next = 10**9  # the database (or a dependency) is down
    errors = _sample("consumer_errors_total", projection.name)
    await produce(bootstrap, topic, _events("p-1", range(1, 4)))

    async with live(bootstrap, runner):
        # The same batch fails again and again: it was rewound each time, never skipped.
        await wait_for(
            lambda: _async(_sample("consumer_errors_total", projection.name) >= errors + 3)
        )
        assert await committed(bootstrap, projection.name, topic) == {}
        assert _counts(engine) == {} and _outbox_letters(engine) == []
        projection.fail_next = 0  # recovered
        await wait_for(lambda: _async(_counts(engine) == {"p-1": (3, 3)}))
        await wait_for(lambda: _has_offset(committed(bootstrap, projection.name, topic), 3))
    assert _outbox_letters(engine) == []


# -- helpers -------------------------------------------------------------------------------


async def _async(value: bool) -> bool:
    return value


async def _eq(got: Awaitable[object], want: object) -> bool:
    return await got == want


async def _has_offset(got: Awaitable[dict[int, int]], offset: int) -> bool:
    return offset in (await got).values()


def _sample(name: str, consumer: str) -> float:
    return REGISTRY.get_sample_value(name, {"consumer": consumer}) or 0.0


def _outbox_letters(engine: Engine) -> list[DeadLetter]:
    with engine.connect() as conn:
        values = conn.execute(select(outbox.c.value).order_by(outbox.c.id)).scalars().all()
    return [DeadLetter.model_validate_json(v) for v in values]


async def _read_all(
    bootstrap: str, topic: str, *, expected: int, group: str | None = None
) -> list[object]:
    """Consume ``expected`` records from the start of ``topic`` without committing."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        # The coordinator waits this long for a member that left before rebalancing to the next.
        session_timeout_ms=2000,
        heartbeat_interval_ms=500,
    )
    await consumer.start()
    records: list[object] = []
    try:
        deadline = time.monotonic() + 30
        while len(records) < expected and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=200)
            records += [r for batch in batches.values() for r in batch]
    finally:
        await consumer.stop()
    assert len(records) == expected
    return records
