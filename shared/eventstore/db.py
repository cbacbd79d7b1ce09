"""Engines for the service databases: SQLite (embedded default) or PostgreSQL."""

from __future__ import annotations

import sqlite3
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from shared.eventstore.fairlock import FairLock

_BUSY_TIMEOUT_S = 30.0
# Threads a service runs its blocking work on (shared.service.app caps the thread pool).
POOL_SIZE = 16
_BULK_CACHE_KIB = 128 * 1024
_BULK_MMAP_BYTES = 1 << 30


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, bulk: bool = False, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and writers that lock on BEGIN.

    ``bulk``: for one process rewriting a whole read model (``sunshine rebuild``). SQLite
    gets a 128 MiB page cache, memory-mapped reads and a checkpoint every ~200 MB of WAL
    instead of ~40 MB: a rebuild's batches touch pages all over a table bigger than the
    default 2 MiB cache (routing's queues, the first 600,000 events of the bench log applied
    in process: 16,400 -> 19,900 events/s). Services keep the defaults, which bound their
    resident memory.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **kwargs)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # A pool as large as the threads that use it: a connection opened past the pool is
    # closed again at check-in, and opening one runs four PRAGMAs (under load, intake spent
    # more time opening and closing overflow connections than running its statements).
    if parsed.database and parsed.database != ":memory:":
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", POOL_SIZE)
    engine = create_engine(url, connect_args={"timeout": _BUSY_TIMEOUT_S}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (the driver's implicit BEGIN is DEFERRED).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA wal_autocheckpoint={50_000 if bulk else 10_000}")
        cur.execute("PRAGMA foreign_keys=ON")
        if bulk:
            cur.execute(f"PRAGMA cache_size=-{_BULK_CACHE_KIB}")
            cur.execute(f"PRAGMA mmap_size={_BULK_MMAP_BYTES}")
        cur.close()

    # SQLite has one writer at a time. Threads of this process queue on this lock (first
    # come, first served: fairlock.py) instead of SQLite's busy handler, which sleeps up to
    # 100 ms between tries under contention.
    # It is taken at BEGIN IMMEDIATE and released when the connection goes back to the
    # pool, i.e. after the commit or rollback.
    writer = _WRITERS[engine] = FairLock()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A writer that reads first (append checks the stream's version) must take the write
        # lock at BEGIN: a DEFERRED transaction that upgrades later fails with BUSY_SNAPSHOT.
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        if mode == "IMMEDIATE":
            _take(writer, conn.connection.info)
        # On the driver directly: a Core execution here costs more than the BEGIN itself.
        conn.connection.driver_connection.execute(f"BEGIN {mode}")

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn: Any, record: Any) -> None:
        if record.info.pop("holds_writer", False):
            writer.release()

    return engine


_WRITERS: weakref.WeakKeyDictionary[Engine, FairLock] = weakref.WeakKeyDictionary()


def _take(writer: FairLock, info: dict[Any, Any]) -> None:
    if info.get("holds_writer"):
        return
    # Time out like SQLite's own busy wait would, rather than hang for ever.
    if not writer.acquire(timeout=_BUSY_TIMEOUT_S):
        raise sqlite3.OperationalError("database is locked (writer lock timed out)")
    info["holds_writer"] = True


def begin_write(engine: Engine, raw: Any) -> None:
    """Begin a writing transaction on a raw pooled connection (``engine.raw_connection()``),
    as the ``begin`` listener does for Core connections; closing ``raw`` ends the hold."""
    if engine.dialect.name != "sqlite":
        return  # the driver begins a transaction with the first statement
    _take(_WRITERS[engine], raw.info)
    raw.driver_connection.execute("BEGIN IMMEDIATE")


def read_only(conn: Any) -> Any:
    """Execution options for a connection that only reads (no write lock on SQLite)."""
    return conn.execution_options(sqlite_begin="DEFERRED")
