"""Append with optimistic concurrency, read a stream, read in global order; outbox in the same
transaction (DESIGN.md, rules 1 and 2).

Global order: appends are serialised from the version check to the commit (SQLite by its
write lock taken at BEGIN IMMEDIATE, PostgreSQL by a transaction-scoped advisory lock), so
positions become visible in the order they were assigned and ``read_all(after=p)`` can never
skip a row that committed late.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

import psycopg
from anyio import to_thread
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from shared.eventstore.commits import note_outbox_write
from shared.eventstore.db import begin_write, read_only
from shared.eventstore.hotpath import CursorWriter
from shared.eventstore.tables import events
from shared.schemas.catalog import EventEnvelope, decode_event
from shared.schemas.envelope import Actor, Envelope, new_id, utcnow
from shared.schemas.upcasting import UPCASTERS

# The driver's own exception classes: the hot path runs on its cursor.
_INTEGRITY_ERRORS = (sqlite3.IntegrityError, psycopg.errors.IntegrityError, IntegrityError)

T = TypeVar("T")

# Any constant works; it only has to be the same for every appender of one database.
_APPEND_LOCK_KEY = 0x5EA1_0001


class ConcurrencyConflict(Exception):
    """The stream is not at the version the command was decided against."""

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(f"stream {stream_id}: expected version {expected}, found {actual}")
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


@dataclass(frozen=True)
class NewEvent:
    """An event about to be appended; the store assigns its version and position."""

    payload: Any  # a payload model from shared.schemas with a ``type`` field
    actor: Actor
    correlation_id: str
    causation_id: str | None = None
    occurred_at: datetime = field(default_factory=utcnow)
    event_id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class OutboxMessage:
    topic: str
    key: bytes
    value: bytes
    message_id: str = field(default_factory=new_id)
    headers: dict[str, str] = field(default_factory=dict)


class UnitOfWork:
    """One transaction: appends and outbox rows commit together or not at all."""

    def __init__(
        self,
        conn: Connection | None,
        topic: str | None,
        writer: CursorWriter | None = None,
        pooled_info: dict[Any, Any] | None = None,
    ) -> None:
        # Either a Core connection (read models may write in the same transaction) or, for
        # a bare append, only the driver's cursor and the pooled connection's ``info``.
        self._conn = conn
        self._topic = topic
        self._locked = False
        self._writer = writer
        self._pooled_info = pooled_info

    @property
    def _cursor(self) -> CursorWriter:
        if self._writer is None:
            assert self._conn is not None
            self._writer = CursorWriter.of(self._conn)
        return self._writer

    @property
    def connection(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("this unit of work runs on a bare driver connection")
        return self._conn

    def _lock_appends(self) -> None:
        if not self._locked and self._cursor.postgres:
            self._cursor.advisory_lock(_APPEND_LOCK_KEY)
        self._locked = True

    def current_version(self, stream_id: str) -> int:
        return self._cursor.stream_version(stream_id)

    def append(
        self, stream_id: str, expected_version: int, new_events: Sequence[NewEvent]
    ) -> list[EventEnvelope]:
        """Append after ``expected_version``; publish to the store's topic through the outbox."""
        self._lock_appends()
        actual = self.current_version(stream_id)
        if actual != expected_version:
            raise ConcurrencyConflict(stream_id, expected_version, actual)
        recorded_at = utcnow()
        stored = [
            _envelope(stream_id, expected_version + i, new, recorded_at)
            for i, new in enumerate(new_events, start=1)
        ]
        # Encode once: the stored JSON, and (with its position spliced in) the published one.
        encoded = [env.model_dump_json() for env in stored]
        writer = self._cursor
        try:
            recorded = writer.time(recorded_at)
            positions = writer.insert_events(
                [
                    _event_row(env, data, writer, recorded)
                    for env, data in zip(stored, encoded, strict=True)
                ]
            )
        except _INTEGRITY_ERRORS as exc:
            # A writer outside this lock (another database client) took the version.
            raise ConcurrencyConflict(
                stream_id, expected_version, self.current_version(stream_id)
            ) from exc
        stored = [
            env.model_copy(update={"global_position": pos})
            for env, pos in zip(stored, positions, strict=True)
        ]
        if self._topic is not None:
            self.add_outbox(
                [
                    OutboxMessage(
                        self._topic,
                        env.key(),
                        _with_position(data, env.global_position),
                        env.event_id,
                        _headers(env),
                    )
                    for env, data in zip(stored, encoded, strict=True)
                ]
            )
        return stored

    def add_outbox(self, messages: Sequence[OutboxMessage]) -> None:
        if not messages:
            return
        # Outbox ids must commit in id order too (the relay sends per key in id order), so
        # every outbox writer, not only appends, takes the append lock.
        self._lock_appends()
        writer = self._cursor
        now = writer.time(utcnow())
        writer.insert_outbox(
            [(m.message_id, m.topic, m.key, m.value, json.dumps(m.headers), now) for m in messages]
        )
        info = self._conn.connection.info if self._conn is not None else self._pooled_info
        if info is not None:
            note_outbox_write(info)  # the relay is woken once this commits


