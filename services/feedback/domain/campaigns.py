"""Campaigns (专题征集) and the screening of suggestions: which step each state allows.

A suggestion is new (no screening row), then screened (valuable or not, may be screened
again), forwarded to the leaders (摘报, only a valuable one), then answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from services.feedback.domain.errors import Invalid, Refused

Screening = Mapping[str, Any] | None  # the screening row: state, valuable...


def check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise Invalid("ends_on is before starts_on")


def check_close(state: str) -> None:
    if state != "open":
        raise Refused("the campaign is closed")


def check_screen(current: Screening) -> None:
    if current is not None and current["state"] != "screened":
        raise Refused("already forwarded to the leaders")


def check_forward(current: Screening) -> None:
    if current is None or not current["valuable"] or current["state"] != "screened":
        raise Refused("only a suggestion screened as valuable, not yet forwarded")


def check_answer(current: Screening) -> None:
    if current is None or current["state"] != "forwarded":
        raise Refused("only a forwarded suggestion can be answered")
