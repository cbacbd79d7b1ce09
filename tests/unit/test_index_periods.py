"""Periods a scorecard covers: which day, week, month or range a request names, the period
before it, and the periods refused."""

from __future__ import annotations

from datetime import date

import pytest

from services.index.domain.errors import Refused
from services.index.domain.periods import Kind, Period, PeriodQuery, make_period, month_of


@pytest.mark.parametrize(
    ("kind", "start", "end", "expected"),
    [
        ("day", date(2025, 3, 5), None, ("day", date(2025, 3, 5), date(2025, 3, 5))),
        ("week", date(2025, 3, 5), None, ("week", date(2025, 3, 3), date(2025, 3, 9))),
        ("week", date(2025, 3, 3), None, ("week", date(2025, 3, 3), date(2025, 3, 9))),
        ("month", date(2025, 2, 14), None, ("month", date(2025, 2, 1), date(2025, 2, 28))),
        ("month", date(2024, 2, 29), None, ("month", date(2024, 2, 1), date(2024, 2, 29))),
        ("month", date(2025, 12, 31), None, ("month", date(2025, 12, 1), date(2025, 12, 31))),
        (
            "custom",
            date(2025, 1, 10),
            date(2025, 3, 9),
            ("custom", date(2025, 1, 10), date(2025, 3, 9)),
        ),
    ],
)
def test_the_period_a_request_names(
    kind: Kind, start: date, end: date | None, expected: tuple[str, date, date]
) -> None:
    period = make_period(kind, start, end)
    assert (period.kind, period.start, period.end) == expected


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (month_of(date(2025, 3, 1)), ("month", date(2025, 2, 1), date(2025, 2, 28))),
        (month_of(date(2025, 1, 20)), ("month", date(2024, 12, 1), date(2024, 12, 31))),
        (make_period("week", date(2025, 3, 5)), ("week", date(2025, 2, 24), date(2025, 3, 2))),
        (make_period("day", date(2025, 3, 1)), ("day", date(2025, 2, 28), date(2025, 2, 28))),
        (
            make_period("custom", date(2025, 3, 1), date(2025, 3, 10)),
            ("custom", date(2025, 2, 19), date(2025, 2, 28)),
        ),
    ],
)
def test_the_period_before(period: Period, previous: tuple[str, date, date]) -> None:
    before = period.previous()
    assert (before.kind, before.start, before.end) == previous
    assert before.days == period.days or period.kind == "month"


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        (PeriodQuery("custom", date(2025, 3, 1)), "a custom period needs an end date"),
        (
            PeriodQuery("custom", date(2025, 3, 2), date(2025, 3, 1)),
            "the period ends before it starts",
        ),
        (
            PeriodQuery("custom", date(2000, 1, 1), date(2025, 1, 1)),
            "a period may not exceed ten years",
        ),
    ],
)
def test_a_bad_period_is_refused_with_its_reason(query: PeriodQuery, detail: str) -> None:
    with pytest.raises(Refused) as refused:
        query.resolve(lambda: date(2025, 4, 2))
    assert refused.value.detail == detail and refused.value.status == 422


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (PeriodQuery(), ("month", date(2025, 4, 1), date(2025, 4, 30))),
        (PeriodQuery("day"), ("day", date(2025, 4, 2), date(2025, 4, 2))),
        (PeriodQuery("month", date(2025, 3, 15)), ("month", date(2025, 3, 1), date(2025, 3, 31))),
    ],
)
def test_a_query_without_a_day_means_today(
    query: PeriodQuery, expected: tuple[str, date, date]
) -> None:
    period = query.resolve(lambda: date(2025, 4, 2))
    assert (period.kind, period.start, period.end) == expected
    assert period.as_dict()["start"] == expected[1].isoformat()
