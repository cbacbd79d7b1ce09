"""The relay's database work: one SELECT and one UPDATE per batch, plus the rarer checks.

Pending rows are read by ``published_at IS NULL`` in id order, never by ``id > last``: a row
that commits late with a lower id is still picked up on the next pass (DESIGN.md, rule 2).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, and_, bindparam, func, select, update

from shared.eventstore.db import read_only
from shared.eventstore.tables import outbox


@dataclass(frozen=True)
class PendingRow:
    id: int
    topic: str
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


@dataclass(frozen=True)
class Published:
    id: int
    partition: int
    offset: int | None  # None when acks=0: the broker did not say


@dataclass(frozen=True)
class Mark:
    """The record the relay last put at the top of a partition, to look for on the broker."""

    topic: str
    partition: int
    offset: int
    key: bytes
    value: bytes


def _headers(raw: str | None) -> list[tuple[str, bytes]]:
    items = json.loads(raw or "{}").items()
    return [(k, v if isinstance(v, bytes) else str(v).encode()) for k, v in items]


def fetch_pending(engine: Engine, limit: int) -> list[PendingRow]:
    c = outbox.c
    q = (
        select(c.id, c.topic, c.key, c.value, c.headers)
        .where(c.published_at.is_(None))
        .order_by(c.id)
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = read_only(conn).execute(q).all()
    return [
        PendingRow(r.id, r.topic, bytes(r.key), bytes(r.value), _headers(r.headers)) for r in rows
    ]


_MARK = (
    update(outbox)
    .where(outbox.c.id == bindparam("b_id"))
    .values(
        published_at=bindparam("b_at"),
        partition=bindparam("b_partition"),
        offset=bindparam("b_offset"),
    )
)


def mark_published(engine: Engine, published: Sequence[Published]) -> None:
    now = datetime.now(UTC)
    params = [
        {"b_id": p.id, "b_at": now, "b_partition": p.partition, "b_offset": p.offset}
        for p in published
    ]
    with engine.begin() as conn:
        conn.execute(_MARK, params)


def backlog(engine: Engine) -> tuple[int, datetime | None]:
    q = select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.published_at.is_(None))
    with engine.connect() as conn:
        count, oldest = read_only(conn).execute(q).one()
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)  # SQLite hands back naive datetimes; they are UTC
    return int(count), oldest


def latest_marks(engine: Engine) -> list[Mark]:
    """Per (topic, partition), the published row with the highest offset."""
    c = outbox.c
    top = (
        select(c.topic, c.partition, func.max(c.offset).label("offset"))
        .where(c.offset.is_not(None))
        .group_by(c.topic, c.partition)
        .subquery()
    )
    q = (
        select(c.topic, c.partition, c.offset, c.key, c.value)
        .join(
            top,
            and_(c.topic == top.c.topic, c.partition == top.c.partition, c.offset == top.c.offset),
        )
        .order_by(c.topic, c.partition, c.id.desc())
    )
    with engine.connect() as conn:
        rows = read_only(conn).execute(q).all()
    marks: dict[tuple[str, int], Mark] = {}
    for r in rows:  # a row published twice at one offset cannot happen, but keep one per slot
        marks.setdefault(
            (r.topic, r.partition),
            Mark(r.topic, r.partition, r.offset, bytes(r.key), bytes(r.value)),
        )
    return list(marks.values())


def published_topics(engine: Engine) -> set[str]:
    q = select(outbox.c.topic).where(outbox.c.partition.is_not(None)).distinct()
    with engine.connect() as conn:
        return set(read_only(conn).execute(q).scalars())


def reset_topics(engine: Engine, topics: Sequence[str]) -> int:
    """Queue every row of these topics again; the loop republishes them in id order."""
    stmt = (
        update(outbox)
        .where(outbox.c.topic.in_(list(topics)), outbox.c.published_at.is_not(None))
        .values(published_at=None, partition=None, offset=None)
    )
    with engine.begin() as conn:
        return int(conn.execute(stmt).rowcount or 0)
