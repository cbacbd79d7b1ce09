"""What each grade calls for: the default model's measures with their deadlines, month
arithmetic at month ends, and the swing alert of a grade-4 region."""

from __future__ import annotations

from datetime import date

import pytest

from services.index.application.modelfile import load_model
from services.index.domain.measures import add_months, measures_for, swing_alert
from services.index.domain.periods import month_of

MARCH = month_of(date(2025, 3, 1))
ISSUED = date(2025, 4, 2)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 1), 12, date(2026, 12, 1)),
        (date(2025, 3, 31), 24, date(2027, 3, 31)),
    ],
)
def test_add_months_keeps_the_day_or_the_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("grade", "kinds", "due"),
    [
        (1, ["report", "bulletin", "inspection_group", "rectification"], date(2025, 7, 2)),
        (2, ["report", "notice", "rectification"], date(2025, 6, 2)),
        (3, ["notice"], None),
    ],
)
def test_each_grade_brings_its_measures(grade: int, kinds: list[str], due: date | None) -> None:
    issued = measures_for(load_model(), "320812", grade, MARCH, ISSUED)
    assert [m.kind for m in issued] == kinds
    assert [m.measure_id for m in issued] == [
        f"320812-20250301-20250331-{i}" for i in range(1, len(kinds) + 1)
    ]
    assert all(m.grade == grade and m.issued_on == ISSUED for m in issued)
    assert all(m.period_start == MARCH.start and m.period_end == MARCH.end for m in issued)
    dated = [m.due_on for m in issued if m.due_on is not None]
    assert dated == ([due] if due else [])


@pytest.mark.parametrize(
    ("grade", "total", "previous", "swing"),
    [
        (4, 82.0, 95.0, -13.0),
        (4, 95.0, 82.0, 13.0),
        (4, 90.0, 95.0, None),  # 5 points: not more than the model's 5
        (4, 90.0, None, None),  # no period before
        (3, 72.0, 95.0, None),  # grades 1-3 have their own measures
    ],
)
def test_a_large_swing_of_a_grade_four_region_alerts(
    grade: int, total: float, previous: float | None, swing: float | None
) -> None:
    alert = swing_alert(load_model(), "320812", grade, MARCH, total, previous)
    assert (alert.swing if alert else None) == swing
    if alert is not None:
        assert (alert.total, alert.previous_total) == (total, previous)
