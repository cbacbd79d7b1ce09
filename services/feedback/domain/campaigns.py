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
        raise Invalid("ends_on is before starts_on", zh="结束日期不能早于开始日期")


def check_close(state: str) -> None:
    if state != "open":
        raise Refused("the campaign is closed", zh="这个征集专题已经结束")


def check_screen(current: Screening) -> None:
    if current is not None and current["state"] != "screened":
        raise Refused("already forwarded to the leaders", zh="这条建议已经呈报领导")


def check_forward(current: Screening) -> None:
    if current is None or not current["valuable"] or current["state"] != "screened":
        raise Refused(
            "only a suggestion screened as valuable, not yet forwarded",
            zh="只有筛选为有价值、尚未呈报的建议才能呈报",
        )


def check_answer(current: Screening) -> None:
    if current is None or current["state"] != "forwarded":
        raise Refused("only a forwarded suggestion can be answered", zh="只有已呈报的建议才能答复")
