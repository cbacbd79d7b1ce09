"""The period of a figure or report: the year to date unless given, never backwards."""

from __future__ import annotations

from datetime import date

import pytest

from services.feedback.domain.errors import Invalid
from services.feedback.domain.period import period

TODAY = date(2025, 6, 15)


@pytest.mark.parametrize(
    ("start", "end", "found"),
    [
        (None, None, (date(2025, 1, 1), TODAY)),
        (date(2025, 3, 1), None, (date(2025, 3, 1), TODAY)),
        (None, date(2025, 2, 1), (date(2025, 1, 1), date(2025, 2, 1))),
        (date(2024, 1, 1), date(2024, 12, 31), (date(2024, 1, 1), date(2024, 12, 31))),
        (TODAY, TODAY, (TODAY, TODAY)),
    ],
)
def test_period(start: date | None, end: date | None, found: tuple[date, date]) -> None:
    assert period(TODAY, start, end) == found


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2025, 6, 16), None), (None, date(2024, 12, 31)), (date(2025, 2, 2), date(2025, 2, 1))],
)
def test_a_backward_period_is_invalid(start: date | None, end: date | None) -> None:
    with pytest.raises(Invalid, match=r"^'to' is before 'from'$"):
        period(TODAY, start, end)
