"""The wall clock, injectable: the scheduler and the views ask it for today (DESIGN.md, rule
5). Projections never do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime: ...
    def today(self) -> date: ...


class SystemClock:
    """Now in UTC; today in the city's time zone (a deadline is a local calendar day)."""

    def __init__(self, timezone: str = "Asia/Shanghai") -> None:
        self._zone = ZoneInfo(timezone)

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now(self._zone).date()


@dataclass
class FakeClock:
    """A clock for tests: stands still until moved."""

    day: date
    time: datetime = field(default_factory=lambda: datetime(2025, 1, 1, tzinfo=UTC))

    def now(self) -> datetime:
        return datetime.combine(self.day, self.time.timetz())

    def today(self) -> date:
        return self.day

    def advance(self, days: int = 1) -> None:
        self.day += timedelta(days=days)
