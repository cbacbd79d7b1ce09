"""Read a topic from offset 0 to its end, as plain consumer with no group (the services'
offsets are left alone). The end is the high watermark from fetches, not ``end_offsets()``:
the embedded Tansu answers ListOffsets wrongly (see shared/consumer/rebuild.py)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.settings import KafkaSettings

Progress = Callable[[int, int], None]


async def read_topic(
    kafka: KafkaSettings,
    topic: str,
    *,
    on_progress: Progress | None = None,
    idle_timeout_s: float = 30.0,
) -> AsyncIterator[bytes]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka.bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        request_timeout_ms=kafka.request_timeout_ms,
    )
    try:
        # Bounded: a broker that never answers (a firewall dropping packets) must not hang
        # the auditor's command; connection refused fails at once anyway.
        await asyncio.wait_for(consumer.start(), kafka.request_timeout_ms / 1000)
    except BaseException:
        await consumer.stop()
        raise
    try:
        await consumer.topics()
        parts = [
            TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        if not parts:
            return
        consumer.assign(parts)
        for tp in parts:
            consumer.seek(tp, 0)
        pending, done, last_news = set(parts), 0, time.monotonic()
        while pending:
            fetched = await consumer.getmany(timeout_ms=500, max_records=2000)
            for records in fetched.values():
                for r in records:
                    done += 1
                    yield r.value or b""
            before = len(pending)
            pending = {tp for tp in pending if not await _at_end(consumer, tp)}
            if fetched or len(pending) < before:
                last_news = time.monotonic()
            elif time.monotonic() - last_news > idle_timeout_s:
                raise TimeoutError(f"no progress reading {topic} for {idle_timeout_s}s")
            if on_progress is not None:
                known = [consumer.highwater(tp) for tp in parts]
                on_progress(done, max(done, sum(h for h in known if h is not None)))
    finally:
        await consumer.stop()


async def _at_end(consumer: AIOKafkaConsumer, tp: TopicPartition) -> bool:
    highwater = consumer.highwater(tp)
    return highwater is not None and await consumer.position(tp) >= highwater
