"""Relay publishing and projection rebuild, each beside raw aiokafka doing the same work."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from sqlalchemy import Column, Connection, Engine, Integer, MetaData, String, Table, select, text

from shared.consumer import InboundMessage, Projection, ProjectionRunner, rebuild
from shared.eventstore import EventStore
from shared.outbox import OutboxRelay
from shared.runtime.topics import TopicSpec, ensure_topics
from shared.settings import KafkaSettings
from tools.bench.fixtures import fresh_database, sample_event
from tools.bench.report import Figure

_meta = MetaData()
_latest = Table(
    "bench_latest",
    _meta,
    Column("stream_id", String(128), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("event_type", String(100), nullable=False),
)


class LatestPerStream(Projection):
    """One upsert per event, batched: the shape of most read models (a row per petition)."""

    tables = (_latest,)

    def __init__(self, topic: str) -> None:
        self.name = f"bench-{uuid.uuid4().hex[:6]}"
        self.topics = [topic]

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self.apply_batch(conn, [(event, msg)])

    def apply_batch(self, conn: Connection, batch: Sequence[tuple[Any, InboundMessage]]) -> None:
        # executemany keeps the batch's order, so the last event of a stream wins.
        conn.execute(
            _UPSERT,
            [{"s": e.stream_id, "v": e.stream_version, "t": e.event_type} for e, _ in batch],
        )


# ON CONFLICT ... DO UPDATE: the same text on SQLite and PostgreSQL.
_UPSERT = text(
    "INSERT INTO bench_latest (stream_id, version, event_type) VALUES (:s, :v, :t) "
    "ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, "
    "event_type = excluded.event_type"
)


def _fill_outbox(engine: Engine, topic: str, n: int) -> None:
    """n events, ten per stream, appended 100 to a transaction (setup, not timed)."""
    store = EventStore(engine, topic)
    for start in range(0, n, 100):
        with store.unit_of_work() as uow:
            for s in range(start, min(start + 100, n), 10):
                uow.append(f"p-{s // 10}", 0, [sample_event(s + j) for j in range(10)])


def _outbox_messages(engine: Engine) -> list[tuple[bytes, bytes]]:
    from shared.eventstore.tables import outbox

    with engine.connect() as conn:
        return [
            (r.key, r.value)
            for r in conn.execute(select(outbox.c.key, outbox.c.value).order_by(outbox.c.id))
        ]


async def _relay_rate(engine: Engine, kafka: KafkaSettings, n: int) -> float:
    relay = OutboxRelay(engine, service="bench", kafka=kafka, verify_interval_s=3600)
    start = time.perf_counter()
    await relay.drain(timeout=600)
    rate = n / (time.perf_counter() - start)
    await relay.stop()
    return rate


async def _raw_produce_rate(
    kafka: KafkaSettings, topic: str, messages: list[tuple[bytes, bytes]]
) -> float:
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka.bootstrap_servers,
        acks=-1 if kafka.acks == "all" else int(kafka.acks),
        enable_idempotence=kafka.enable_idempotence,
        linger_ms=5,
    )
    await producer.start()
    try:
        start = time.perf_counter()
        futures = [await producer.send(topic, value=v, key=k) for k, v in messages]
        await asyncio.gather(*futures)
        return len(messages) / (time.perf_counter() - start)
    finally:
        await producer.stop()


async def _raw_consume_rate(kafka: KafkaSettings, topic: str, n: int, partitions: int) -> float:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka.bootstrap_servers,
        enable_auto_commit=False,
        max_partition_fetch_bytes=4 << 20,
        fetch_max_bytes=16 << 20,
    )
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, 0)
        seen = 0
        start = time.perf_counter()
        while seen < n:
            batch = await consumer.getmany(timeout_ms=1000, max_records=2000)
            for records in batch.values():
                for record in records:
                    json.loads(record.value)
                seen += len(records)
        return n / (time.perf_counter() - start)
    finally:
        await consumer.stop()


async def bench_kafka(
    db_url: str | None, folder: Path, bootstrap: str, repeats: int, n: int
) -> list[Figure]:
    kafka = KafkaSettings(bootstrap_servers=bootstrap)
    relay_runs: list[float] = []
    produce_runs: list[float] = []
    rebuild_runs: list[float] = []
    consume_runs: list[float] = []
    partitions = 6
    for r in range(repeats):
        topic, raw_topic = (
            f"bench.events.{uuid.uuid4().hex[:6]}",
            f"bench.raw.{uuid.uuid4().hex[:6]}",
        )
        await ensure_topics(
            bootstrap, [TopicSpec(topic, partitions), TopicSpec(raw_topic, partitions)]
        )
        with fresh_database(db_url, folder, f"relay{r}") as engine:
            await asyncio.to_thread(_fill_outbox, engine, topic, n)
            messages = await asyncio.to_thread(_outbox_messages, engine)
            produce_runs.append(await _raw_produce_rate(kafka, raw_topic, messages))
            relay_runs.append(await _relay_rate(engine, kafka, n))
        consume_runs.append(await _raw_consume_rate(kafka, topic, n, partitions))
        with fresh_database(db_url, folder, f"rebuild{r}", bulk=True) as engine:
            projection = LatestPerStream(topic)
            _meta.create_all(engine)
            runner = ProjectionRunner(
                projection, engine, service="bench", dead_letter_topic="bench.dlq"
            )
            stats = await rebuild(runner, kafka)
            if stats.events != n:
                raise RuntimeError(f"rebuild applied {stats.events} events, expected {n}")
            rebuild_runs.append(stats.events / stats.seconds)
    return [
        Figure(
            "platform",
            "relay publish",
            "msgs/s",
            relay_runs,
            "raw aiokafka produce",
            produce_runs,
            min_ratio=0.30,
        ),
        Figure(
            "platform",
            "projection rebuild",
            "events/s",
            rebuild_runs,
            "raw aiokafka consume + JSON decode",
            consume_runs,
            min_value=20_000,
        ),
    ]
