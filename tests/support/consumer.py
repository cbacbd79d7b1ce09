"""A small projection and event factory for tests of consumers (no service depends on it).

``StreamCounts`` counts events per stream in a table of its own; a petition closed with the
reason ``"poison"`` makes ``apply`` fail (a poison message), and ``fail_next`` makes the next
applies fail with a transient error (the database or a dependency is down).
"""

from __future__ import annotations

import itertools
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
from shared.schemas.envelope import SYSTEM_ACTOR, Actor
from shared.schemas.petition import PetitionClosed

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


# -- petition streams for services' projection tests ------------------------------------------

TEST_INTAKE_ACTOR = Actor(user_id="intake-test", role="registrar", org="320812-XFJ")
_PETITION_IDS = uuid.UUID("a4c3f0e2-5b1d-4c8e-9f7a-2d6b8e1c3f50")
_STREAM_EPOCH = datetime(2025, 3, 3, 9, tzinfo=UTC)


class PetitionStream:
    """One petition's events, numbered as intake would number them. Ids are derived from
    (petition, version), so building the same stream again gives the same events."""

    def __init__(self, petition_id: str, actor: Actor = TEST_INTAKE_ACTOR) -> None:
        self.petition_id = petition_id
        self.actor = actor
        self.version = 0

    def recorded_at(self, payload: Any) -> datetime:
        """When the event was recorded; services whose projections date things by the
        event's own day override this."""
        return _STREAM_EPOCH + timedelta(minutes=self.version)

    def event(self, payload: Any) -> EventEnvelope:
        self.version += 1
        at = self.recorded_at(payload)
        return EventEnvelope(
            event_id=str(uuid.uuid5(_PETITION_IDS, f"{self.petition_id}/{self.version}")),
            event_type=payload.type,
            schema_version=1,
            stream_id=self.petition_id,
            stream_version=self.version,
            occurred_at=at,
            recorded_at=at,
            actor=self.actor,
            correlation_id=f"corr-{self.petition_id}",
            payload=payload,
        )


_offsets = itertools.count()


def message(event: EventEnvelope, topic: str = "petition.events") -> InboundMessage:
    """An event as a consumer receives it (partition 0, the next offset)."""
    return InboundMessage(
        topic=topic,
        partition=0,
        offset=next(_offsets),
        key=event.stream_id.encode(),
        value=encode_event(event),
    )
