"""Periods a scorecard covers: a day, an ISO week, a calendar month, or a custom range."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from services.index.domain.errors import Refused

Kind = Literal["day", "week", "month", "custom"]


@dataclass(frozen=True)
class Period:
    kind: Kind
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")
        if (self.end - self.start).days > 3660:
            raise ValueError("a period may not exceed ten years")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before, of the same kind (a calendar month before a month)."""
        if self.kind == "month":
            return month_of(self.start - timedelta(days=1))
        return Period(self.kind, self.start - timedelta(days=self.days), self.start - timedelta(1))

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "start": self.start.isoformat(), "end": self.end.isoformat()}


def month_of(day: date) -> Period:
    start = day.replace(day=1)
    nxt = (start + timedelta(days=32)).replace(day=1)
    return Period("month", start, nxt - timedelta(days=1))


def week_of(day: date) -> Period:
    start = day - timedelta(days=day.weekday())
    return Period("week", start, start + timedelta(days=6))


def make_period(kind: Kind, start: date, end: date | None = None) -> Period:
    """``start`` picks the day, week or month it falls in; ``custom`` needs ``end``."""
    if kind == "day":
        return Period("day", start, start)
    if kind == "week":
        return week_of(start)
    if kind == "month":
        return month_of(start)
    if end is None:
        raise ValueError("a custom period needs an end date")
    return Period("custom", start, end)


@dataclass(frozen=True)
class PeriodQuery:
    """A period as a request names it: the kind, a day in it (default today) and, for a
    custom period, its last day. Resolved only once the caller may ask at all."""

    kind: Kind = "month"
    start: date | None = None
    end: date | None = None

    def resolve(self, today: Callable[[], date]) -> Period:
        try:
            return make_period(self.kind, self.start or today(), self.end)
        except ValueError as exc:
            raise Refused(str(exc)) from None
