"""The revisit (回头看): what the unit found, and when an outcome may be recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.feedback.domain.errors import Invalid, Refused


@dataclass(frozen=True)
class Outcome:
    outcome: str
    resolved: bool
    revisited_on: date


def revisit_day(revisited_on: date | None, today: date) -> date:
    """The day of the revisit: today unless given, never after today."""
    on = revisited_on or today
    if on > today:
        raise Invalid("revisited_on is in the future")
    return on


def check_outcome(state: str, rated_on: date, outcome: Outcome) -> None:
    """One outcome per revisit, and not before the rating it answers."""
    if state != "open":
        raise Refused("the revisit outcome is already recorded")
    if outcome.revisited_on < rated_on:
        raise Refused("revisited_on is before the rating")


def overdue(state: str, due_on: date, today: date) -> bool:
    return state == "open" and due_on < today
