"""Supervision's deadline fold, events in and the case out: the running step and its due
date, the steps that ended and whether they met their deadline, the light and the days
overdue on a given day, and the facts accountability records are made of. No database."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from services.supervision.domain.fold import Case, CaseFold, Effects
from services.supervision.domain.lights import LightRules, days_overdue, effective_due, light
from shared.schemas import petition as pe
from shared.schemas.supervision import ClockPaused, ClockResumed, Light
from tests.support.supervision import (
    DAY0,
    DEPT,
    Stream,
    accepted,
    assigned,
    extended,
    owner,
    rated,
    registered,
    replied,
    revisited,
)

OFFICE = "320812-XFJ"  # the receiving office of ``registered()``
REVIEWER = "320800-XFJ"
RULES = LightRules(yellow_days=3, yellow_share_pct=20)


def d(n: int) -> date:
    return DAY0 + timedelta(days=n)


def fold(*payloads: Any, revisit_days: int = 15) -> tuple[Case | None, Effects]:
    """The case after ``payloads`` (one petition's events in order), and every effect."""
    stream, folder, case, every = Stream("p-1"), CaseFold(revisit_days), None, Effects()
    for payload in payloads:
        fx = Effects()
        case = folder.apply(case, stream.event(payload), fx)
        for name in ("steps", "mishandled", "followups", "records"):
            getattr(every, name).extend(getattr(fx, name))
    return case, every


def returned(on: date) -> pe.PetitionReturned:
    return pe.PetitionReturned(department=DEPT, reason="不属本单位", returned_on=on)


def review(on: date, stage: str = "review", days: int = 30) -> pe.ReviewRequested:
    return pe.ReviewRequested(
        stage=stage,  # type: ignore[arg-type]
        requested_on=on,
        decision_due=on + timedelta(days=days),
        reviewer_org=REVIEWER,
    )


def decided(on: date, upheld: bool, stage: str = "review") -> pe.ReviewDecided:
    return pe.ReviewDecided(stage=stage, decided_on=on, upheld=upheld, decision_text="维持")  # type: ignore[arg-type]


def paused(on: date) -> ClockPaused:
    return ClockPaused(petition_id="p-1", on=on, reason="鉴定")


def resumed(on: date) -> ClockResumed:
    return ClockResumed(petition_id="p-1", on=on)


HANDLING = (registered(), assigned(d(1)), accepted(d(2)))  # reply due d(62)
ON_TIME = [("forward", d(1), True, 0), ("acceptance_notice", d(2), True, 0)]  # of HANDLING


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param((registered(),), {"step": "forward", "due_on": d(15), "step_org": OFFICE,
                     "step_start_day": d(0).toordinal(), "is_open": True}, id="registered"),
        pytest.param(HANDLING[:2], {"step": "acceptance_notice", "due_on": d(16),
                     "step_org": DEPT, "department": DEPT}, id="assigned"),
        pytest.param(HANDLING, {"step": "handling", "due_on": d(62), "step_org": DEPT,
                     "handler": "h-1", "accepted_on": d(2)}, id="accepted"),
        pytest.param((registered(), accepted(d(1))), {"department": OFFICE, "step_org": OFFICE,
                     "step": "handling"}, id="accepted by the receiving office itself"),
        pytest.param((*HANDLING[:2], returned(d(3))), {"step": "forward", "due_on": d(15),
                     "step_org": OFFICE, "department": None, "step_start_day": d(0).toordinal()},
                     id="returned: the forwarding deadline runs from receipt again"),
        pytest.param((*HANDLING, extended(d(50), d(92))), {"step": "extension", "due_on": d(92),
                     "step_start_day": d(2).toordinal()}, id="extended: same start, later due"),
        pytest.param((registered(), extended(d(5), d(92))), {"step": "forward", "due_on": d(15)},
                     id="an extension outside handling changes nothing"),
        pytest.param((*HANDLING, replied(d(60))), {"step": None, "due_on": None,
                     "replied_on": d(60), "reply_on_time": True, "is_open": True},
                     id="replied in time"),
        pytest.param((*HANDLING, replied(d(63))), {"reply_on_time": False}, id="replied late"),
        pytest.param((*HANDLING, extended(d(50), d(92)), replied(d(90))),
                     {"reply_on_time": True}, id="replied late but within the extension"),
        pytest.param((*HANDLING, paused(d(10)), resumed(d(20)), replied(d(70))),
                     {"reply_on_time": True, "paused_days": 0}, id="a pause moves the due date"),
        pytest.param((*HANDLING, paused(d(10))), {"paused_since_day": d(10).toordinal()},
                     id="paused"),
        pytest.param((*HANDLING, paused(d(10)), paused(d(15))),
                     {"paused_since_day": d(10).toordinal()}, id="paused twice: the first"),
        pytest.param((*HANDLING, paused(d(10)), resumed(d(14))),
                     {"paused_since_day": None, "paused_days": 4}, id="resumed"),
        pytest.param((*HANDLING, resumed(d(14))), {"paused_days": 0}, id="resumed, not paused"),
        pytest.param((registered(), paused(d(-5))), {"paused_since_day": d(0).toordinal()},
                     id="a pause before the step starts counts from its start"),
        pytest.param((*HANDLING, replied(d(60)), paused(d(61))), {"paused_since_day": None},
                     id="no pause without a running step"),
        pytest.param((*HANDLING, replied(d(60)), rated(d(61), pe.Rating.SATISFIED)),
                     {"step": None, "last_rating": "satisfied"}, id="rated satisfied"),
        pytest.param((*HANDLING, replied(d(60)), rated(d(61), pe.Rating.DISSATISFIED)),
                     {"step": "revisit", "due_on": d(76), "step_org": DEPT,
                      "last_rating": "dissatisfied"}, id="rated dissatisfied: revisit"),
        pytest.param((*HANDLING, replied(d(60)), rated(d(61), pe.Rating.DISSATISFIED),
                      revisited(d(70), resolved=True)), {"step": None}, id="revisited"),
        pytest.param((*HANDLING, replied(d(60)), review(d(65))), {"step": "review",
                     "due_on": d(95), "step_org": REVIEWER, "reviews": 1, "is_open": True},
                     id="review requested"),
        pytest.param((*HANDLING, replied(d(60)), review(d(65)), decided(d(80), True)),
                     {"step": None, "is_open": True}, id="review decided"),
        pytest.param((*HANDLING, replied(d(60)), review(d(65), "re_review"),
                      decided(d(80), True, "re_review")), {"is_open": False, "reviews": 1},
                     id="re-review decided: final"),
        pytest.param((*HANDLING, pe.PetitionClosed(closed_on=d(70))),
                     {"is_open": False, "step": None}, id="closed"),
        pytest.param((*HANDLING, pe.PetitionWithdrawn(withdrawn_on=d(5))),
                     {"is_open": False, "step": None}, id="withdrawn"),
        pytest.param((registered(), pe.PetitionNotAccepted(reason="不予受理", decided_on=d(3))),
                     {"is_open": False, "step": None}, id="not accepted"),
        pytest.param((*HANDLING, owner()), {"case_owner": "leader-1",
                     "case_owner_name": "包案领导"}, id="case owner"),
        pytest.param((registered(), pe.PetitionLinked(earlier_petition_id="p-0")),
                     {"repeat_of": "p-0"}, id="linked"),
        pytest.param((registered(repeat_candidate_of="p-0"),
                      pe.PetitionLinked(earlier_petition_id="p-9")), {"repeat_of": "p-0"},
                     id="linked once: the first earlier petition stays"),
    ],
)  # fmt: skip
def test_the_case_after_its_events(events: tuple[Any, ...], expected: dict[str, Any]) -> None:
    case, _ = fold(*events)
    assert case is not None
    assert {k: case[k] for k in expected} == expected