class EventStore:
    def __init__(self, engine: Engine, topic: str | None = None) -> None:
        self.engine = engine
        self.topic = topic

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        with self.engine.begin() as conn:
            yield UnitOfWork(conn, self.topic)

    async def transact(self, work: Callable[[UnitOfWork], T]) -> T:
        """``work`` in one unit of work, called from the event loop.

        SQLite lives in this process: a unit of work is a few statements on a local file,
        about a millisecond, and only one writer runs at a time anyway. So it runs right here
        on the loop. Handed to a worker thread, the two threads traded the GIL on every
        statement and intake registered a quarter fewer petitions per second (``sunshine
        bench -p intake``). The loop does wait while a worker thread (the relay, a consumer's
        batch) holds the writer lock for its one transaction.

        PostgreSQL waits on the network, so there the work goes to a worker thread and the
        loop serves other requests meanwhile.
        """
        if self.engine.dialect.name == "sqlite":
            return self._in_unit_of_work(work)
        return await to_thread.run_sync(self._in_unit_of_work, work)

    def _in_unit_of_work(self, work: Callable[[UnitOfWork], T]) -> T:
        with self.unit_of_work() as uow:
            return work(uow)

    def append(
        self, stream_id: str, expected_version: int, new_events: Sequence[NewEvent]
    ) -> list[EventEnvelope]:
        """Append in a transaction of its own, on a bare pooled connection: without Core's
        connection and transaction objects, which cost a single append a third of its time."""
        raw = self.engine.raw_connection()
        try:
            begin_write(self.engine, raw)
            writer = CursorWriter(self.engine.dialect.name, raw.driver_connection)
            stored = UnitOfWork(None, self.topic, writer, raw.info).append(
                stream_id, expected_version, new_events
            )
            raw.commit()
            return stored
        except BaseException:
            raw.rollback()
            raise
        finally:
            raw.close()

    def read_stream(self, stream_id: str, from_version: int = 1) -> list[EventEnvelope]:
        q = (
            select(events.c.data, events.c.global_position)
            .where(events.c.stream_id == stream_id, events.c.stream_version >= from_version)
            .order_by(events.c.stream_version)
        )
        with self.engine.connect() as conn:
            rows = read_only(conn).execute(q).all()
        return [_decode_row(data, pos) for data, pos in rows]

    def read_all(self, after: int = 0, limit: int = 1000) -> list[EventEnvelope]:
        """Events after global position ``after``, in global order."""
        q = (
            select(events.c.data, events.c.global_position)
            .where(events.c.global_position > after)
            .order_by(events.c.global_position)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = read_only(conn).execute(q).all()
        return [_decode_row(data, pos) for data, pos in rows]

    def stream_version(self, stream_id: str) -> int:
        with self.engine.connect() as conn:
            return UnitOfWork(read_only(conn), None).current_version(stream_id)


def _envelope(stream_id: str, version: int, new: NewEvent, recorded_at: datetime) -> EventEnvelope:
    event_type = new.payload.type
    return EventEnvelope(
        event_id=new.event_id,
        event_type=event_type,
        schema_version=UPCASTERS.current_version(event_type),
        stream_id=stream_id,
        stream_version=version,
        occurred_at=new.occurred_at,
        recorded_at=recorded_at,
        actor=new.actor,
        correlation_id=new.correlation_id,
        causation_id=new.causation_id,
        payload=new.payload,
    )


def _with_position(data: str, position: int | None) -> bytes:
    # The header fields precede the payload, so the first match is the envelope's own field.
    return data.replace('"global_position":null', f'"global_position":{position}', 1).encode()


def _event_row(env: Envelope, data: str, writer: CursorWriter, recorded: Any) -> tuple[Any, ...]:
    return (
        env.event_id,
        env.stream_id,
        env.stream_version,
        env.event_type,
        env.schema_version,
        writer.time(env.occurred_at),
        recorded,
        env.correlation_id,
        data,
    )


def _decode_row(data: str, position: int) -> EventEnvelope:
    return decode_event(data).model_copy(update={"global_position": position})


def _headers(env: Envelope) -> dict[str, str]:
    return {
        "event_type": env.event_type,
        "schema_version": str(env.schema_version),
        "correlation_id": env.correlation_id,
    }
