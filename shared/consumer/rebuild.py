"""Rebuild a projection from offset 0 (DESIGN.md, rule 5).

Reads every partition of the projection's topics with a plain consumer (assigned, no group:
the live consumer group's offsets are left alone) and feeds the runner until each partition
reaches its high watermark. Stop the live consumer of this projection first: the rebuild
empties its tables.

The end of a partition comes from the high watermark in Fetch responses
(``consumer.highwater``), not from ``end_offsets()``: the embedded Tansu answers ListOffsets
wrongly (it reported 774 for a partition whose high watermark was 800).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.consumer.message import InboundMessage
from shared.consumer.runner import Decoded, ProjectionRunner
from shared.runtime.collector import bulk_work
from shared.settings import KafkaSettings

log = structlog.get_logger(__name__)

Progress = Callable[[int, int], None]
# Records per fetch call: decoding them holds the event loop, so keep each bite small.
_FETCH = 2000


class RebuildStalled(TimeoutError):
    """No record and no new high watermark arrived for too long: the broker is unreachable."""


@dataclass(frozen=True)
class RebuildStats:
    events: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


async def rebuild(
    runner: ProjectionRunner,
    kafka: KafkaSettings,
    *,
    on_progress: Progress | None = None,
    batch_size: int = 20_000,
    idle_timeout_s: float = 30.0,
) -> RebuildStats:
    """Empty the projection, then apply every message of its topics; return what it took."""
    with bulk_work():
        return await _rebuild(runner, kafka, on_progress, batch_size, idle_timeout_s)


async def _rebuild(
    runner: ProjectionRunner,
    kafka: KafkaSettings,
    on_progress: Progress | None,
    batch_size: int,
    idle_timeout_s: float,
) -> RebuildStats:
    started = time.monotonic()
    await asyncio.to_thread(runner.reset)
    consumer = _make_consumer(kafka)
    await consumer.start()
    try:
        partitions = await _partitions(consumer, runner.projection.topics)
        consumer.assign(partitions)
        for tp in partitions:
            # Not seek_to_beginning (a ListOffsets request): offset 0 is the beginning, and
            # if retention removed it, auto_offset_reset="earliest" moves to the first kept.
            consumer.seek(tp, 0)
        reader = _Reader(consumer, runner, partitions, batch_size, idle_timeout_s)
        events = await reader.run(on_progress)
    finally:
        await consumer.stop()
    stats = RebuildStats(events, time.monotonic() - started)
    log.info("projection rebuilt", consumer=runner.name, events=events, seconds=stats.seconds)
    return stats


def _make_consumer(kafka: KafkaSettings) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        bootstrap_servers=kafka.bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        request_timeout_ms=kafka.request_timeout_ms,
        # Large fetches: a rebuild reads the whole log, and round trips dominate otherwise.
        max_partition_fetch_bytes=8 * 1024 * 1024,
        fetch_max_bytes=64 * 1024 * 1024,
    )


async def _partitions(consumer: AIOKafkaConsumer, topics: Iterable[str]) -> list[TopicPartition]:
    await consumer.topics()  # refreshes the cluster metadata
    found: list[TopicPartition] = []
    for topic in topics:
        ids = consumer.partitions_for_topic(topic)
        if not ids:
            log.warning("topic to rebuild from does not exist", topic=topic)
            continue
        found.extend(TopicPartition(topic, p) for p in sorted(ids))
    return found


class _Reader:
    """Fetch, apply, and check which partitions reached their high watermark."""

    def __init__(
        self,
        consumer: AIOKafkaConsumer,
        runner: ProjectionRunner,
        partitions: list[TopicPartition],
        batch_size: int,
        idle_timeout_s: float,
    ) -> None:
        self.consumer = consumer
        self.runner = runner
        self.pending = set(partitions)
        self.partitions = partitions
        self.batch_size = batch_size
        self.idle_timeout_s = idle_timeout_s
        self.events = 0
        self.inflight: asyncio.Future[Any] | None = None

    async def run(self, on_progress: Progress | None) -> int:
        last_news = time.monotonic()
        try:
            while self.pending:
                got = await self._step()
                if on_progress is not None:
                    on_progress(self.events, self._total_estimate())
                if got:
                    last_news = time.monotonic()
                elif time.monotonic() - last_news > self.idle_timeout_s:
                    names = self._names()
                    raise RebuildStalled(f"no progress for {self.idle_timeout_s}s on {names}")
            await self._settle()
        finally:
            if self.inflight is not None:
                self.inflight.cancel()
        return self.events

    async def _step(self) -> bool:
        """Fetch while the previous batch is applied, then hand over all that was fetched
        (up to ``batch_size``); True if anything moved (records, or a partition finished).

        Batches grow to what arrives while the database works. Big transactions are what
        keep a rebuild fast once the read model outgrows memory: each batch rewrites the
        index pages its keys land on, and with random keys (petition UUIDs) a batch of 2,000
        dirtied almost as many pages as one of 20,000 (routing's queues, the first 400,000
        events of the bench log applied in process: 10,200 events/s in batches of 2,000,
        18,100 in batches of 20,000).
        """
        decoded: list[Decoded] = []
        fetched_any = False
        while len(decoded) < self.batch_size:
            want = min(_FETCH, self.batch_size - len(decoded))
            fetched = await self.consumer.getmany(timeout_ms=self._wait_ms(), max_records=want)
            records = [r for batch in fetched.values() for r in batch]
            # Decoded here, on the event loop's thread, while the database thread writes:
            # decoding is most of the Python work of a batch.
            decoded += self.runner.decode([InboundMessage.from_record(r) for r in records])
            fetched_any = fetched_any or bool(records)
            if self.inflight is None or self.inflight.done():
                break  # the database is idle: give it what there is
            if not records and not await self._any_pending():
                break  # nothing more to fetch
        # The previous batch commits before this one starts: the projection sees the log in
        # order.
        await self._settle()
        if decoded:
            self.inflight = asyncio.ensure_future(
                asyncio.to_thread(self.runner.apply_decoded, decoded)
            )
            self.events += len(decoded)
        before = len(self.pending)
        self.pending = {tp for tp in self.pending if not await self._caught_up(tp)}
        return fetched_any or len(self.pending) < before

    def _wait_ms(self) -> int:
        # While a batch is applied, poll briefly so the hand-over is not held up by a fetch.
        return 500 if self.inflight is None or self.inflight.done() else 20

    async def _any_pending(self) -> bool:
        return any([not await self._caught_up(tp) for tp in self.pending])

    async def _settle(self) -> None:
        if self.inflight is not None:
            task, self.inflight = self.inflight, None
            await task

    async def _caught_up(self, tp: TopicPartition) -> bool:
        # highwater() is None until a Fetch response for tp arrived; an empty partition gets
        # one too (highwater 0), so it finishes after its first fetch.
        highwater = self.consumer.highwater(tp)
        if highwater is None:
            return False
        return bool(await self.consumer.position(tp) >= highwater)

    def _total_estimate(self) -> int:
        known = (self.consumer.highwater(tp) for tp in self.partitions)
        return max(self.events, sum(h for h in known if h is not None))

    def _names(self) -> str:
        return ", ".join(f"{tp.topic}:{tp.partition}" for tp in sorted(self.pending))
