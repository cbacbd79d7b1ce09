"""One clock for every service (DESIGN.md, rule 7): the instant, always UTC (what an event's
``occurred_at`` records), and the city's date from the configured zone (what due dates count
in). Whatever the host's zone: containers run UTC, the law counts days where the petitioner
lives.

A dated development run (``sunshine demo`` replays months in minutes) moves time in two ways:

- a person's request names its day (``X-Sunshine-Today``): ``on_city_date`` gives the instant
  on that day at the city's time of day, so the event is never a day off;
- an automatic actor's act (routing's assignment, feedback's notice, supervision's and the
  index's own facts) follows the event that caused it: ``follow`` dates it as long after its
  cause, in the cause's time, as it really came after it. ``FollowingClock`` does the same for
  a service's scheduler, after the latest event it has seen.

Production never dates a run: there "now" is now, and only the first two functions apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

CITY_ZONE = "Asia/Shanghai"

Today = Callable[[], date]
"""What a read needs of a clock: the city's date (a ``Clock``'s ``today``)."""

Seen = Callable[[datetime, datetime | None], None]
"""Shown an event's ``occurred_at`` and ``recorded_at`` (``FollowingClock.seen``)."""


class Clock(Protocol):
    def now(self) -> datetime:
        """The instant, timezone-aware, in UTC."""
        ...

    def today(self) -> date:
        """The city's calendar day at ``now()``."""
        ...


def as_utc(instant: datetime) -> datetime:
    """An instant read back from a database: SQLite hands back naive datetimes, in UTC."""
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant


def city_date(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def on_city_date(day: date, zone: ZoneInfo, instant: datetime) -> datetime:
    """The instant on the city's ``day`` at ``instant``'s time of day in the city (UTC)."""
    local = instant.astimezone(zone)
    return datetime.combine(day, local.time(), zone).astimezone(UTC)


def follow(occurred_at: datetime, recorded_at: datetime | None, now: datetime) -> datetime:
    """When an act caused by an event took place, in the event's own time.

    An event dated in the past (``occurred_at`` before ``recorded_at``) carries its run's
    offset from the wall clock; the act keeps it. Never before its cause, never after now: an
    undated event gives ``now`` itself.
    """
    lag = (recorded_at or occurred_at) - occurred_at
    return min(now, max(occurred_at, now - lag))


@dataclass(frozen=True)
class SystemClock:
    zone: ZoneInfo

    @classmethod
    def of(cls, timezone: str = CITY_ZONE) -> SystemClock:
        return cls(ZoneInfo(timezone))

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return city_date(self.now(), self.zone)


@dataclass
class FakeClock:
    """A clock for tests: stands still at ``time`` (the city's time of day) on the city's
    ``day`` until moved."""

    day: date
    time: time = time(10, 0)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(CITY_ZONE))

    @classmethod
    def at(cls, instant: datetime, zone: ZoneInfo) -> FakeClock:
        local = instant.astimezone(zone)
        return cls(local.date(), local.time(), zone)

    def now(self) -> datetime:
        return datetime.combine(self.day, self.time, self.zone).astimezone(UTC)

    def today(self) -> date:
        return self.day

    def advance(self, days: int = 1) -> None:
        self.day += timedelta(days=days)


class FollowingClock:
    """A scheduler's clock in a dated development run: keeps the offset of the latest event
    it was shown (``seen``), so what the scheduler signals is dated in the run's own time. With
    no dated event seen it is ``base`` itself."""

    def __init__(self, base: Clock, zone: ZoneInfo) -> None:
        self.base = base
        self.zone = zone
        self._lag = timedelta(0)
        self._latest: datetime | None = None

    def seen(self, occurred_at: datetime, recorded_at: datetime | None) -> None:
        recorded = recorded_at or occurred_at
        if self._latest is None or recorded >= self._latest:
            self._latest, self._lag = recorded, max(timedelta(0), recorded - occurred_at)

    def now(self) -> datetime:
        return self.base.now() - self._lag

    def today(self) -> date:
        return city_date(self.now(), self.zone)


def scheduler_clock(base: Clock, zone: ZoneInfo, dated: bool) -> tuple[Clock, Seen | None]:
    """A scheduler's clock: ``base``; in a dated run, a ``FollowingClock`` over it, with the
    callback its service's projection shows each petition event to."""
    if not dated:
        return base, None
    clock = FollowingClock(base, zone)
    return clock, clock.seen
