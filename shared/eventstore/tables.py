"""Platform tables every service database has: its events, its outbox, its consumer tracking."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()

# SQLite only autoincrements an INTEGER PRIMARY KEY.
_BigId = BigInteger().with_variant(Integer(), "sqlite")

events = Table(
    "events",
    metadata,
    Column("global_position", _BigId, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("stream_id", String(128), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("correlation_id", String(64), nullable=False),
    # The whole envelope as JSON, exactly as published.
    Column("data", Text, nullable=False),
    UniqueConstraint("stream_id", "stream_version", name="uq_events_stream_version"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", _BigId, primary_key=True, autoincrement=True),
    Column("message_id", String(64), nullable=False),
    Column("topic", String(200), nullable=False),
    Column("key", LargeBinary, nullable=False),
    Column("value", LargeBinary, nullable=False),
    Column("headers", Text, nullable=False, default="{}"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=True),
    # Where the broker put it: lets the relay notice a broker that lost what it had.
    Column("partition", Integer, nullable=True),
    Column("offset", BigInteger, nullable=True),
    Index("ix_outbox_pending", "published_at", "id"),
    # Published rows only (see migration 0002): appends do not write to it.
    Index(
        "ix_outbox_published",
        "topic",
        "partition",
        "offset",
        sqlite_where=text('"offset" IS NOT NULL'),
        postgresql_where=text('"offset" IS NOT NULL'),
    ),
)

processed_messages = Table(
    "processed_messages",
    metadata,
    Column("consumer", String(100), primary_key=True),
    Column("message_id", String(64), primary_key=True),
    Column("topic", String(200), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False),
)

# The last version of each stream a consumer has applied (see migration 0003).
stream_positions = Table(
    "stream_positions",
    metadata,
    Column("consumer", String(100), primary_key=True),
    Column("stream_key", String(400), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("topic", String(200), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False),
)

# Streams a consumer saw a version of beyond the next one: waiting on a gap (migration 0004).
stream_gaps = Table(
    "stream_gaps",
    metadata,
    Column("consumer", String(100), primary_key=True),
    Column("stream_key", String(400), primary_key=True),
    Column("seen_version", Integer, nullable=False),
    Column("noticed_at", DateTime(timezone=True), nullable=False),
)
