"""The tracking rows of one consumer: which messages it has processed (DESIGN.md, rule 3).

Event envelopes are tracked per stream (the last version applied; the runner applies only the
next one, DESIGN.md rule 4), plus the streams waiting on a gap; other messages per message id.
Per-event rows with random ids made a million-event rebuild spend most of its time rewriting
index pages.

Runs on the driver's own cursor, inside the runner's transaction: through SQLAlchemy Core the
per-row overhead of these two statements cost more than decoding the events during a rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from shared.eventstore.bulk import chunks

_COLUMNS = 'consumer, message_id, topic, "partition", "offset", processed_at'
_STREAM_COLUMNS = 'consumer, stream_key, version, topic, "partition", "offset", processed_at'


class Tracking:
    def __init__(self, conn: Connection, consumer: str) -> None:
        self._consumer = consumer
        self._sqlite = conn.dialect.name == "sqlite"
        self._mark = "?" if self._sqlite else "%s"
        self._cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def seen(self, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` this consumer has already processed."""
        ordered = sorted(set(ids))
        found: set[str] = set()
        for chunk in chunks(ordered):
            marks = ", ".join([self._mark] * len(chunk))
            sql = (
                "SELECT message_id FROM processed_messages "
                f"WHERE consumer = {self._mark} AND message_id IN ({marks})"
            )
            self._cursor.execute(sql, (self._consumer, *chunk))
            found.update(row[0] for row in self._cursor.fetchall())
        return found

    def record(self, rows: Sequence[tuple[str, str, int, int]], now: datetime) -> None:
        """Insert ``(message_id, topic, partition, offset)`` rows, processed at ``now``."""
        if not rows:
            return
        at = self._time(now)
        marks = ", ".join([self._mark] * 6)
        sql = f"INSERT INTO processed_messages ({_COLUMNS}) VALUES ({marks})"
        params: list[tuple[Any, ...]] = [(self._consumer, *row, at) for row in rows]
        self._cursor.executemany(sql, params)

    def stream_versions(self, keys: Iterable[str]) -> dict[str, int]:
        """The last applied version of each stream among ``keys`` that this consumer knows."""
        ordered = sorted(set(keys))
        found: dict[str, int] = {}
        for chunk in chunks(ordered):
            marks = ", ".join([self._mark] * len(chunk))
            sql = (
                "SELECT stream_key, version FROM stream_positions "
                f"WHERE consumer = {self._mark} AND stream_key IN ({marks})"
            )
            self._cursor.execute(sql, (self._consumer, *chunk))
            found.update((key, int(version)) for key, version in self._cursor.fetchall())
        return found

    def advance(self, rows: Sequence[tuple[str, int, str, int, int]], now: datetime) -> None:
        """Upsert ``(stream_key, version, topic, partition, offset)``: the stream's last
        applied version (one row per stream, the last one of the batch)."""
        if not rows:
            return
        at = self._time(now)
        marks = ", ".join([self._mark] * 7)
        sql = (
            f"INSERT INTO stream_positions ({_STREAM_COLUMNS}) VALUES ({marks}) "
            "ON CONFLICT (consumer, stream_key) DO UPDATE SET version = excluded.version, "
            'topic = excluded.topic, "partition" = excluded."partition", '
            '"offset" = excluded."offset", processed_at = excluded.processed_at'
        )
        self._cursor.executemany(sql, [(self._consumer, *row, at) for row in rows])

    def waiting(self) -> dict[str, int]:
        """Every stream this consumer waits on: the highest version it saw beyond the next."""
        sql = f"SELECT stream_key, seen_version FROM stream_gaps WHERE consumer = {self._mark}"
        self._cursor.execute(sql, (self._consumer,))
        return {key: int(version) for key, version in self._cursor.fetchall()}

    def wait(self, rows: Sequence[tuple[str, int]], now: datetime) -> None:
        """Upsert ``(stream_key, seen_version)``: streams now waiting on a gap."""
        if not rows:
            return
        at = self._time(now)
        marks = ", ".join([self._mark] * 4)
        sql = (
            "INSERT INTO stream_gaps (consumer, stream_key, seen_version, noticed_at) "
            f"VALUES ({marks}) ON CONFLICT (consumer, stream_key) DO UPDATE SET "
            "seen_version = excluded.seen_version"
        )
        self._cursor.executemany(sql, [(self._consumer, key, seen, at) for key, seen in rows])

    def unwait(self, keys: Iterable[str]) -> None:
        """The streams among ``keys`` caught up: they wait no more."""
        for chunk in chunks(sorted(set(keys))):
            marks = ", ".join([self._mark] * len(chunk))
            sql = (
                f"DELETE FROM stream_gaps WHERE consumer = {self._mark} AND stream_key IN ({marks})"
            )
            self._cursor.execute(sql, (self._consumer, *chunk))

    def _time(self, value: datetime) -> Any:
        # SQLAlchemy stores SQLite datetimes as naive UTC text; match it so Core reads them back.
        if self._sqlite:
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        return value
