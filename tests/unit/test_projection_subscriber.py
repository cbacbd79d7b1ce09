"""Wiring of ``subscribe`` under FastStream's TestKafkaBroker: a batch subscriber with manual
acks; ack after the runner's commit, nack (no ack) when the batch fails; after the embedded
broker restarted, a rewind to offset 0 before anything is committed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, TestKafkaBroker
from faststream.kafka.message import KafkaAckableMessage
from sqlalchemy import Connection, Engine

from shared.consumer import (
    InboundMessage,
    Projection,
    ProjectionRunner,
    broker_restarted,
    subscribe,
)
from shared.consumer import subscriber as subscriber_module
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from tests.support.consumer import StreamCounts, create_tables, event, event_bytes, snapshot

TOPIC = "wiring.petition.events"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'wiring.sqlite3'}")
    migrate(eng)
    create_tables(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def acks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the handler told Kafka, in order."""
    calls: list[str] = []

    async def ack(self: Any) -> None:
        calls.append("ack")

    async def nack(self: Any) -> None:
        calls.append("nack")

    monkeypatch.setattr(KafkaAckableMessage, "ack", ack)
    monkeypatch.setattr(KafkaAckableMessage, "nack", nack)
    monkeypatch.setattr(subscriber_module, "_BACKOFF_FIRST_S", 0.0)
    return calls


def _wire(db: Engine) -> tuple[KafkaBroker, StreamCounts, Any]:
    broker = KafkaBroker()
    projection = StreamCounts("wiring", [TOPIC])
    runner = ProjectionRunner(projection, db, service="unit", dead_letter_topic="wiring.dlq")
    sub = subscribe(broker, runner, batch_size=123)
    return broker, projection, sub


def test_subscriber_is_a_manual_ack_batch_consumer_of_the_projection(db: Engine) -> None:
    _, _, sub = _wire(db)
    assert sub.topic_names == [TOPIC]
    assert sub.group_id == "wiring"
    assert sub.max_records == 123
    assert sub.ack_policy is AckPolicy.MANUAL
    assert sub._connection_args["auto_offset_reset"] == "earliest"


async def test_published_events_are_applied_then_acked(db: Engine, acks: list[str]) -> None:
    broker, _, _ = _wire(db)
    async with TestKafkaBroker(broker) as br:
        await br.publish_batch(
            *(event("p-1", v).model_dump(mode="json") for v in (1, 2, 3)), topic=TOPIC
        )
    assert snapshot(db)[0][:3] == ("p-1", 3, 3)
    assert acks == ["ack"]


async def test_a_failing_batch_is_nacked_not_acked_and_applies_on_redelivery(
    db: Engine, acks: list[str]
) -> None:
    broker, projection, _ = _wire(db)
    body = event("p-1", 1).model_dump(mode="json")
    async with TestKafkaBroker(broker) as br:
        projection.fail_next = 1
        await br.publish(body, topic=TOPIC)
        assert acks == ["nack"] and snapshot(db) == []
        await br.publish(body, topic=TOPIC)  # what the rewind amounts to
    assert acks == ["nack", "ack"]
    assert snapshot(db)[0][:2] == ("p-1", 1)


# -- after the embedded broker restarted ----------------------------------------------------


class _Consumer:
    """What the handler uses of aiokafka's consumer: its assignment, seek and positions."""

    def __init__(self) -> None:
        self.seeks: list[tuple[TopicPartition, int]] = []

    def assignment(self) -> set[TopicPartition]:
        return {TopicPartition(TOPIC, 0), TopicPartition(TOPIC, 1)}

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks.append((tp, offset))

    def highwater(self, tp: TopicPartition) -> int | None:
        return None


class _Batch:
    """A batch as FastStream hands it to the handler, recording acks."""

    def __init__(self, consumer: _Consumer, versions: Sequence[int], calls: list[str]) -> None:
        self.consumer = consumer
        self.raw_message = [
            ConsumerRecord(TOPIC, 0, 40 + v, 0, 0, b"p-1", event_bytes("p-1", v), None, 3, 0, [])
            for v in versions
        ]
        self._calls = calls

    async def ack(self) -> None:
        self._calls.append("ack")

    async def nack(self) -> None:
        self._calls.append("nack")


def _handler(db: Engine, projection: StreamCounts) -> Any:
    runner = ProjectionRunner(projection, db, service="unit", dead_letter_topic="wiring.dlq")
    return subscriber_module._make_handler(runner)


async def test_after_a_broker_restart_the_next_batch_rewinds_to_0_uncommitted(
    db: Engine,
) -> None:
    handle = _handler(db, StreamCounts("rewind", [TOPIC]))
    consumer, calls = _Consumer(), []
    broker_restarted()

    # At its old position in the new log: not applied, not committed, read again from 0.
    await handle(None, _Batch(consumer, [2, 3], calls))

    assert snapshot(db) == [] and calls == []
    assert sorted(consumer.seeks) == [(TopicPartition(TOPIC, 0), 0), (TopicPartition(TOPIC, 1), 0)]
    await handle(None, _Batch(consumer, [1, 2, 3], calls))  # from the beginning
    assert snapshot(db)[0][:3] == ("p-1", 3, 3) and calls == ["ack"]


class _RestartWhileApplying(StreamCounts):
    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        super().apply(conn, event, msg)
        broker_restarted()

    apply_batch = Projection.apply_batch


async def test_a_batch_applied_while_the_broker_restarted_commits_nothing(db: Engine) -> None:
    handle, consumer, calls = (
        _handler(db, _RestartWhileApplying("rewind2", [TOPIC])),
        _Consumer(),
        [],
    )

    await handle(None, _Batch(consumer, [1], calls))

    assert calls == []  # its offset belongs to the old log
    assert len(consumer.seeks) == 2
