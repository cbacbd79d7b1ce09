"""The rules of the office's actions on a petition: when an urging (催办) or a supervising
(督办) is due, a leader's instruction (批示) may not be due in the past, and the clock pauses
only while a deadline runs and resumes only while paused."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from services.supervision.domain.errors import DueInPast, NothingRunning, NotPaused

UrgeKind = Literal["urge", "supervise"]


@dataclass(frozen=True)
class ActionPeriods:
    """Days an urging or a supervising gives when the office names no due date (settings)."""

    urge_days: int = 5
    supervise_days: int = 10

    def days(self, kind: UrgeKind) -> int:
        return self.urge_days if kind == "urge" else self.supervise_days


def checked_due(due: date, today: date) -> date:
    """``due`` if it is today or later: a due date in the past is refused."""
    if due < today:
        raise DueInPast()
    return due


def urging_due(kind: UrgeKind, today: date, asked: date | None, periods: ActionPeriods) -> date:
    """The due date the office asked for, or its kind's period from today."""
    return checked_due(asked or today + timedelta(days=periods.days(kind)), today)


def urged_department(case: Mapping[str, Any]) -> str | None:
    """Who an urging is addressed to: the assigned department, else whoever holds the step."""
    return case["department"] or case["step_org"]


def check_pausable(case: Mapping[str, Any]) -> None:
    if case["step"] is None:
        raise NothingRunning()


def check_resumable(case: Mapping[str, Any]) -> None:
    if case["paused_since_day"] is None:
        raise NotPaused()
