"""The revisit's rules: the day of the revisit, one outcome, not before the rating."""

from __future__ import annotations

from datetime import date

import pytest

from services.feedback.domain.errors import Invalid, Refused
from services.feedback.domain.revisits import Outcome, check_outcome, overdue, revisit_day

TODAY = date(2025, 5, 10)


@pytest.mark.parametrize(
    ("given", "day"),
    [(None, TODAY), (date(2025, 5, 1), date(2025, 5, 1)), (TODAY, TODAY)],
)
def test_revisit_day(given: date | None, day: date) -> None:
    assert revisit_day(given, TODAY) == day


def test_a_revisit_in_the_future_is_invalid() -> None:
    with pytest.raises(Invalid, match=r"^revisited_on is in the future$"):
        revisit_day(date(2025, 5, 11), TODAY)


RATED = date(2025, 4, 1)


@pytest.mark.parametrize(
    ("state", "on", "refusal"),
    [
        ("open", RATED, None),
        ("open", date(2025, 4, 20), None),
        ("open", date(2025, 3, 31), "revisited_on is before the rating"),
        ("done", RATED, "the revisit outcome is already recorded"),
        ("done", date(2025, 3, 31), "the revisit outcome is already recorded"),
    ],
)
def test_check_outcome(state: str, on: date, refusal: str | None) -> None:
    outcome = Outcome("回访", True, on)
    if refusal is None:
        check_outcome(state, RATED, outcome)
        return
    with pytest.raises(Refused) as refused:
        check_outcome(state, RATED, outcome)
    assert (refused.value.status, refused.value.detail) == (409, refusal)


@pytest.mark.parametrize(
    ("state", "due", "late"),
    [
        ("open", date(2025, 5, 9), True),
        ("open", TODAY, False),
        ("open", date(2025, 5, 11), False),
        ("done", date(2025, 5, 1), False),
    ],
)
def test_overdue(state: str, due: date, late: bool) -> None:
    assert overdue(state, due, TODAY) is late
