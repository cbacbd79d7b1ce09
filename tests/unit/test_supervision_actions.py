"""The rules of the office's actions: when an urging or a supervising is due, no due date in
the past, and pausing or resuming a step's clock only when that makes sense."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from services.supervision.domain.actions import (
    ActionPeriods,
    check_pausable,
    check_resumable,
    checked_due,
    urged_department,
    urging_due,
)
from services.supervision.domain.errors import DueInPast, NothingRunning, NotPaused
from shared.errors import Conflict, Invalid

TODAY = date(2025, 3, 3)
PERIODS = ActionPeriods(urge_days=5, supervise_days=10)


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.mark.parametrize(
    ("kind", "asked", "due"),
    [
        ("urge", None, day(5)),
        ("supervise", None, day(10)),
        ("urge", day(2), day(2)),
        ("supervise", day(30), day(30)),
        ("urge", TODAY, TODAY),
    ],
)
def test_an_urging_is_due_when_asked_or_after_its_period(
    kind: Any, asked: date | None, due: date
) -> None:
    assert urging_due(kind, TODAY, asked, PERIODS) == due


@pytest.mark.parametrize("kind", ["urge", "supervise"])
def test_no_urging_due_in_the_past(kind: Any) -> None:
    with pytest.raises(DueInPast) as refused:
        urging_due(kind, TODAY, day(-1), PERIODS)
    assert (refused.value.status, refused.value.detail) == (422, "due_on is in the past")
    assert isinstance(refused.value, Invalid) and refused.value.field_path is None


@pytest.mark.parametrize(
    ("due", "refused"), [(day(-30), True), (day(-1), True), (TODAY, False), (day(1), False)]
)
def test_a_due_date_from_today_on(due: date, refused: bool) -> None:
    if refused:
        with pytest.raises(DueInPast):
            checked_due(due, TODAY)
    else:
        assert checked_due(due, TODAY) == due


@pytest.mark.parametrize(
    ("department", "step_org", "addressed"),
    [("320812-ZJJ", "320812-ZJJ", "320812-ZJJ"), (None, "320812-XFJ", "320812-XFJ"),
     ("320812-ZJJ", "320800-XFJ", "320812-ZJJ"), (None, None, None)],
)  # fmt: skip
def test_an_urging_goes_to_the_department_else_to_who_holds_the_step(
    department: str | None, step_org: str | None, addressed: str | None
) -> None:
    assert urged_department({"department": department, "step_org": step_org}) == addressed


@pytest.mark.parametrize(
    ("case", "pause", "resume"),
    [
        ({"step": "handling", "paused_since_day": None}, None, NotPaused),
        ({"step": "handling", "paused_since_day": 700_000}, None, None),
        ({"step": None, "paused_since_day": None}, NothingRunning, NotPaused),
    ],
)
def test_pause_while_a_deadline_runs_resume_while_paused(
    case: dict[str, Any], pause: type[Conflict] | None, resume: type[Conflict] | None
) -> None:
    for check, refusal in ((check_pausable, pause), (check_resumable, resume)):
        if refusal is None:
            check(case)
        else:
            with pytest.raises(refusal) as refused:
                check(case)
            assert refused.value.status == 409


@pytest.mark.parametrize(("kind", "days"), [("urge", 7), ("supervise", 14)])
def test_the_periods_come_from_settings(kind: Any, days: int) -> None:
    assert ActionPeriods(urge_days=7, supervise_days=14).days(kind) == days
