"""The runner's database contract on every backend (SQLite always, PostgreSQL when set).

PostgreSQL aborts a whole transaction on any failed statement unless a savepoint catches it:
a projection whose SQL fails on one event must still commit the rest of its batch.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, Engine, func, select

from shared.consumer import InboundMessage, ProjectionRunner
from shared.eventstore.tables import outbox, processed_messages, stream_positions
from shared.schemas.deadletter import DeadLetter
from tests.support.consumer import (
    StreamCounts,
    create_tables,
    event_bytes,
    snapshot,
    stream_counts,
)

pytestmark = pytest.mark.integration

TOPIC = "contract.petition.events"


class NullOnSeven(StreamCounts):
    """Version 7 of any stream makes the database itself refuse the write (NOT NULL)."""

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        if event.stream_version == 7:
            conn.execute(stream_counts.insert().values(stream_id=None, events=1))
        super().apply(conn, event, msg)

    def apply_batch(self, conn: Connection, batch: Any) -> None:
        for event, msg in batch:
            self.apply(conn, event, msg)


def _batch(stream: str, versions: range) -> list[InboundMessage]:
    return [
        InboundMessage(TOPIC, 0, v - 1, stream.encode(), event_bytes(stream, v)) for v in versions
    ]


def _count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_failed_statement_dead_letters_one_event_and_commits_the_rest(engine: Engine) -> None:
    create_tables(engine)
    runner = ProjectionRunner(
        NullOnSeven("contract", [TOPIC]), engine, service="svc", dead_letter_topic="dlq"
    )
    result = runner.process_batch(_batch("p-1", range(1, 11)))

    assert (result.processed, result.dead_lettered) == (9, 1)
    assert snapshot(engine)[0][1:3] == (9, 10)
    with engine.connect() as conn:
        (value,) = conn.execute(select(outbox.c.value)).scalars()
    letter = DeadLetter.model_validate_json(value)
    assert letter.origin_offset == 6 and letter.error_type.endswith("IntegrityError")
    # Done with, the dead-lettered one included: the stream is tracked up to version 10.
    assert _stream_version(engine, "contract", "p-1") == 10
    assert _count(engine, processed_messages) == 0


def test_replays_and_overlapping_batches_apply_each_event_once(engine: Engine) -> None:
    create_tables(engine)
    runner = ProjectionRunner(
        StreamCounts("contract", [TOPIC]), engine, service="svc", dead_letter_topic="dlq"
    )
    runner.process_batch(_batch("p-1", range(1, 6)))
    runner.process_batch(_batch("p-1", range(3, 9)))  # a redelivery overlapping the first
    runner.process_batch(_batch("p-1", range(1, 9)))
    assert snapshot(engine)[0][1:3] == (8, 8)
    assert _stream_version(engine, "contract", "p-1") == 8 and _count(engine, outbox) == 0


def test_a_big_batch_looks_up_seen_ids_in_chunks(engine: Engine) -> None:
    create_tables(engine)
    runner = ProjectionRunner(
        StreamCounts("contract", [TOPIC]), engine, service="svc", dead_letter_topic="dlq"
    )
    batch = [
        InboundMessage(TOPIC, 0, i, b"k", event_bytes(f"p-{i % 50}", i // 50 + 1))
        for i in range(2500)
    ]
    assert runner.process_batch(batch).processed == 2500
    again = runner.process_batch(batch)
    assert (again.processed, again.skipped) == (0, 2500)
    assert sum(row[1] for row in snapshot(engine)) == 2500


def _stream_version(engine: Engine, consumer: str, stream_id: str) -> int:
    sp = stream_positions.c
    q = select(sp.version).where(sp.consumer == consumer, sp.stream_key == f"{TOPIC}|{stream_id}")
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())
