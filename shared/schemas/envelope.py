"""The event envelope every topic carries: identity, position, time, actor, causality, payload.

The payload is a discriminated union on its ``type`` field (see ``catalog.py``). JSON on the
wire; ``decode_event`` upcasts old schema versions before validation, so stored events are
never rewritten.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class Actor(BaseModel):
    """Who caused the event. ``org`` is the region or department code the actor acts for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    user_id: str = Field(min_length=1, max_length=128)
    role: str = Field(min_length=1, max_length=32)
    org: str = Field(min_length=1, max_length=64)


SYSTEM_ACTOR = Actor(user_id="system", role="system", org="system")


class Envelope(BaseModel):
    """Fields shared by all events; ``EventEnvelope`` adds the typed payload."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: str = Field(default_factory=new_id)
    event_type: str
    schema_version: int = Field(ge=1)
    stream_id: str = Field(min_length=1, max_length=128)
    # Bounded by the tracking columns (32-bit): a larger one is poison, dead-lettered on read,
    # never a database error that would stop the partition.
    stream_version: int = Field(ge=1, le=2**31 - 1)
    # Assigned by the event store when the event is committed; None before that.
    global_position: int | None = None
    occurred_at: datetime
    recorded_at: datetime | None = None
    actor: Actor
    correlation_id: str
    causation_id: str | None = None

    def key(self) -> bytes:
        """Kafka key: the stream id, so one stream's events stay on one partition, in order."""
        return self.stream_id.encode()


class RawEnvelope(Envelope):
    """An envelope whose payload is kept as plain JSON (for tools that read any topic)."""

    payload: dict[str, Any]


def header_fields(env: Envelope) -> dict[str, Any]:
    return env.model_dump(mode="json", exclude={"payload"})
