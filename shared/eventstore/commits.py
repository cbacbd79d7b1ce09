"""Tell whoever asked when a transaction that wrote outbox rows has ended: the relay, so it
publishes now rather than at its next poll. A petition crosses three outboxes on its way to a
department's queue (intake, routing, intake again), and a poll at each cost up to its whole
interval.

The note goes on the pooled connection and is read when the connection goes back to the pool,
which is after the commit (or the rollback: then the relay finds nothing and waits again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event

_WROTE_OUTBOX = "wrote_outbox"


def note_outbox_write(info: dict[Any, Any]) -> None:
    """Mark the pooled connection (its ``info``) as holding outbox rows in this transaction."""
    info[_WROTE_OUTBOX] = True


def on_outbox_commit(engine: Engine, callback: Callable[[], None]) -> Callable[[], None]:
    """Call ``callback``, on the thread that committed, after each transaction on ``engine``
    that wrote outbox rows; returns the function that stops it."""

    def checkin(_dbapi_conn: Any, record: Any) -> None:
        if record.info.pop(_WROTE_OUTBOX, False):
            callback()

    event.listen(engine, "checkin", checkin)
    return lambda: event.remove(engine, "checkin", checkin)
