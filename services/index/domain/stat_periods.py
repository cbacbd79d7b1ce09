"""The statistics' periods: a day, an ISO week, a calendar month or year, or a custom range;
the period before it of the same length (环比) and the same period a year earlier (同比);
and the day and month rows that cover a range.

A period still running is compared to date (同期): on 4 December this month is set beside 1
to 4 November and 1 to 4 December a year earlier, not beside the whole of November, which
would make every month look like a fall until its last day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from services.index.domain.periods import month_of, week_of
from services.index.domain.stats import DAY, MONTH

Kind = Literal["day", "week", "month", "year", "custom"]
MAX_DAYS = 3660  # ten years, as the scorecards' periods


@dataclass(frozen=True)
class Window:
    kind: Kind
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")
        if (self.end - self.start).days >= MAX_DAYS:
            raise ValueError("a period may not exceed ten years")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Window:
        """环比: the period just before, of the same kind (the calendar month or year before
        a month or a year; the same number of days before anything else)."""
        if self.kind == "month":
            m = month_of(self.start - timedelta(days=1))
            return Window("month", m.start, m.end)
        if self.kind == "year":
            return year_of(self.start.year - 1)
        return Window(self.kind, self.start - timedelta(self.days), self.start - timedelta(1))

    def year_ago(self) -> Window:
        """同比: the same period a year earlier (a 29 February stands for the 28th)."""
        if self.kind == "month":
            m = month_of(_year_before(self.start))
            return Window("month", m.start, m.end)
        if self.kind == "year":
            return year_of(self.start.year - 1)
        return Window(self.kind, _year_before(self.start), _year_before(self.end))

    def compared(self, today: date) -> tuple[Window, Window]:
        """(环比, 同比) windows: ``previous`` and ``year_ago``, each cut to as many days as
        have passed of this period when it holds ``today``."""
        before, ago = self.previous(), self.year_ago()
        if not self.start <= today < self.end:
            return before, ago
        elapsed = today - self.start
        return _cut(before, before.start + elapsed), _cut(ago, _year_before(today))


def _cut(window: Window, end: date) -> Window:
    return Window(window.kind, window.start, min(window.end, max(window.start, end)))


def _year_before(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def year_of(year: int) -> Window:
    return Window("year", date(year, 1, 1), date(year, 12, 31))


def make_window(kind: Kind, day: date, to: date | None = None) -> Window:
    """``day`` picks the day, week, month or year it falls in; ``custom`` runs to ``to``."""
    if kind == "day":
        return Window("day", day, day)
    if kind == "week":
        w = week_of(day)
        return Window("week", w.start, w.end)
    if kind == "month":
        m = month_of(day)
        return Window("month", m.start, m.end)
    if kind == "year":
        return year_of(day.year)
    if to is None:
        raise ValueError("a custom period needs an end date (to)")
    return Window("custom", day, to)


def spans(start: date, end: date) -> list[tuple[str, date, date]]:
    """The (grain, first bucket, last bucket) ranges whose rows add up to [start, end]:
    whole months from their month rows, the days at either edge from their day rows."""
    first_full = start if start.day == 1 else month_of(start).end + timedelta(1)
    month = month_of(end)
    last_full = month.start if end == month.end else month_of(month.start - timedelta(1)).start
    if first_full > last_full:
        return [(DAY, start, end)]
    found: list[tuple[str, date, date]] = []
    if start < first_full:
        found.append((DAY, start, first_full - timedelta(1)))
    found.append((MONTH, first_full, last_full))
    tail = month_of(last_full).end + timedelta(1)
    if tail <= end:
        found.append((DAY, tail, end))
    return found
