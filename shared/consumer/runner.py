"""Apply batches of messages to a projection: exactly one effect per message, never a lost one.

One transaction per batch holds the read-model writes, the tracking rows and the dead letters
(DESIGN.md, rules 3 and 4). The offset is committed by the caller only after it returns, so a
crash in between redelivers messages that the tracking rows then skip.

Events of a versioned stream are applied in strict order (rule 4): only the next version; a
seen one is a duplicate, a later one a gap (``shared.consumer.gaps``). The order is not the
log's: a relay retry that reached a restarted broker put version 3 of a stream at offset 0,
ahead of the republished versions 1 to 3.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import Connection, Engine, delete
from structlog.contextvars import bind_contextvars, reset_contextvars

from shared.consumer import metrics
from shared.consumer.gaps import Gap, WaitingStreams
from shared.consumer.message import InboundMessage
from shared.consumer.peek import stream_of
from shared.consumer.projection import Projection, is_transient
from shared.consumer.tracking import Tracking
from shared.eventstore.store import OutboxMessage, UnitOfWork
from shared.eventstore.tables import processed_messages, stream_gaps, stream_positions
from shared.schemas.deadletter import DeadLetter
from shared.schemas.envelope import utcnow

log = structlog.get_logger(__name__)

_MAX_ID = 64  # processed_messages.message_id
# Dead-letter ids derive from (consumer, message id): a rebuild that fails on the same
# message again produces the same id, so readers of the dead-letter topic can dedupe.
_DEAD_LETTER_NS = uuid.UUID("6f1d7c1e-3b9a-4c55-9a51-5d1b0b7f0c2e")


@dataclass(frozen=True)
class BatchResult:
    processed: int = 0
    skipped: int = 0
    dead_lettered: int = 0
    gaps: int = 0  # events beyond their stream's next version: not applied, not marked seen


@dataclass
class Decoded:
    """A message with what decoding it gave (the event, or the error that dead-letters it)."""

    msg: InboundMessage
    message_id: str
    event: Any = None
    error: BaseException | None = None
    # (topic|stream id, version) for event envelopes: tracked per stream, not per message.
    stream: tuple[str, int] | None = None


@dataclass
class Sorted:
    """A batch sorted against the tracking rows (``ProjectionRunner._sort``)."""

    fresh: list[Decoded] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    # Each versioned stream of the batch: its version once the fresh items are applied.
    known: dict[str, int] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)


class ProjectionRunner:
    def __init__(
        self, projection: Projection, engine: Engine, *, service: str, dead_letter_topic: str
    ) -> None:
        self.projection = projection
        self.engine = engine
        self.service = service
        self.dead_letter_topic = dead_letter_topic
        self.waiting = WaitingStreams(projection.name)

    @property
    def name(self) -> str:
        return self.projection.name

    def process_batch(self, messages: Sequence[InboundMessage]) -> BatchResult:
        """Apply what is new in one transaction; raise (nothing committed) on transient errors."""
        return self.apply_decoded(self.decode(messages))

    def decode(self, messages: Sequence[InboundMessage]) -> list[Decoded]:
        """The first half of ``process_batch``, without the database: a rebuild decodes the
        next batch while the database writes the previous one."""
        return [self._decode(m) for m in messages]

    def apply_decoded(self, items: list[Decoded]) -> BatchResult:
        """The second half of ``process_batch``: one transaction for what ``decode`` gave."""
        if not items:
            return BatchResult()
        try:
            with self.engine.begin() as conn:
                tracking = Tracking(conn, self.name)
                self.waiting.load(tracking)
                batch = self._sort(tracking, items)
                fresh = batch.fresh
                self._apply_all(conn, [i for i in fresh if i.error is None])
                failed = [i for i in fresh if i.error is not None]
                self._write_dead_letters(conn, failed)
                # Dead-lettered ones too: they are done with, and must not come back.
                _track(tracking, fresh)
                change = self.waiting.settle(tracking, batch.known, batch.keys, batch.gaps)
        except Exception:
            metrics.ERRORS.labels(self.name).inc()
            raise
        gaps = len(batch.gaps)
        skipped = len(items) - len(fresh) - gaps
        result = BatchResult(len(fresh) - len(failed), skipped, len(failed), gaps)
        self.waiting.committed(change)
        self._after_commit(result, fresh, failed)
        return result

    def restore(self) -> None:
        """Set the gap gauge from the tracking rows: at start, once the database is migrated,
        so a restarted service shows the streams still waiting before any batch comes."""
        with self.engine.connect() as conn:
            self.waiting.load(Tracking(conn, self.name))

    def reset(self) -> None:
        """Forget everything this consumer built, so it can be rebuilt from offset 0."""
        with self.engine.begin() as conn:
            for table in reversed(self.projection.tables):
                conn.execute(delete(table))
            conn.execute(
                delete(processed_messages).where(processed_messages.c.consumer == self.name)
            )
            conn.execute(delete(stream_positions).where(stream_positions.c.consumer == self.name))
            conn.execute(delete(stream_gaps).where(stream_gaps.c.consumer == self.name))
        self.waiting.forget()

    # -- steps of a batch -------------------------------------------------------------------

    def _decode(self, msg: InboundMessage) -> Decoded:
        try:
            event = self.projection.decode(msg)
        except Exception as exc:
            # An event whose header still reads is dead-lettered in its stream's order and
            # advances it: else every later version of the stream would wait on it forever.
            peeked = stream_of(msg.value)
            stream = (f"{msg.topic}|{peeked[0]}", peeked[1]) if peeked else None
            return Decoded(msg, message_id(None, msg), error=exc, stream=stream)
        return Decoded(msg, message_id(event, msg), event=event, stream=_stream(event, msg))

    def _sort(self, tracking: Tracking, items: list[Decoded]) -> Sorted:
        """The items to apply, in order: for a versioned stream only its next version (a
        repeat inside the batch counts once, a later one is a gap); any other message once
        by id.

        Messages that are not versioned streams keep the order of their partition (one key
        on one partition), and need no more: a command on ``petition.commands`` carries the
        version it expects, so intake refuses one that comes late instead of misapplying
        it; a command outcome answers one command id. Supervision's facts are versioned
        streams (its own event store) and get the strict order like petition events."""
        batch = Sorted(keys={i.stream[0] for i in items if i.stream})
        known = batch.known = tracking.stream_versions(batch.keys)
        seen = tracking.seen(i.message_id for i in items if not i.stream)
        for item in items:
            if item.stream is not None:
                key, version = item.stream
                expected = known.get(key, 0) + 1
                if version > expected:
                    batch.gaps.append(Gap(key, expected, version, item.msg))
                    continue
                if version < expected:
                    continue
                known[key] = version
            elif item.message_id in seen:
                continue
            else:
                seen.add(item.message_id)
            batch.fresh.append(item)
        return batch

    def _apply_all(self, conn: Connection, items: list[Decoded]) -> None:
        """Fast path: the whole batch under one savepoint. If anything in it fails, roll
        that back and redo one savepoint per message, so only the poison ones are set aside."""
        if not items:
            return
        try:
            with conn.begin_nested():
                self._apply_together(conn, items)
            return
        except Exception as exc:
            if is_transient(exc):
                raise
        for item in items:
            try:
                with conn.begin_nested():
                    self._apply(conn, item)
            except Exception as exc:
                if is_transient(exc):
                    raise
                item.error = exc

    def _apply_together(self, conn: Connection, items: list[Decoded]) -> None:
        if not self.projection.applies_in_batches():
            for item in items:
                self._apply(conn, item)
            return
        first, last = items[0].msg, items[-1].msg
        tokens = bind_contextvars(topic=first.topic, offset=first.offset, last_offset=last.offset)
        try:
            self.projection.apply_batch(conn, [(i.event, i.msg) for i in items])
        finally:
            reset_contextvars(**tokens)

    def _apply(self, conn: Connection, item: Decoded) -> None:
        # Every log line written while the message is applied carries its coordinates.
        msg, event = item.msg, item.event
        tokens = bind_contextvars(
            topic=msg.topic,
            partition=msg.partition,
            offset=msg.offset,
            event_id=getattr(event, "event_id", None),
            correlation_id=getattr(event, "correlation_id", None),
        )
        try:
            self.projection.apply(conn, event, msg)
        finally:
            reset_contextvars(**tokens)

    def _write_dead_letters(self, conn: Connection, failed: list[Decoded]) -> None:
        # Into the outbox, in this transaction: a dead letter commits with its tracking row
        # or not at all, so it cannot vanish between the commit and a publish.
        UnitOfWork(conn, None).add_outbox([self._dead_letter(item) for item in failed])

    def _dead_letter(self, item: Decoded) -> OutboxMessage:
        assert item.error is not None
        m = item.msg
        letter = DeadLetter.build(
            consumer=self.name,
            service=self.service,
            message_id=item.message_id,
            topic=m.topic,
            partition=m.partition,
            offset=m.offset,
            timestamp_ms=m.timestamp_ms,
            key=m.key,
            value=m.value,
            exc=item.error,
        )
        return OutboxMessage(
            topic=self.dead_letter_topic,
            key=m.key or b"",
            value=letter.model_dump_json().encode(),
            message_id=str(uuid.uuid5(_DEAD_LETTER_NS, f"{self.name}|{item.message_id}")),
            headers={"content-type": "application/json", "consumer": self.name},
        )

    def _after_commit(
        self, result: BatchResult, fresh: list[Decoded], failed: list[Decoded]
    ) -> None:
        labels = self.name
        metrics.PROCESSED.labels(labels).inc(result.processed)
        metrics.SKIPPED.labels(labels).inc(result.skipped)
        if failed:
            metrics.ERRORS.labels(labels).inc(len(failed))
            metrics.DEAD_LETTERED.labels(labels).inc(len(failed))
        for item in failed:
            # Never the payload or the error text: both can carry personal data.
            log.warning(
                "message dead-lettered",
                consumer=self.name,
                topic=item.msg.topic,
                partition=item.msg.partition,
                offset=item.msg.offset,
                error_type=type(item.error).__name__,
            )
        applied = [i for i in fresh if i.error is None]
        if applied:
            metrics.LAG_SECONDS.labels(labels).set(max(0.0, time.time() - _event_time(applied[-1])))


def message_id(event: Any, msg: InboundMessage) -> str:
    """The event's id when it has one; else its position plus a digest of its bytes.

    The digest matters after the embedded broker restarts: offsets begin again at 0, and a
    different message at a tracked position must not be taken for the one seen before.
    """
    event_id = getattr(event, "event_id", None)
    if isinstance(event_id, str) and event_id:
        return _fit(event_id)
    digest = hashlib.blake2b(msg.value, digest_size=8).hexdigest()
    return _fit(f"{msg.position}:{digest}")


def _fit(message_id: str) -> str:
    """Ids longer than the tracking column are replaced by a digest of themselves."""
    if len(message_id) <= _MAX_ID:
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode()).hexdigest()[: _MAX_ID - 7]


def _origin(msg: InboundMessage) -> tuple[str, int, int]:
    return msg.topic, msg.partition, msg.offset


def _stream(event: Any, msg: InboundMessage) -> tuple[str, int] | None:
    stream_id = getattr(event, "stream_id", None)
    version = getattr(event, "stream_version", None)
    if isinstance(stream_id, str) and isinstance(version, int):
        return f"{msg.topic}|{stream_id}", version
    return None


def _track(tracking: Tracking, fresh: list[Decoded]) -> None:
    now = utcnow()
    tracking.record([(i.message_id, *_origin(i.msg)) for i in fresh if i.stream is None], now)
    last: dict[str, tuple[str, int, str, int, int]] = {}
    for i in fresh:
        if i.stream is not None:
            last[i.stream[0]] = (*i.stream, *_origin(i.msg))
    tracking.advance(list(last.values()), now)


def _event_time(item: Decoded) -> float:
    recorded = getattr(item.event, "recorded_at", None)
    if isinstance(recorded, datetime):
        return recorded.timestamp()
    return item.msg.timestamp_ms / 1000