def test_events_before_the_registration_are_ignored() -> None:
    case, fx = fold(assigned(d(1)), accepted(d(2)))
    assert case is None and fx == Effects()


@pytest.mark.parametrize(
    ("events", "ended"),
    [
        pytest.param((registered(),), [], id="nothing ended"),
        pytest.param(HANDLING, ON_TIME, id="forwarded and accepted in time"),
        pytest.param((registered(), assigned(d(16))), [("forward", d(16), False, 0)],
                     id="forwarded a day late"),
        pytest.param((registered(), assigned(d(15))), [("forward", d(15), True, 0)],
                     id="forwarded on the due day"),
        pytest.param((*HANDLING, replied(d(63))), [*ON_TIME, ("handling", d(63), False, 0)],
                     id="replied a day late"),
        pytest.param((*HANDLING, paused(d(10)), resumed(d(11)), replied(d(63))),
                     [*ON_TIME, ("handling", d(63), True, 1)], id="a day paused: in time"),
        pytest.param((*HANDLING, paused(d(10)), replied(d(70))),
                     [*ON_TIME, ("handling", d(70), True, 60)], id="replied while paused"),
        pytest.param((*HANDLING, extended(d(50), d(92)), replied(d(93))),
                     [*ON_TIME, ("extension", d(93), False, 0)], id="late after the extension"),
        pytest.param((*HANDLING, pe.PetitionClosed(closed_on=d(70))),
                     [*ON_TIME, ("handling", d(70), False, 0)], id="closed after the due date"),
    ],
)  # fmt: skip
def test_steps_that_ended_and_their_deadlines(
    events: tuple[Any, ...], ended: list[tuple[str, date, bool, int]]
) -> None:
    _, fx = fold(*events)
    steps = [(s["step"], s["ended_on"], s["met"], s["paused_days"]) for s in fx.steps]
    assert steps == ended


