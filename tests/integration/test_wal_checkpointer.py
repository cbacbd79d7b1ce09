"""The background WAL checkpointer copies committed pages into the database file, so commits
on the request path rarely have to."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import text

from shared.eventstore import make_engine
from shared.eventstore.checkpoint import WalCheckpointer


def test_committed_pages_are_checkpointed_in_the_background(tmp_path: Path) -> None:
    path = tmp_path / "wal.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"))
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO t (body) VALUES (:b)"), [{"b": "x" * 500}] * 2000)
    # Committed, but still only in the WAL: the database file has not grown yet.
    before = path.stat().st_size
    assert before < 100_000
    checkpointer = WalCheckpointer(engine, interval_s=0.05)
    checkpointer.start()
    try:
        deadline = time.monotonic() + 10
        while True:
            if path.stat().st_size > 1_000_000:  # the 2,000 rows of 500 bytes are in it
                break
            assert time.monotonic() < deadline, "the WAL was not checkpointed"
            time.sleep(0.05)
    finally:
        checkpointer.stop()
    assert checkpointer.checkpoints > 0
    engine.dispose()


def test_only_a_sqlite_file_has_a_wal() -> None:
    with pytest.raises(ValueError, match="SQLite file"):
        WalCheckpointer(make_engine("sqlite://"))
