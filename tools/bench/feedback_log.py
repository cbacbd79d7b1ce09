"""Event factories for feedback's benchmark and tests (tests/support/feedback.py re-exports
them; no service code depends on this).

Deterministic: the same petition and version give the same event id, as a redelivery would.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from shared.schemas.catalog import EventEnvelope
from shared.schemas.petition import (
    Channel,
    Kind,
    Level,
    PetitionAccepted,
    PetitionAssigned,
    Petitioner,
    PetitionNotAccepted,
    PetitionRated,
    PetitionRegistered,
    PetitionReplied,
    Rating,
)
from tools.bench.petitions import PetitionStream
from tools.bench.petitions import message as message

DAY0 = date(2025, 3, 3)


def registered(**overrides: Any) -> PetitionRegistered:
    on = overrides.get("received_on", DAY0)
    fields: dict[str, Any] = {
        "tracking_code": "HA-TEST-0001",
        "channel": Channel.ONLINE,
        "kind": Kind.CLAIM,
        "category_code": "0102",
        "region_code": "320812",
        "receiving_org": "320812-XFJ",
        "receiving_level": Level.COUNTY,
        "received_on": on,
        "title": "小区物业不作为",
        "content": "小区物业管理混乱，垃圾无人清运。",
        "petitioner": Petitioner(name="张三", phone="13800000000"),
        "responsible_level": Level.COUNTY,
        "forward_due": on + timedelta(days=15),
        "acceptance_notice_due": on + timedelta(days=15),
    }
    fields.update(overrides)
    return PetitionRegistered(**fields)


def suggestion(title: str, content: str, **overrides: Any) -> PetitionRegistered:
    return registered(kind=Kind.SUGGESTION, title=title, content=content, **overrides)


def assigned(department: str, on: date = DAY0, level: Level = Level.COUNTY) -> PetitionAssigned:
    return PetitionAssigned(
        department=department,
        level=level,
        reason="test",
        assigned_on=on,
        objection_due=on + timedelta(days=7),
        acceptance_due=on + timedelta(days=15),
    )


def accepted(on: date = DAY0) -> PetitionAccepted:
    return PetitionAccepted(accepted_on=on, reply_due=on + timedelta(days=60))


def not_accepted(on: date = DAY0) -> PetitionNotAccepted:
    return PetitionNotAccepted(reason="不属于信访事项", decided_on=on)


def replied(on: date = DAY0) -> PetitionReplied:
    return PetitionReplied(
        replied_on=on,
        reply_text="答复意见",
        document_ref="doc-1",
        review_request_due=on + timedelta(days=30),
        rating_token_hash="0" * 64,
    )


def rated(unit: Rating, result: Rating | None = None, on: date = DAY0) -> PetitionRated:
    return PetitionRated(unit_rating=unit, result_rating=result or unit, rated_on=on)


class Stream(PetitionStream):
    """Recorded on the day the payload names: feedback's read models date by the event."""

    def recorded_at(self, payload: Any) -> datetime:
        on = _day_of(payload)
        return datetime.combine(on, time(9), tzinfo=UTC) + timedelta(minutes=self.version)


def _day_of(payload: Any) -> date:
    for name in ("rated_on", "replied_on", "accepted_on", "decided_on", "assigned_on"):
        value = getattr(payload, name, None)
        if isinstance(value, date):
            return value
    return getattr(payload, "received_on", DAY0)


def handled(
    petition_id: str,
    unit: Rating,
    result: Rating | None = None,
    *,
    department: str = "320812-ZJJ",
    region: str = "320812",
    category: str = "0102",
    on: date = DAY0,
    tracking: str | None = None,
) -> list[EventEnvelope]:
    """A petition's whole life: registered, assigned, accepted, replied, rated."""
    s = Stream(petition_id)
    reg = registered(
        region_code=region,
        category_code=category,
        received_on=on,
        tracking_code=tracking or f"HA-{petition_id}",
    )
    return [
        s.event(reg),
        s.event(assigned(department, on)),
        s.event(accepted(on + timedelta(days=1))),
        s.event(replied(on + timedelta(days=20))),
        s.event(rated(unit, result, on + timedelta(days=25))),
    ]
