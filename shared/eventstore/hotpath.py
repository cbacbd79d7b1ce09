"""The append hot path on the driver's cursor, inside the caller's SQLAlchemy transaction.

Appends are the write path of every command; SQLAlchemy's per-statement overhead (about
0.1 ms) is several times the cost of the statements themselves on SQLite, so the three
statements of an append go straight to the DB-API cursor. Everything else uses Core.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

_EVENT_COLUMNS = (
    "event_id, stream_id, stream_version, event_type, schema_version, "
    "occurred_at, recorded_at, correlation_id, data"
)
_OUTBOX_COLUMNS = "message_id, topic, key, value, headers, created_at"


class CursorWriter:
    """Runs the append statements on one connection, in its dialect's parameter style."""

    def __init__(self, dialect: str, driver_connection: Any) -> None:
        self._sqlite = dialect == "sqlite"
        self.postgres = dialect == "postgresql"
        mark = "?" if self._sqlite else "%s"
        self._version_sql = (
            f"SELECT COALESCE(MAX(stream_version), 0) FROM events WHERE stream_id = {mark}"
        )
        self._event_sql_plain = (
            f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES ({', '.join([mark] * 9)})"
        )
        self._event_sql = f"{self._event_sql_plain} RETURNING global_position"
        self._outbox_sql = (
            f"INSERT INTO outbox ({_OUTBOX_COLUMNS}) VALUES ({', '.join([mark] * 6)})"
        )
        self._cursor = driver_connection.cursor()

    @classmethod
    def of(cls, conn: Connection) -> CursorWriter:
        """The writer for a Core connection's current transaction."""
        return cls(conn.dialect.name, conn.connection.driver_connection)

    def advisory_lock(self, key: int) -> None:
        """PostgreSQL: a lock held until the transaction ends."""
        self._cursor.execute(f"SELECT pg_advisory_xact_lock({int(key)})")

    def time(self, value: datetime) -> Any:
        # Match SQLAlchemy's SQLite storage (naive UTC text) so Core reads these rows back.
        if self._sqlite:
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        return value

    def stream_version(self, stream_id: str) -> int:
        self._cursor.execute(self._version_sql, (stream_id,))
        return int(self._cursor.fetchone()[0])

    def insert_events(self, rows: Sequence[Sequence[Any]]) -> list[int]:
        """Insert rows in order and return their global positions."""
        if self._sqlite and len(rows) > 1:
            # The write lock is held from BEGIN IMMEDIATE, so the rowids are contiguous.
            self._cursor.executemany(self._event_sql_plain, rows)
            self._cursor.execute("SELECT last_insert_rowid()")
            last = int(self._cursor.fetchone()[0])
            return list(range(last - len(rows) + 1, last + 1))
        positions = []
        for row in rows:
            self._cursor.execute(self._event_sql, row)
            positions.append(int(self._cursor.fetchone()[0]))
        return positions

    def insert_outbox(self, rows: Sequence[Sequence[Any]]) -> None:
        self._cursor.executemany(self._outbox_sql, rows)
