"""Petition event streams as intake would write them, for the benchmarks' generated logs and
for the services' projection tests (tests/support re-exports them). Deterministic: the same
petition and version give the same event id, as a redelivery would."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.consumer.message import InboundMessage
from shared.schemas.catalog import EventEnvelope, encode_event
from shared.schemas.envelope import Actor

TEST_INTAKE_ACTOR = Actor(user_id="intake-test", role="registrar", org="320812-XFJ")
_PETITION_IDS = uuid.UUID("a4c3f0e2-5b1d-4c8e-9f7a-2d6b8e1c3f50")
_STREAM_EPOCH = datetime(2025, 3, 3, 9, tzinfo=UTC)


class PetitionStream:
    """One petition's events, numbered as intake would number them. Ids are derived from
    (petition, version), so building the same stream again gives the same events."""

    def __init__(self, petition_id: str, actor: Actor = TEST_INTAKE_ACTOR) -> None:
        self.petition_id = petition_id
        self.actor = actor
        self.version = 0

    def recorded_at(self, payload: Any) -> datetime:
        """When the event was recorded; services whose projections date things by the
        event's own day override this."""
        return _STREAM_EPOCH + timedelta(minutes=self.version)

    def event(self, payload: Any) -> EventEnvelope:
        self.version += 1
        at = self.recorded_at(payload)
        return EventEnvelope(
            event_id=str(uuid.uuid5(_PETITION_IDS, f"{self.petition_id}/{self.version}")),
            event_type=payload.type,
            schema_version=1,
            stream_id=self.petition_id,
            stream_version=self.version,
            occurred_at=at,
            recorded_at=at,
            actor=self.actor,
            correlation_id=f"corr-{self.petition_id}",
            payload=payload,
        )


_offsets = itertools.count()


def message(event: EventEnvelope, topic: str = "petition.events") -> InboundMessage:
    """An event as a consumer receives it (partition 0, the next offset)."""
    return InboundMessage(
        topic=topic,
        partition=0,
        offset=next(_offsets),
        key=event.stream_id.encode(),
        value=encode_event(event),
    )
