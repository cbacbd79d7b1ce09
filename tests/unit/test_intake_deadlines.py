"""The working-day calendar and the law's limits, with holidays and 调休."""

from __future__ import annotations

from datetime import date

import pytest

from services.intake.domain.deadlines import DeadlineLimits, Deadlines, WorkCalendar
from tests.support.intake import refdata

CAL = refdata().calendar


def test_spring_festival_2026_and_its_adjusted_saturday() -> None:
    assert not CAL.is_working_day(date(2026, 2, 16))  # Monday in the holiday
    assert CAL.is_working_day(date(2026, 2, 14))  # Saturday worked (调休)
    assert not CAL.is_working_day(date(2026, 2, 21))  # Saturday inside the holiday
    assert CAL.is_working_day(date(2026, 2, 24))  # first day back


def test_five_working_days_across_a_holiday_and_a_worked_saturday() -> None:
    # Thu 12 Feb: Fri 13, Sat 14 (调休), then the holiday 15-23, Tue 24, Wed 25, Thu 26.
    assert CAL.add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)
    assert CAL.working_days_between(date(2026, 2, 12), date(2026, 2, 26)) == 5


def test_plain_weeks_without_holidays() -> None:
    assert CAL.add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)
    assert WorkCalendar().add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 19)


def test_national_day_2025() -> None:
    assert CAL.is_working_day(date(2025, 9, 28))  # Sunday worked
    assert CAL.is_working_day(date(2025, 10, 11))  # Saturday worked
    assert CAL.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)


def test_calendar_day_periods_end_on_the_next_working_day() -> None:
    d = Deadlines(DeadlineLimits(), CAL)
    # Received 1 Feb 2026: day 15 is 16 Feb, inside the Spring Festival: due 24 Feb.
    assert d.forward_due(date(2026, 2, 1)) == date(2026, 2, 24)
    # Received 30 Jan: day 15 is Sat 14 Feb, a worked Saturday: due that day.
    assert d.forward_due(date(2026, 1, 30)) == date(2026, 2, 14)
    no_roll = Deadlines(DeadlineLimits(roll_to_working_day=False), CAL)
    assert no_roll.forward_due(date(2026, 2, 1)) == date(2026, 2, 16)


def test_reply_extension_and_review_limits() -> None:
    d = Deadlines(DeadlineLimits(), CAL)
    accepted = date(2026, 3, 2)
    assert d.reply_due(accepted) == date(2026, 5, 6)  # day 60 is Fri 1 May, Labour Day
    assert d.extended_reply_due(accepted, 30) == date(2026, 6, 1)  # Sun 31 May -> Mon 1 Jun
    assert d.review_request_due(date(2026, 6, 1)) == date(2026, 7, 1)
    assert d.review_decision_due(date(2026, 6, 10)) == date(2026, 7, 10)
    assert d.re_review_request_due(date(2026, 7, 1)) == date(2026, 7, 31)
    assert d.re_review_decision_due(date(2026, 7, 1)) == date(2026, 7, 31)


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_REPLY_DAYS", "30")
    monkeypatch.setenv("INTAKE_OBJECTION_WORKING_DAYS", "3")
    limits = DeadlineLimits()
    assert (limits.reply_days, limits.objection_working_days) == (30, 3)
    assert limits.forward_days == 15


def test_an_extension_longer_than_the_law_allows_is_refused() -> None:
    with pytest.raises(ValueError):
        DeadlineLimits(max_extension_days=31)
