"""CatchUp: caught up once the group's committed offsets reach the high watermarks the
consumer first saw, and for good after that."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiokafka import TopicPartition

from shared.consumer import CatchUp

A, B = TopicPartition("petition.events", 0), TopicPartition("petition.events", 1)


@dataclass
class FakeConsumer:
    highwaters: dict[TopicPartition, int | None]
    committed_offsets: dict[TopicPartition, int | None] = field(default_factory=dict)

    def assignment(self) -> set[TopicPartition]:
        return set(self.highwaters)

    def highwater(self, tp: TopicPartition) -> int | None:
        return self.highwaters[tp]

    async def committed(self, tp: TopicPartition) -> int | None:
        return self.committed_offsets.get(tp)


@dataclass
class Subscriber:
    consumer: Any = None


async def test_not_caught_up_before_the_consumer_started_or_fetched() -> None:
    sub = Subscriber()
    check = CatchUp(sub)
    assert not await check()
    sub.consumer = FakeConsumer({A: 10, B: None})  # no Fetch answer for B yet
    assert not await check()


async def test_caught_up_when_commits_reach_the_first_high_watermarks_and_stays_so() -> None:
    consumer = FakeConsumer({A: 10, B: 0}, {A: 4})
    check = CatchUp(Subscriber(consumer))
    assert not await check()
    consumer.highwaters[A] = 50  # newer events do not move the target
    consumer.committed_offsets[A] = 10
    assert await check()
    consumer.committed_offsets[A] = None  # e.g. the broker is away now
    assert await check()


async def test_an_empty_partition_needs_no_commit() -> None:
    assert await CatchUp(Subscriber(FakeConsumer({A: 0, B: 0})))()
