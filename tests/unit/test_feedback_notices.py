"""The notice duty: sent by the due day, late, or still in time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.feedback.domain.notices import on_time

TODAY = date(2025, 3, 18)
DUE = date(2025, 3, 18)


def at(day: int) -> datetime:
    return datetime(2025, 3, day, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("due", "sent_at", "status", "today", "verdict"),
    [
        (None, None, "pending", TODAY, None),  # the law sets no day
        (None, at(1), "sent", TODAY, None),
        (DUE, at(17), "sent", TODAY, True),
        (DUE, at(18), "sent", TODAY, True),
        (DUE, at(19), "sent", date(2025, 3, 20), False),
        (DUE, None, "pending", TODAY, None),  # still in time
        (DUE, None, "pending", date(2025, 3, 19), False),
        (DUE, None, "failed", TODAY, False),
        (DUE, None, "undeliverable", date(2025, 3, 1), False),
    ],
)
def test_on_time(
    due: date | None, sent_at: datetime | None, status: str, today: date, verdict: bool | None
) -> None:
    assert on_time(due, sent_at, status, today) is verdict
