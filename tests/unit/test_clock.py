"""The one clock: instants in UTC, the city's date from its zone, and how a dated run's
automatic acts follow the events that caused them (shared/clock.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.feedback.application.dispatch import Fact
from shared.clock import FakeClock, FollowingClock, SystemClock, city_date, follow, on_city_date

EAST, WEST = ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago")
NOW = datetime(
    2026, 12, 1, 20, 30, tzinfo=UTC
)  # 2 Dec 10:30 in Kiritimati, 1 Dec 09:30 in Pago Pago


@pytest.mark.parametrize("zone", [EAST, WEST, ZoneInfo("Asia/Shanghai")])
@pytest.mark.parametrize("hour", range(24))
def test_a_day_named_in_the_city_is_that_day_at_the_city_time_of_day(
    zone: ZoneInfo, hour: int
) -> None:
    now = datetime(2026, 12, 1, hour, 5, tzinfo=UTC)
    at = on_city_date(date(2026, 11, 6), zone, now)
    assert at.tzinfo is not None and at.utcoffset() == timedelta(0)
    assert city_date(at, zone) == date(2026, 11, 6)
    assert at.astimezone(zone).time() == now.astimezone(zone).time()


def test_the_system_clock_counts_days_in_the_city() -> None:
    for zone in (EAST, WEST):
        clock = SystemClock(zone)
        before = datetime.now(zone).date()
        assert clock.now().tzinfo is UTC
        assert clock.today() in (before, datetime.now(zone).date())


def test_a_fake_clock_is_its_day_at_its_time_in_its_zone() -> None:
    clock = FakeClock(date(2026, 12, 2), time(0, 30), EAST)
    assert clock.now() == datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    assert FakeClock.at(NOW, WEST).today() == date(2026, 12, 1)
    clock.advance(2)
    assert clock.today() == date(2026, 12, 4)


def test_an_act_follows_its_cause_in_the_cause_time() -> None:
    recorded = NOW - timedelta(seconds=3)
    dated = recorded - timedelta(days=25)  # a demo's event, 25 days in the past
    assert follow(dated, recorded, NOW) == dated + timedelta(seconds=3)
    assert follow(recorded, recorded, NOW) == NOW  # an undated cause: now
    assert follow(NOW + timedelta(hours=1), NOW, NOW) == NOW  # never after now
    assert follow(dated, recorded - timedelta(days=1), NOW) >= dated  # never before its cause


def test_a_following_clock_keeps_the_offset_of_the_latest_event() -> None:
    wall = FakeClock.at(NOW, EAST)
    clock = FollowingClock(wall, EAST)
    assert clock.now() == NOW  # nothing seen: the wall clock
    clock.seen(NOW - timedelta(days=20), NOW - timedelta(seconds=1))
    clock.seen(NOW - timedelta(days=25), NOW - timedelta(seconds=9))  # an older record
    # The latest event's dated instant, plus the second since it was recorded.
    assert clock.now() == NOW - timedelta(days=20) + timedelta(seconds=1)
    assert clock.today() == city_date(NOW - timedelta(days=20), EAST)


@pytest.mark.parametrize("zone", [EAST, WEST])
def test_a_notice_is_dated_as_many_days_after_its_fact_as_it_took(zone: ZoneInfo) -> None:
    recorded = NOW - timedelta(minutes=1)
    today = city_date(recorded, zone)
    # Production: the fact's day is the day it was recorded; the notice, the day it went out.
    assert Fact("p", today, recorded).sent_on(NOW, zone) == city_date(NOW, zone)
    assert Fact("p", today, recorded).sent_on(NOW + timedelta(days=2), zone) == today + timedelta(
        days=2
    )
    # A dated run: accepted on 6 Nov by the run's calendar, told the same day, not today.
    assert Fact("p", date(2026, 11, 6), recorded).sent_on(NOW, zone) == date(2026, 11, 6)
