"""Ask the broker whether it still holds what the relay published.

The embedded Tansu keeps topics in memory: after a restart they are gone, or come back empty
(another service recreated them, or the broker auto-created them on a produce). The relay
remembers, per partition, the record it put at the highest offset; that record must still be
there with the same key and value. Offsets are read from a Fetch (its high watermark), never
from ListOffsets: on this Tansu build ``end_offsets()`` reports the base offset of the last
batch, not the high watermark.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.cluster import ClusterMetadata
from aiokafka.errors import OffsetOutOfRangeError

from shared.outbox.rows import Mark
from shared.runtime.topics import TopicSpec, ensure_topics


def absent_topics(metadata: ClusterMetadata, topics: Iterable[str]) -> set[str]:
    return {t for t in topics if not metadata.partitions_for_topic(t)}


def short_topics(metadata: ClusterMetadata, specs: Iterable[TopicSpec]) -> list[TopicSpec]:
    """Topics that exist with fewer partitions than their spec: auto-created by the broker."""
    return [s for s in specs if 0 < len(metadata.partitions_for_topic(s.name) or ()) < s.partitions]


async def recreate_topics(
    bootstrap_servers: str, specs: Sequence[TopicSpec], timeout_ms: int
) -> None:
    """Delete topics a broker auto-created with too few partitions, then create them from
    their specs (Tansu cannot add partitions). Only for topics already known to be lost."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=timeout_ms)
    await admin.start()
    try:
        await admin.delete_topics([s.name for s in specs], timeout_ms=timeout_ms)
    finally:
        await admin.close()
    await ensure_topics(bootstrap_servers, list(specs), timeout_ms)


async def lost_topics(
    bootstrap_servers: str,
    marks: Sequence[Mark],
    metadata: ClusterMetadata,
    timeout_s: float,
    request_timeout_ms: int,
) -> set[str]:
    """Topics whose latest published record is gone. Raises TimeoutError if it cannot tell.

    ``metadata`` must list all topics (a Metadata request for named topics makes Tansu
    auto-create them, which would hide the loss)."""
    lost = {
        m.topic for m in marks if m.partition not in (metadata.partitions_for_topic(m.topic) or ())
    }
    to_check = [m for m in marks if m.topic not in lost]
    if not to_check:
        return lost
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        # An offset past the end must surface as an error, not be silently reset.
        auto_offset_reset="none",
        request_timeout_ms=request_timeout_ms,
    )
    await consumer.start()
    try:
        return lost | await _fetch_marks(consumer, to_check, timeout_s)
    finally:
        await consumer.stop()


async def _fetch_marks(
    consumer: AIOKafkaConsumer, marks: Sequence[Mark], timeout_s: float
) -> set[str]:
    by_tp = {TopicPartition(m.topic, m.partition): m for m in marks}
    consumer.assign(list(by_tp))
    for tp, mark in by_tp.items():
        consumer.seek(tp, mark.offset)
    undecided = dict(by_tp)
    lost: set[str] = set()
    deadline = time.monotonic() + timeout_s
    while undecided:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no answer from the broker for {len(undecided)} partition(s)")
        for tp, mark in list(undecided.items()):
            verdict = await _check_one(consumer, tp, mark)
            if verdict is not None:
                del undecided[tp]
                if not verdict:
                    lost.add(tp.topic)
        if undecided:
            await asyncio.sleep(0.02)
    return lost


async def _check_one(consumer: AIOKafkaConsumer, tp: TopicPartition, mark: Mark) -> bool | None:
    """True: the record is there; False: it is gone; None: no answer yet."""
    try:
        batch = await consumer.getmany(tp, timeout_ms=100, max_records=1)
    except OffsetOutOfRangeError:
        return False
    records = batch.get(tp, [])
    if records:
        rec = records[0]
        return rec.offset == mark.offset and rec.key == mark.key and rec.value == mark.value
    highwater = consumer.highwater(tp)
    if highwater is not None and highwater <= mark.offset:
        return False
    return None
