"""The base every read model derives from: decode a message, apply it to the database.

A projection is stateless Python over a database connection: all it knows lives in its
tables, so it can be dropped and rebuilt from offset 0 (DESIGN.md, rule 5). It reads time
only from the events, never from the wall clock, or a rebuild would come out different.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import sqlalchemy
from pydantic import ValidationError
from sqlalchemy import exc as sa_exc

from shared.consumer.message import InboundMessage
from shared.schemas.catalog import EventEnvelope, decode_event
from shared.schemas.upcasting import UPCASTERS


class RetryableError(Exception):
    """Raise from ``apply`` when the failure is not the message's fault (a dependency is down).

    The whole batch is rolled back and redelivered instead of the message being dead-lettered.
    """


# Database trouble that says nothing about the message: retry the batch, never dead-letter.
_TRANSIENT: tuple[type[BaseException], ...] = (
    RetryableError,
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
)


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, _TRANSIENT)


class Projection(ABC):
    name: str  # consumer name: the Kafka group id and the key of its tracking rows
    topics: Sequence[str]
    # Read-model tables, emptied on rebuild in reverse order (children after parents here).
    tables: Sequence[sqlalchemy.Table] = ()

    def decode(self, msg: InboundMessage) -> Any:
        """Turn the bytes into an event; raising here dead-letters the message."""
        return decode_current(msg.value)

    @abstractmethod
    def apply(self, conn: sqlalchemy.Connection, event: Any, msg: InboundMessage) -> None:
        """Write the event's effect inside the runner's transaction; raising dead-letters it
        (unless the error is transient, see ``RetryableError``)."""

    def apply_batch(
        self, conn: sqlalchemy.Connection, batch: Sequence[tuple[Any, InboundMessage]]
    ) -> None:
        """Optional: apply many events at once (bulk statements), for rebuild speed.

        Must have the same effect as ``apply`` on each in order. If it raises, the runner
        rolls it back and falls back to ``apply`` one message at a time, so a poison message
        is still set aside alone. Not overriding it means ``apply`` per message.
        """
        for event, msg in batch:
            self.apply(conn, event, msg)

    @classmethod
    def applies_in_batches(cls) -> bool:
        return cls.apply_batch is not Projection.apply_batch


def decode_current(data: bytes) -> EventEnvelope:
    """``decode_event``, faster in the common case (a rebuild is bound by decoding): an event
    already at its current schema version is validated straight from the JSON bytes; any
    other goes through ``decode_event``, which upcasts it or raises the error."""
    try:
        event = EventEnvelope.model_validate_json(data)
    except ValidationError:
        return decode_event(data)
    if event.schema_version != UPCASTERS.current_version(event.event_type):
        return decode_event(data)
    return event
