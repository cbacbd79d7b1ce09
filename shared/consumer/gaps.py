"""Streams a consumer waits on: it saw a version beyond the next one (DESIGN.md, rule 4).

A gap is not applied and not marked seen; the stream goes on when the missing events arrive
(after the embedded broker restarts, the relays republish the whole log, so they do). A stream
waits until it has applied the highest version it saw beyond: that version comes again too.

The rows live in ``stream_gaps`` (the projection's own tracking), so the gauge is right after a
restart; this class mirrors them in memory, loaded once the database is migrated (the runner's
``restore``, else the first batch), and changes the mirror only after a batch's transaction
committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import structlog

from shared.consumer import metrics
from shared.consumer.message import InboundMessage
from shared.consumer.tracking import Tracking
from shared.schemas.envelope import utcnow

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Gap:
    key: str  # "<topic>|<stream id>"
    expected: int
    seen: int
    msg: InboundMessage


@dataclass
class Change:
    """What one batch does to the waiting streams, to apply to the mirror after commit."""

    waiting: dict[str, int] = field(default_factory=dict)
    resolved: set[str] = field(default_factory=set)
    gaps: list[Gap] = field(default_factory=list)


class WaitingStreams:
    def __init__(self, consumer: str) -> None:
        self._consumer = consumer
        self._waiting: dict[str, int] | None = None

    def load(self, tracking: Tracking) -> None:
        if self._waiting is None:
            self._waiting = tracking.waiting()
            metrics.STREAMS_WAITING.labels(self._consumer).set(len(self._waiting))

    def settle(
        self, tracking: Tracking, known: dict[str, int], keys: Iterable[str], gaps: list[Gap]
    ) -> Change:
        """Write, in the batch's transaction, which of the batch's streams ``keys`` wait now
        (``known``: each one's version once the batch is applied)."""
        assert self._waiting is not None, "load() first"
        change = Change(gaps=gaps)
        waiting = self._waiting
        seen = {k: waiting[k] for k in set(keys) if k in waiting}
        for gap in gaps:
            seen[gap.key] = max(seen.get(gap.key, 0), gap.seen)
        for key, highest in seen.items():
            if known.get(key, 0) >= highest:
                if key in waiting:
                    change.resolved.add(key)
            elif waiting.get(key) != highest:
                change.waiting[key] = highest
        tracking.wait(sorted(change.waiting.items()), utcnow())
        tracking.unwait(change.resolved)
        return change

    def committed(self, change: Change) -> None:
        assert self._waiting is not None
        for key in change.resolved:
            self._waiting.pop(key, None)
        self._waiting.update(change.waiting)
        labels = self._consumer
        metrics.STREAMS_WAITING.labels(labels).set(len(self._waiting))
        metrics.STREAM_GAPS.labels(labels).inc(len(change.gaps))
        for gap in change.gaps:
            # The stream id and versions only: never the payload.
            log.warning(
                "stream gap: event not applied",
                consumer=labels,
                stream=gap.key,
                expected_version=gap.expected,
                seen_version=gap.seen,
                topic=gap.msg.topic,
                partition=gap.msg.partition,
                offset=gap.msg.offset,
            )

    def forget(self) -> None:
        """After a reset: nothing waits."""
        self._waiting = {}
        metrics.STREAMS_WAITING.labels(self._consumer).set(0)
