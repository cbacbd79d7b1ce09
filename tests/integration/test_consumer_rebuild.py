"""Rebuild from offset 0 (DESIGN.md, rule 5): a projection rebuilt into a fresh database, or in
place, comes out identical to the one the live consumer built."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from shared.consumer import ProjectionRunner, rebuild
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.runtime.broker import EmbeddedBroker
from shared.runtime.topics import TopicSpec, ensure_topics
from shared.settings import KafkaSettings
from tests.integration.test_consumer_kafka import (
    Message,
    _events,
    _outbox_letters,
    live,
    produce,
    wait_for,
)
from tests.support.consumer import POISON, StreamCounts, create_tables, snapshot

pytestmark = pytest.mark.integration


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Engine]:
    """A second database that has never seen the topic."""
    eng = make_engine(f"sqlite:///{tmp_path / 'rebuilt.sqlite3'}")
    migrate(eng)
    create_tables(eng)
    yield eng
    eng.dispose()


def _history() -> list[Message]:
    """Interleaved streams over the partitions, with one message of each poison kind."""
    out: list[Message] = []
    for version in range(1, 16):
        for n in range(12):
            out += _events(f"p-{n}", range(version, version + 1))
    out.insert(40, (b"p-3", b"not json at all", []))
    out += _events("p-5", range(16, 17), reason=POISON)
    return out


def _comparable(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    # SQLite hands back naive datetimes, PostgreSQL aware ones: compare the instants.
    def norm(v: Any) -> Any:
        if isinstance(v, datetime):
            return v.astimezone(UTC) if v.tzinfo else v.replace(tzinfo=UTC)
        return v

    return [tuple(norm(v) for v in row) for row in rows]


async def test_a_rebuilt_projection_equals_the_live_one(
    broker: EmbeddedBroker, engine: Engine, fresh: Engine, topic_prefix: str
) -> None:
    bootstrap = broker.bootstrap_servers
    topic = f"{topic_prefix}.petition.events"
    await ensure_topics(bootstrap, [TopicSpec(topic, 6)])
    create_tables(engine)
    history = _history()
    await produce(bootstrap, topic, history)
    name = f"{topic_prefix}-counts"
    live_runner = ProjectionRunner(
        StreamCounts(name, [topic]), engine, service="svc", dead_letter_topic="dlq"
    )
    async with live(bootstrap, live_runner, batch_size=50):
        await wait_for(lambda: _total(engine, 12 * 15))
        await wait_for(lambda: _letters(engine, 2))
    built_live = _comparable(snapshot(engine))

    progress: list[tuple[int, int]] = []
    rebuilt = ProjectionRunner(
        StreamCounts(name, [topic]), fresh, service="svc", dead_letter_topic="dlq"
    )
    stats = await rebuild(
        rebuilt, _kafka(bootstrap), on_progress=lambda d, t: progress.append((d, t))
    )

    assert _comparable(snapshot(fresh)) == built_live
    assert stats.events == len(history) and stats.seconds > 0
    assert progress[-1] == (len(history), len(history))
    assert len(_outbox_letters(fresh)) == 2  # the poison is set aside again, not lost

    in_place = await rebuild(live_runner, _kafka(bootstrap), batch_size=7)
    assert in_place.events == len(history)
    assert _comparable(snapshot(engine)) == built_live


async def test_rebuilding_from_an_empty_topic_finishes_with_nothing(
    broker: EmbeddedBroker, fresh: Engine, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}.empty"
    await ensure_topics(broker.bootstrap_servers, [TopicSpec(topic, 3)])
    runner = ProjectionRunner(
        StreamCounts("empty", [topic]), fresh, service="s", dead_letter_topic="d"
    )
    stats = await rebuild(runner, _kafka(broker.bootstrap_servers), idle_timeout_s=20)
    assert stats.events == 0 and snapshot(fresh) == []


async def test_rebuild_reads_every_partition_to_its_high_watermark(
    broker: EmbeddedBroker, fresh: Engine, topic_prefix: str
) -> None:
    # One busy partition among empty ones, across two topics.
    topics = [f"{topic_prefix}.a", f"{topic_prefix}.b"]
    await ensure_topics(broker.bootstrap_servers, [TopicSpec(t, 4) for t in topics])
    await produce(broker.bootstrap_servers, topics[0], _events("only", range(1, 801)))
    await produce(broker.bootstrap_servers, topics[1], _events("other", range(1, 4)))
    runner = ProjectionRunner(StreamCounts("hw", topics), fresh, service="s", dead_letter_topic="d")
    stats = await rebuild(runner, _kafka(broker.bootstrap_servers), batch_size=100)
    assert stats.events == 803
    assert [row[:3] for row in snapshot(fresh)] == [("only", 800, 800), ("other", 3, 3)]


def _kafka(bootstrap: str) -> KafkaSettings:
    return KafkaSettings(bootstrap_servers=bootstrap)


async def _total(engine: Engine, expected: int) -> bool:
    return sum(row[1] for row in snapshot(engine)) == expected


async def _letters(engine: Engine, expected: int) -> bool:
    return len(_outbox_letters(engine)) == expected
