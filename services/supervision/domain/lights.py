"""The traffic light of a running deadline: a pure function of dates and settings.

A due date is the last day allowed: on it the step is still on time (yellow at worst), the
day after it is red. A paused clock moves the due date by the days it stood still.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from shared.schemas.supervision import Light


@dataclass(frozen=True)
class LightRules:
    """Yellow when at most ``yellow_days`` are left, or at most ``yellow_share_pct`` percent
    of the step's period; whichever comes first. Both come from settings."""

    yellow_days: int = 3
    yellow_share_pct: int = 20


def effective_due(
    due: date, paused_days: int = 0, paused_since: date | None = None, today: date | None = None
) -> date:
    """The due date after pauses: each day the clock stood (or stands) still adds a day."""
    extra = paused_days
    if paused_since is not None and today is not None and today > paused_since:
        extra += (today - paused_since).days
    return due + timedelta(days=extra)


def light(
    due: date,
    start: date,
    today: date,
    rules: LightRules,
    paused_days: int = 0,
    paused_since: date | None = None,
) -> Light:
    """The light on ``today`` of a step that started on ``start`` and is due on ``due``."""
    eff = effective_due(due, paused_days, paused_since, today)
    left = (eff - today).days
    if left < 0:
        return Light.RED
    period = max(0, (due - start).days) + paused_days
    if left <= rules.yellow_days or left * 100 <= rules.yellow_share_pct * period:
        return Light.YELLOW
    return Light.GREEN


def days_overdue(due: date, on: date, paused_days: int = 0) -> int:
    """Days past the (pause-adjusted) due date on ``on``; 0 when not overdue."""
    return max(0, (on - effective_due(due, paused_days)).days)
