"""Event factories for routing's tests and benchmarks (no service code depends on this).

Events are deterministic: the same arguments give the same event id, as a redelivery would.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

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
from tests.support.consumer import PetitionStream
from tests.support.consumer import message as message

EPOCH = datetime(2025, 3, 3, 9, tzinfo=UTC)
DAY0 = date(2025, 3, 3)


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


Stream = PetitionStream
