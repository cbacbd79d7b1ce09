"""The traffic light, exactly at its boundaries, with a fake clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.supervision.domain.lights import LightRules, days_overdue, effective_due, light
from shared.clock import FakeClock
from shared.schemas.supervision import Light

START = date(2025, 3, 3)
DUE = START + timedelta(days=60)
RULES = LightRules(yellow_days=3, yellow_share_pct=10)  # 10% of 60 days: 6 days


def on(clock: FakeClock, **kw: object) -> Light:
    return light(DUE, START, clock.today(), RULES, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("days_before_due", "expected"),
    [(7, Light.GREEN), (6, Light.YELLOW), (1, Light.YELLOW), (0, Light.YELLOW), (-1, Light.RED)],
)
def test_share_of_period_then_due_day_then_red(days_before_due: int, expected: Light) -> None:
    clock = FakeClock(DUE - timedelta(days=days_before_due))
    assert on(clock) is expected


def test_days_left_rule_wins_on_a_short_period() -> None:
    rules = LightRules(yellow_days=3, yellow_share_pct=10)
    start, due = date(2025, 3, 3), date(2025, 3, 13)  # 10 days: the share is 1 day
    assert light(due, start, due - timedelta(days=4), rules) is Light.GREEN
    assert light(due, start, due - timedelta(days=3), rules) is Light.YELLOW


def test_the_light_moves_day_by_day_with_the_clock() -> None:
    clock = FakeClock(START)
    seen = []
    while clock.today() <= DUE + timedelta(days=1):
        seen.append(on(clock))
        clock.advance()
    assert seen.count(Light.YELLOW) == 7  # due-6 .. due
    assert seen[-1] is Light.RED and seen[-2] is Light.YELLOW
    assert seen.index(Light.YELLOW) == 54


def test_a_paused_clock_stands_still() -> None:
    paused_on = DUE - timedelta(days=10)
    clock = FakeClock(paused_on + timedelta(days=30))  # a month of hearing: still green
    assert on(clock, paused_since=paused_on) is Light.GREEN
    # Resumed after 30 days: the due date moved by 30 days.
    clock = FakeClock(DUE + timedelta(days=30))
    assert on(clock, paused_days=30) is Light.YELLOW
    clock.advance()
    assert on(clock, paused_days=30) is Light.RED
    assert days_overdue(DUE, clock.today(), paused_days=30) == 1


def test_no_days_overdue_on_the_due_day() -> None:
    assert days_overdue(DUE, DUE) == 0
    assert days_overdue(DUE, DUE + timedelta(days=5)) == 5


@pytest.mark.parametrize(
    ("paused_days", "paused_since", "today", "due"),
    [
        (0, None, None, DUE),
        (5, None, None, DUE + timedelta(days=5)),
        (0, DUE - timedelta(days=10), DUE, DUE + timedelta(days=10)),  # still paused
        (3, DUE - timedelta(days=10), DUE, DUE + timedelta(days=13)),
        (0, DUE, DUE, DUE),  # paused today: no day has stood still yet
        (0, DUE, DUE - timedelta(days=1), DUE),  # a pause from a later day counts nothing
        (0, DUE - timedelta(days=10), None, DUE),  # without today, only the days behind
    ],
)
def test_the_due_date_after_pauses(
    paused_days: int, paused_since: date | None, today: date | None, due: date
) -> None:
    assert effective_due(DUE, paused_days, paused_since, today) == due
