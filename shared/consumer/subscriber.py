"""Wire a projection runner to a FastStream Kafka broker as a batch subscriber.

Acks are explicit (DESIGN.md, rule 3): the offset is committed only after the batch's
database transaction committed, and a batch that could not be processed is rewound so it
comes again. FastStream's own policies are unsafe here: ``ACK_FIRST`` commits before
processing and ``REJECT_ON_ERROR`` commits past a failure.

After the embedded broker restarted (``broker_restarted``, which ``sunshine run`` triggers
before the new broker listens), every subscriber reads its topics again from offset 0: they
were recreated empty and the relays republish them, so the consumer's position in the old
log means nothing in the new one. Until it has rewound it commits nothing, so no old offset
reaches the new broker.
"""

from __future__ import annotations

import asyncio
import dataclasses
import weakref
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import structlog
from aiokafka import ConsumerRecord, TopicPartition
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.kafka.subscriber.usecase import BatchSubscriber

from shared.consumer import metrics
from shared.consumer.message import InboundMessage
from shared.consumer.runner import ProjectionRunner

log = structlog.get_logger(__name__)

FETCH_MAX_WAIT_MS = 50
_BACKOFF_FIRST_S = 0.2
_BACKOFF_MAX_S = 5.0


def subscribe(
    broker: KafkaBroker,
    runner: ProjectionRunner,
    *,
    batch_size: int = 500,
    group_id: str | None = None,
) -> BatchSubscriber:
    """Register ``runner`` on its projection's topics; call before the broker starts."""
    subscriber = broker.subscriber(
        *runner.projection.topics,
        batch=True,
        group_id=group_id or runner.name,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,
        max_records=batch_size,
        # Short broker-side waits: the embedded Tansu holds an empty Fetch for the whole
        # wait instead of answering when a record arrives, so each hop of a petition's
        # path (intake -> routing -> intake -> routing) waited up to 500 ms (aiokafka's
        # default); 50 ms costs ~20 empty fetches a second per idle consumer.
        fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
        batch_timeout_ms=FETCH_MAX_WAIT_MS,
        parser=_tolerant_parser,
        decoder=_raw_values,
        title=f"{runner.name}:consume",
    )
    subscriber(_make_handler(runner))
    return subscriber


class _Rewind:
    """Set when the broker restarted: this subscriber must read its topics from offset 0."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.pending = False

    def start_over(self, consumer: Any) -> None:
        # Not seek_to_beginning (a ListOffsets request, unreliable on Tansu): 0 is the start
        # of a recreated topic. Records fetched for the old positions are dropped by aiokafka.
        partitions = sorted(consumer.assignment()) if consumer is not None else []
        for tp in partitions:
            consumer.seek(tp, 0)
        self.pending = False
        log.warning(
            "broker restarted: reading the topics again from the beginning",
            consumer=self.name,
            partitions=len(partitions),
        )


# The subscribers of this process; weakly, as the handlers hold them (tests build many
# brokers in one process).
_REWINDS: weakref.WeakSet[_Rewind] = weakref.WeakSet()


def broker_restarted() -> None:
    """The (embedded) broker restarted with empty topics: every subscriber of this process
    rewinds to offset 0 on its next batch and commits nothing before it has."""
    for rewind in list(_REWINDS):
        rewind.pending = True


def _make_handler(runner: ProjectionRunner) -> Callable[[Any, Any], Awaitable[None]]:
    lag = _LagTracker(runner.name)
    rewind = _Rewind(runner.name)
    _REWINDS.add(rewind)
    failures = 0

    async def handle(body: Any, msg: KafkaMessage) -> None:
        nonlocal failures
        records: Sequence[ConsumerRecord[Any, Any]] = msg.raw_message
        consumer = getattr(msg, "consumer", None)
        if not records:
            return
        if rewind.pending:
            # Fetched from the old log, or from the new one at an old position: not applied
            # now, read again from 0 (the tracking rows skip what was applied before).
            rewind.start_over(consumer)
            return
        batch = [InboundMessage.from_record(r) for r in records]
        try:
            await asyncio.to_thread(runner.process_batch, batch)
        except Exception as exc:
            failures += 1
            await _retry_later(runner.name, batch, exc, msg, failures)
            return
        failures = 0
        if rewind.pending:
            # The broker restarted while the batch was applied: committing its offsets would
            # write the old log's positions to the new broker.
            rewind.start_over(consumer)
            return
        await _commit(runner.name, msg)
        lag.update(consumer, records)

    return handle


async def _retry_later(
    name: str, batch: list[InboundMessage], exc: Exception, msg: Any, failures: int
) -> None:
    # Not a poison message (those are dead-lettered inside the batch): the database or a
    # dependency is down. Rewind to the batch's first records and wait before trying again.
    log.error(
        "batch failed, will retry",
        consumer=name,
        topic=batch[0].topic,
        partition=batch[0].partition,
        offset=batch[0].offset,
        size=len(batch),
        error_type=type(exc).__name__,
        attempt=failures,
    )
    await msg.nack()
    await asyncio.sleep(min(_BACKOFF_MAX_S, _BACKOFF_FIRST_S * 2 ** (failures - 1)))


async def _commit(name: str, msg: Any) -> None:
    try:
        await msg.ack()
    except Exception as exc:
        # The database already has the batch: a lost commit only means a redelivery that
        # the tracking rows skip. Keep consuming.
        log.warning("offset commit failed", consumer=name, error_type=type(exc).__name__)


class _LagTracker:
    """Sum of (high watermark - next offset) over the partitions this consumer reads."""

    def __init__(self, name: str) -> None:
        self._gauge = metrics.LAG_MESSAGES.labels(name)
        self._lag: dict[TopicPartition, int] = {}

    def update(self, consumer: Any, records: Sequence[ConsumerRecord[Any, Any]]) -> None:
        highwater = getattr(consumer, "highwater", None)
        if highwater is None:  # a test double without positions
            return
        last: dict[TopicPartition, int] = {}
        for r in records:
            last[TopicPartition(r.topic, r.partition)] = r.offset
        for tp, offset in last.items():
            hw = highwater(tp)
            if hw is not None:
                self._lag[tp] = max(0, hw - offset - 1)
        self._forget_revoked(consumer)
        self._gauge.set(sum(self._lag.values()))

    def _forget_revoked(self, consumer: Any) -> None:
        assignment = getattr(consumer, "assignment", None)
        if assignment is None:
            return
        current = assignment()
        for tp in [tp for tp in self._lag if tp not in current]:
            del self._lag[tp]


async def _tolerant_parser(records: tuple[Any, ...], default: Any) -> Any:
    """FastStream's parser decodes every header as UTF-8 and would fail the whole batch on one
    bad header, before any ack or nack: the next ack would then commit past it unseen. Parse
    copies with safe headers, then hand the handler the untouched records."""
    safe = tuple(dataclasses.replace(r, headers=_safe_headers(r.headers)) for r in records)
    message = await default(safe)
    message.raw_message = records
    return message


def _safe_headers(headers: Sequence[tuple[str, bytes | None]]) -> list[tuple[str, bytes]]:
    return [(k, (v or b"").decode("utf-8", "replace").encode()) for k, v in headers or ()]


def _raw_values(message: Any) -> list[bytes]:
    # The runner decodes; FastStream's JSON decoding of the body would only cost time.
    return [r.value or b"" for r in message.raw_message]
