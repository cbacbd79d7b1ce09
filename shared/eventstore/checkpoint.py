"""WAL checkpoints on a thread of their own, off the request path (SQLite only).

SQLite checkpoints when a commit finds the WAL past ``wal_autocheckpoint`` pages, in the
committing connection. Our writer lock (``db.py``) is released only when that connection
goes back to the pool, so every other writer of the process waited for the checkpoint: the
slowest requests of intake's open-loop latency run. A PASSIVE checkpoint every second on a
separate connection keeps the WAL short, so commits rarely reach the threshold; PASSIVE never
waits for readers or writers, and sqlite3 releases the GIL while it copies pages.
"""

from __future__ import annotations

import sqlite3
import threading

import structlog
from sqlalchemy import Engine

log = structlog.get_logger(__name__)


class WalCheckpointer:
    @staticmethod
    def applies_to(engine: Engine) -> bool:
        """Only a SQLite file database has a WAL (not PostgreSQL, not ``:memory:``)."""
        return engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")

    def __init__(self, engine: Engine, interval_s: float = 1.0) -> None:
        if not self.applies_to(engine):
            raise ValueError("only a SQLite file database has a WAL to checkpoint")
        self.path = str(engine.url.database)
        self.interval_s = interval_s
        self.checkpoints = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="wal-checkpointer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=1.0, check_same_thread=False)
        try:
            while not self._stop.wait(self.interval_s):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except sqlite3.Error as exc:  # busy, or the file is being replaced
                    log.warning("wal checkpoint failed", error_type=type(exc).__name__)
        finally:
            conn.close()