def test_an_ended_step_cites_the_events_that_set_and_ended_it() -> None:
    stream, folder = Stream("p-1"), CaseFold()
    envs = [stream.event(p) for p in (*HANDLING, owner(), replied(d(63)))]
    case, fx = None, Effects()
    for env in envs:
        fx = Effects()
        case = folder.apply(case, env, fx)
    (step,) = fx.steps
    assert step["due_event_id"] == envs[2].event_id  # the acceptance set the reply's due date
    assert step["end_event_id"] == envs[4].event_id
    assert (step["department"], step["handler"], step["case_owner"]) == (DEPT, "h-1", "leader-1")


@pytest.mark.parametrize(
    ("events", "today", "lit", "overdue"),
    [
        pytest.param(HANDLING, d(40), Light.GREEN, 0, id="handling, early"),
        pytest.param(HANDLING, d(50), Light.YELLOW, 0, id="handling, a fifth of 60 days left"),
        pytest.param(HANDLING, d(62), Light.YELLOW, 0, id="handling, the due day"),
        pytest.param(HANDLING, d(63), Light.RED, 1, id="handling, a day overdue"),
        pytest.param((*HANDLING, paused(d(10)), resumed(d(20))), d(70), Light.YELLOW, 0,
                     id="ten days paused: due d(72)"),
        pytest.param((*HANDLING, paused(d(10)), resumed(d(20))), d(75), Light.RED, 3,
                     id="ten days paused, three overdue"),
        pytest.param((*HANDLING, paused(d(50))), d(90), Light.YELLOW, 0,
                     id="still paused: the clock stands"),
        pytest.param((*HANDLING, extended(d(50), d(92))), d(70), Light.GREEN, 0,
                     id="extended"),
        pytest.param((registered(),), d(16), Light.RED, 1, id="forwarding, a day overdue"),
    ],
)  # fmt: skip
def test_the_light_and_the_days_overdue_of_the_running_step(
    events: tuple[Any, ...], today: date, lit: Light, overdue: int
) -> None:
    case, _ = fold(*events)
    assert case is not None and case["step"] is not None
    start = date.fromordinal(case["step_start_day"])
    since = case["paused_since_day"]
    paused_since = date.fromordinal(since) if since is not None else None
    got = light(case["due_on"], start, today, RULES, case["paused_days"], paused_since)
    assert got is lit
    due = effective_due(case["due_on"], case["paused_days"], paused_since, today)
    assert days_overdue(due, today) == overdue


@pytest.mark.parametrize(
    ("events", "mishandled", "followups", "records"),
    [
        pytest.param((*HANDLING, replied(d(60)), rated(d(61), pe.Rating.SATISFIED)),
                     [], [], [], id="satisfied: nothing to account for"),
        pytest.param((*HANDLING, replied(d(60)), rated(d(61), pe.Rating.DISSATISFIED)),
                     ["rated 不满意"], [], [], id="dissatisfied"),
        pytest.param((*HANDLING, replied(d(60)), rated(d(61), pe.Rating.DISSATISFIED),
                      revisited(d(70), resolved=False)), ["rated 不满意"], [],
                     ["dissatisfied_after_revisit"], id="dissatisfied after the revisit"),
        pytest.param((*HANDLING, replied(d(60)), rated(d(61), pe.Rating.DISSATISFIED),
                      revisited(d(70), resolved=True)), ["rated 不满意"], [], [],
                     id="resolved at the revisit"),
        pytest.param((*HANDLING, replied(d(60)), review(d(65)), decided(d(80), False)),
                     ["review overturned the reply"], [], [], id="review overturned"),
        pytest.param((*HANDLING, replied(d(60)), review(d(65)), decided(d(80), True)),
                     [], [], [], id="review upheld"),
        pytest.param((registered(repeat_candidate_of="p-0"),), [], [("repeat", "p-0")], [],
                     id="a repeat petition"),
        pytest.param((registered(skip_level=True),), [], [("skip_level", None)], [],
                     id="a skip-level petition"),
        pytest.param((registered(), pe.PetitionLinked(earlier_petition_id="p-0")), [],
                     [("repeat", "p-0")], [], id="linked later"),
    ],
)  # fmt: skip
def test_the_facts_accountability_is_made_of(
    events: tuple[Any, ...],
    mishandled: list[str],
    followups: list[tuple[str, str | None]],
    records: list[str],
) -> None:
    _, fx = fold(*events)
    assert [m["why"] for m in fx.mishandled] == mishandled
    assert [(f["reason"], f["earlier_id"]) for f in fx.followups] == followups
    assert [r["reason"] for r in fx.records] == records


def test_the_revisit_period_is_a_setting() -> None:
    events = (*HANDLING, replied(d(60)), rated(d(61), pe.Rating.DISSATISFIED))
    case, _ = fold(*events, revisit_days=30)
    assert case is not None and case["due_on"] == d(91)
