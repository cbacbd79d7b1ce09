"""Today, for the few reads that need it (due soon, overdue); injectable for tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

Today = Callable[[], date]


def local_today(timezone: str = "Asia/Shanghai") -> Today:
    zone = ZoneInfo(timezone)
    return lambda: datetime.now(zone).date()
