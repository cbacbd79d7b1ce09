"""An act's instant (supervision.domain.instants): the event's occurred_at in UTC, and the
later of two facts' instants whatever order they come in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from services.supervision.domain.instants import instant, later

CITY = timezone(timedelta(hours=8))


def test_an_instant_is_utc_iso_whatever_zone_it_came_in() -> None:
    at = datetime(2025, 3, 3, 14, 25, 30, tzinfo=CITY)
    assert instant(at) == "2025-03-03T06:25:30+00:00"
    assert instant(datetime(2025, 3, 3, 6, 25, 30)) == "2025-03-03T06:25:30+00:00"  # naive: UTC
    assert instant(datetime(2025, 3, 3, 6, 25, 30, 5, tzinfo=UTC)).endswith(".000005+00:00")


def test_the_later_of_two_facts_is_the_same_in_either_order() -> None:
    early, late = "2025-03-03T06:25:30+00:00", "2025-03-03T06:25:30.000001+00:00"
    assert later(early, late) == later(late, early) == late
    assert later(None, early) == later(early, None) == early
    assert later(None, None) is None
