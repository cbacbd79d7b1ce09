"""Append-only event store with a transactional outbox (SQLAlchemy 2; SQLite or PostgreSQL)."""

from shared.eventstore.db import make_engine
from shared.eventstore.store import (
    ConcurrencyConflict,
    EventStore,
    NewEvent,
    OutboxMessage,
    UnitOfWork,
)

__all__ = [
    "ConcurrencyConflict",
    "EventStore",
    "NewEvent",
    "OutboxMessage",
    "UnitOfWork",
    "make_engine",
]
