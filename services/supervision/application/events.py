"""Supervision's own streams: one event per command, with its outbox rows in the same
transaction; the read model shows it once the projection reads it back."""

from __future__ import annotations

from typing import Any

from services.supervision.domain.errors import StreamBusy
from shared.auth.roles import Principal
from shared.clock import Clock
from shared.eventstore import ConcurrencyConflict, EventStore, NewEvent
from shared.schemas.envelope import new_id


def append(store: EventStore, clock: Clock, stream_id: str, payload: Any, who: Principal) -> str:
    """Append one event at the stream's end; a concurrent writer means try again."""
    new = NewEvent(payload, who.actor(), new_id(), occurred_at=clock.now())
    for _ in range(5):
        try:
            return store.append(stream_id, store.stream_version(stream_id), [new])[0].event_id
        except ConcurrencyConflict:
            continue
    raise StreamBusy()
