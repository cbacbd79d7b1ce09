"""Event factories for routing's tests and benchmarks (no service code depends on this).

Events are deterministic: the same arguments give the same event id, as a redelivery would.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from shared.consumer import InboundMessage
from shared.schemas.catalog import EventEnvelope, encode_event
from shared.schemas.envelope import Actor
from shared.schemas.petition import (
    Channel,
    Kind,
    Level,
    PetitionAccepted,
    PetitionAssigned,
    Petitioner,
    PetitionRegistered,
    PetitionReturned,
)

_IDS = uuid.UUID("a4c3f0e2-5b1d-4c8e-9f7a-2d6b8e1c3f50")
EPOCH = datetime(2025, 3, 3, 9, tzinfo=UTC)
DAY0 = date(2025, 3, 3)
INTAKE = Actor(user_id="intake-test", role="registrar", org="320812-XFJ")


def registered(**overrides: Any) -> PetitionRegistered:
    fields: dict[str, Any] = {
        "tracking_code": "HA-TEST-0001",
        "channel": Channel.ONLINE,
        "kind": Kind.CLAIM,
        "category_code": "0102",
        "region_code": "320812",
        "receiving_org": "320812-XFJ",
        "receiving_level": Level.COUNTY,
        "received_on": DAY0,
        "title": "小区物业不作为",
        "content": "……",
        "petitioner": Petitioner(name="张三"),
        "responsible_level": Level.COUNTY,
        "forward_due": DAY0 + timedelta(days=15),
        "acceptance_notice_due": DAY0 + timedelta(days=15),
    }
    fields.update(overrides)
    return PetitionRegistered(**fields)


def assigned(department: str, level: Level, on: date = DAY0, rule_id: str | None = None) -> Any:
    return PetitionAssigned(
        department=department,
        level=level,
        reason="test",
        rule_id=rule_id,
        assigned_on=on,
        objection_due=on + timedelta(days=7),
        acceptance_due=on + timedelta(days=15),
    )


def returned(department: str, on: date = DAY0, reason: str = "不属本部门职责") -> Any:
    return PetitionReturned(department=department, reason=reason, returned_on=on)


def accepted(on: date = DAY0) -> Any:
    return PetitionAccepted(accepted_on=on, reply_due=on + timedelta(days=60))


class Stream:
    """One petition's events, numbered as intake would number them."""

    def __init__(self, petition_id: str) -> None:
        self.petition_id = petition_id
        self.version = 0

    def event(self, payload: Any) -> EventEnvelope:
        self.version += 1
        at = EPOCH + timedelta(minutes=self.version)
        return EventEnvelope(
            event_id=str(uuid.uuid5(_IDS, f"{self.petition_id}/{self.version}")),
            event_type=payload.type,
            schema_version=1,
            stream_id=self.petition_id,
            stream_version=self.version,
            occurred_at=at,
            recorded_at=at,
            actor=INTAKE,
            correlation_id=f"corr-{self.petition_id}",
            payload=payload,
        )


_offsets = itertools.count()


def message(event: EventEnvelope, topic: str = "petition.events") -> InboundMessage:
    return InboundMessage(
        topic=topic,
        partition=0,
        offset=next(_offsets),
        key=event.stream_id.encode(),
        value=encode_event(event),
    )
