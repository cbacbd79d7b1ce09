"""The revisit's rules: the day of the revisit, one outcome, not before the rating; the task
waits for intake's answer and only intake's refusal of that very command reopens it."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.feedback.domain.errors import Invalid, Refused
from services.feedback.domain.revisits import (
    Answer,
    Outcome,
    check_outcome,
    closes,
    command_id,
    overdue,
    refusal_in_chinese,
    reopens,
    revisit_day,
)

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
        # Sent and not yet answered: a second outcome would race the first at intake.
        ("sent", RATED, "the revisit outcome was sent to intake and awaits its answer"),
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
        ("sent", date(2025, 5, 1), False),  # the unit did its part; a refusal reopens it
    ],
)
def test_overdue(state: str, due: date, late: bool) -> None:
    assert overdue(state, due, TODAY) is late


SENT_ID = command_id("p1", 2)


@pytest.mark.parametrize(
    ("state", "answer", "reopened"),
    [
        # Intake refused the outcome the task waits on: the unit has it again.
        ("sent", Answer(SENT_ID, True, "invalid_transition", "not allowed"), True),
        # Intake did it: the task waits for intake's event, which says what was recorded.
        ("sent", Answer(SENT_ID, False), False),
        # The answer to the first attempt, redelivered after the unit sent a second.
        ("sent", Answer(command_id("p1", 1), True, "conflict", "stale"), False),
        # Another command on the petition (an acceptance notice): none of the task's.
        ("sent", Answer("other", True, "invalid_transition", "x"), False),
        # Already reopened, or already recorded: a repeated refusal changes nothing.
        ("open", Answer(SENT_ID, True, "invalid_transition", "x"), False),
        ("done", Answer(SENT_ID, True, "invalid_transition", "x"), False),
    ],
)
def test_only_a_refusal_of_the_awaited_command_reopens(
    state: str, answer: Answer, reopened: bool
) -> None:
    assert reopens(state, SENT_ID, answer) is reopened


@pytest.mark.parametrize(("state", "closed"), [("open", True), ("sent", True), ("done", False)])
def test_intakes_record_closes_a_task_not_yet_done(state: str, closed: bool) -> None:
    assert closes(state) is closed


def test_each_attempt_is_a_command_of_its_own() -> None:
    """Intake runs a command id once: a second attempt under the first's id would be
    skipped as a redelivery and the task would wait for ever."""
    ids = [command_id("p1", n) for n in (1, 2, 3)]
    assert len(set(ids)) == 3
    assert command_id("p1", 2) == ids[1]  # a resend of one attempt is the same command
    assert command_id("p2", 1) != ids[0]
    # The first attempt keeps the id every task had before attempts were counted (the
    # migration gives the tasks done before it that id).
    before = uuid.uuid5(uuid.UUID("5e0c2b7a-94f1-4d2e-8b3a-6f7e8d9c0a1b"), "p1|revisit_outcome")
    assert ids[0] == str(before)


@pytest.mark.parametrize(
    ("code", "reason", "zh"),
    [
        (
            "invalid_transition",
            "record_revisit_outcome is not allowed while the petition is under_review; "
            "allowed: decide_review, link",
            "信访事项的状态已经变化（现为“复查中”），现在不能记录回访结果",
        ),
        ("invalid_transition", "odd words", "信访事项的状态已经变化，现在不能记录回访结果"),
        (
            "conflict",
            "stream p1: expected version 3, found 4",
            "信访事项刚被他人更新，未能记录回访结果，请重新提交",
        ),
        ("something_new", "x", "信访部门未能记录回访结果，请核实后重新提交"),
        (None, None, None),
    ],
)
def test_the_refusal_in_chinese(code: str | None, reason: str | None, zh: str | None) -> None:
    assert refusal_in_chinese(code, reason) == zh
