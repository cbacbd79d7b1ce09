"""Campaigns and screening: which step each state allows (new -> screened -> forwarded ->
answered)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from services.feedback.domain.campaigns import (
    check_answer,
    check_close,
    check_dates,
    check_forward,
    check_screen,
)
from services.feedback.domain.errors import Invalid, Refused

NEW = None
SCREENED_YES = {"state": "screened", "valuable": True}
SCREENED_NO = {"state": "screened", "valuable": False}
FORWARDED = {"state": "forwarded", "valuable": True}
ANSWERED = {"state": "answered", "valuable": True}

SCREEN = "already forwarded to the leaders"
FORWARD = "only a suggestion screened as valuable, not yet forwarded"
ANSWER = "only a forwarded suggestion can be answered"


@pytest.mark.parametrize(
    ("check", "current", "refusal"),
    [
        (check_screen, NEW, None),
        (check_screen, SCREENED_NO, None),  # screening again is allowed
        (check_screen, SCREENED_YES, None),
        (check_screen, FORWARDED, SCREEN),
        (check_screen, ANSWERED, SCREEN),
        (check_forward, NEW, FORWARD),
        (check_forward, SCREENED_NO, FORWARD),
        (check_forward, SCREENED_YES, None),
        (check_forward, FORWARDED, FORWARD),
        (check_answer, NEW, ANSWER),
        (check_answer, SCREENED_YES, ANSWER),
        (check_answer, FORWARDED, None),
        (check_answer, ANSWERED, ANSWER),
    ],
)
def test_screening_steps(
    check: Callable[[Any], None], current: dict[str, Any] | None, refusal: str | None
) -> None:
    if refusal is None:
        check(current)
        return
    with pytest.raises(Refused) as refused:
        check(current)
    assert (refused.value.status, refused.value.detail) == (409, refusal)


@pytest.mark.parametrize(
    ("starts", "ends", "ok"),
    [
        (date(2025, 3, 1), date(2025, 3, 31), True),
        (date(2025, 3, 1), date(2025, 3, 1), True),
        (date(2025, 3, 2), date(2025, 3, 1), False),
    ],
)
def test_campaign_dates(starts: date, ends: date, ok: bool) -> None:
    if ok:
        check_dates(starts, ends)
        return
    with pytest.raises(Invalid, match=r"^ends_on is before starts_on$"):
        check_dates(starts, ends)


@pytest.mark.parametrize(("state", "ok"), [("open", True), ("closed", False)])
def test_only_an_open_campaign_closes(state: str, ok: bool) -> None:
    if ok:
        check_close(state)
        return
    with pytest.raises(Refused, match=r"^the campaign is closed$"):
        check_close(state)
