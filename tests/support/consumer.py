"""A small projection and event factory for tests of consumers (no service depends on it).

``StreamCounts`` counts events per stream in a table of its own; a petition closed with the
reason ``"poison"`` makes ``apply`` fail (a poison message), and ``fail_next`` makes the next
applies fail with a transient error (the database or a dependency is down).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from shared.consumer.message import InboundMessage
from shared.consumer.projection import Projection, RetryableError
from shared.schemas.catalog import EventEnvelope, encode_event
from shared.schemas.envelope import SYSTEM_ACTOR
from shared.schemas.petition import PetitionClosed

# Petition streams for services' projection tests (the benches generate their logs with them).
from tools.bench.petitions import TEST_INTAKE_ACTOR, PetitionStream, message

POISON = "poison"
_IDS = uuid.UUID("0b5e7c52-95d4-4a8e-9d8a-1f3c2e6a7b90")
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)

metadata = MetaData()
stream_counts = Table(
    "test_stream_counts",
    metadata,
    Column("stream_id", String(128), primary_key=True),
    Column("events", Integer, nullable=False),
    Column("last_version", Integer, nullable=False),
    Column("last_recorded_at", DateTime(timezone=True), nullable=False),
)


class StreamCounts(Projection):
    tables = (stream_counts,)

    def __init__(self, name: str, topics: list[str]) -> None:
        self.name = name
        self.topics = topics
        self.fail_next = 0  # how many more applies raise a transient error

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self._check(event)
        conn.execute(_upsert(conn), [{"stream_id": event.stream_id, "events": 1, **_last(event)}])

    def apply_batch(self, conn: Connection, batch: Sequence[tuple[Any, InboundMessage]]) -> None:
        # One upsert per stream for the whole batch: the same result as one event at a time.
        totals: dict[str, dict[str, Any]] = {}
        for event, _msg in batch:
            self._check(event)
            row = totals.setdefault(event.stream_id, {"stream_id": event.stream_id, "events": 0})
            row["events"] += 1
            row.update(_last(event))
        conn.execute(_upsert(conn), list(totals.values()))

    def _check(self, event: Any) -> None:
        if self.fail_next > 0:
            self.fail_next -= 1
            raise RetryableError("dependency down")
        if isinstance(event.payload, PetitionClosed) and event.payload.reason == POISON:
            raise ValueError("this event cannot be applied")


def _last(event: Any) -> dict[str, Any]:
    return {"last_version": event.stream_version, "last_recorded_at": event.recorded_at}


def _upsert(conn: Connection) -> Any:
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(stream_counts)
    return stmt.on_conflict_do_update(
        index_elements=[stream_counts.c.stream_id],
        set_={
            "events": stream_counts.c.events + stmt.excluded.events,
            "last_version": stmt.excluded.last_version,
            "last_recorded_at": stmt.excluded.last_recorded_at,
        },
    )


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)


def snapshot(engine: Engine) -> list[tuple[Any, ...]]:
    """The table's rows, ordered: what a rebuilt projection must reproduce."""
    with engine.connect() as conn:
        rows = conn.execute(select(stream_counts).order_by(stream_counts.c.stream_id)).all()
    return [tuple(r) for r in rows]


def event(stream_id: str, version: int, reason: str = "") -> EventEnvelope:
    """The same arguments give the same event (same id): a redelivery, not a new fact."""
    recorded = EPOCH + timedelta(seconds=version)
    return EventEnvelope(
        event_id=str(uuid.uuid5(_IDS, f"{stream_id}/{version}/{reason}")),
        event_type="petition.closed",
        schema_version=1,
        stream_id=stream_id,
        stream_version=version,
        occurred_at=recorded,
        recorded_at=recorded,
        actor=SYSTEM_ACTOR,
        correlation_id=f"corr-{stream_id}-{version}",
        payload=PetitionClosed(reason=reason),
    )


def event_bytes(stream_id: str, version: int, reason: str = "") -> bytes:
    return encode_event(event(stream_id, version, reason))


__all__ = ["POISON", "TEST_INTAKE_ACTOR", "PetitionStream", "StreamCounts", "message"]
