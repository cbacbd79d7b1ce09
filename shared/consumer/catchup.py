"""Has a live consumer caught up with the log as it stood when the consumer started?

Work that reads a projection to decide something irreversible must not run on a stale one.
Supervision's scheduler is the case: after downtime, a sweep before the consumer has applied
the events published meanwhile would send an overdue event (and an accountability record) for
a petition that was answered while the service was down.

The target is each assigned partition's high watermark from the consumer's first Fetch
responses (never ListOffsets: see ``shared.outbox.probe``); caught up means the group's
committed offset (committed after the database commit, rule 3) reached it. Once true it
stays true: later lag is ordinary and the next sweep sees its effect.
"""

from __future__ import annotations

from typing import Any, Protocol

from aiokafka import TopicPartition


class _HasConsumer(Protocol):
    consumer: Any  # FastStream's subscriber holds its aiokafka consumer once started


class CatchUp:
    def __init__(self, subscriber: _HasConsumer) -> None:
        self._subscriber = subscriber
        self._targets: dict[TopicPartition, int] | None = None
        self._done = False

    async def __call__(self) -> bool:
        if self._done:
            return True
        consumer = self._subscriber.consumer
        if consumer is None:
            return False
        targets = self._targets or self._read_targets(consumer)
        if targets is None:
            return False
        self._targets = targets
        for tp, highwater in targets.items():
            if highwater > 0 and (await consumer.committed(tp) or 0) < highwater:
                return False
        self._done = True
        return True

    @staticmethod
    def _read_targets(consumer: Any) -> dict[TopicPartition, int] | None:
        assignment = consumer.assignment()
        if not assignment:
            return None  # not joined to the group yet
        found = {tp: consumer.highwater(tp) for tp in assignment}
        if any(h is None for h in found.values()):
            return None  # no Fetch response for some partition yet
        return found
