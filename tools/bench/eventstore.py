"""Event-store appends against raw INSERTs of the same rows into the same database."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from shared.eventstore import EventStore
from shared.eventstore.hotpath import CursorWriter
from shared.schemas.catalog import EventEnvelope
from shared.schemas.envelope import utcnow
from tools.bench.fixtures import fresh_database, sample_event
from tools.bench.report import Figure

_RAW_INSERT = (
    "INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, "
    "occurred_at, recorded_at, correlation_id, data) VALUES ({marks})"
)


def _raw_rows(engine: Engine, n: int, per_stream: int) -> list[tuple[Any, ...]]:
    """The rows an append would write, prepared up front so only the INSERTs are timed."""
    now = utcnow()
    rows = []
    with engine.connect() as conn:
        writer = CursorWriter.of(conn)
        for i in range(n):
            new = sample_event(i)
            env = EventEnvelope(
                event_id=new.event_id,
                event_type=new.payload.type,
                schema_version=1,
                stream_id=f"raw-{i // per_stream}",
                stream_version=i % per_stream + 1,
                occurred_at=new.occurred_at,
                recorded_at=now,
                actor=new.actor,
                correlation_id=new.correlation_id,
                payload=new.payload,
            )
            rows.append(
                (
                    env.event_id,
                    env.stream_id,
                    env.stream_version,
                    env.event_type,
                    1,
                    writer.time(now),
                    writer.time(now),
                    env.correlation_id,
                    env.model_dump_json(),
                )
            )
    return rows


def _raw_insert_rate(engine: Engine, n: int, per_tx: int) -> float:
    rows = _raw_rows(engine, n, per_tx)
    sqlite = engine.dialect.name == "sqlite"
    sql = _RAW_INSERT.format(marks=", ".join(["?" if sqlite else "%s"] * 9))
    raw = engine.raw_connection()
    try:
        driver: Any = raw.driver_connection
        cur = driver.cursor()
        start = time.perf_counter()
        for i in range(0, n, per_tx):
            if sqlite:
                cur.execute("BEGIN IMMEDIATE")
            chunk = rows[i : i + per_tx]
            if per_tx == 1:
                cur.execute(sql, chunk[0])
            else:
                cur.executemany(sql, chunk)
            driver.commit()
        return n / (time.perf_counter() - start)
    finally:
        raw.close()


def _append_rate(engine: Engine, n: int, per_tx: int) -> float:
    store = EventStore(engine, topic="bench.events")
    batches = [[sample_event(i + j) for j in range(per_tx)] for i in range(0, n, per_tx)]
    start = time.perf_counter()
    for b, batch in enumerate(batches):
        store.append(f"s-{b}", 0, batch)
    return n / (time.perf_counter() - start)


def _side_by_side(
    measure: Callable[[Engine], float],
    baseline: Callable[[Engine], float],
    db_url: str | None,
    folder: Path,
    repeats: int,
) -> tuple[list[float], list[float]]:
    ours: list[float] = []
    raw: list[float] = []
    for _ in range(repeats):
        with fresh_database(db_url, folder, "raw") as engine:
            raw.append(baseline(engine))
        with fresh_database(db_url, folder, "store") as engine:
            ours.append(measure(engine))
    return ours, raw


def bench_appends(db_url: str | None, folder: Path, repeats: int, n: int) -> list[Figure]:
    single, single_raw = _side_by_side(
        lambda e: _append_rate(e, n, 1),
        lambda e: _raw_insert_rate(e, n, 1),
        db_url,
        folder,
        repeats,
    )
    batched, batched_raw = _side_by_side(
        lambda e: _append_rate(e, n * 5, 100),
        lambda e: _raw_insert_rate(e, n * 5, 100),
        db_url,
        folder,
        repeats,
    )
    return [
        Figure(
            "platform",
            "append, 1 event/tx",
            "events/s",
            single,
            "raw single INSERT/tx",
            single_raw,
            min_ratio=0.25,
        ),
        Figure(
            "platform",
            "append, 100 events/tx",
            "events/s",
            batched,
            "raw 100-row INSERT/tx",
            batched_raw,
            min_ratio=0.25,
        ),
    ]
