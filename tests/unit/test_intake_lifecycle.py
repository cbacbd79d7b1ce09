"""Due dates carried in events, and the rules that depend on the date or the values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from services.intake.domain import (
    InvalidCommand,
    InvalidRatingToken,
    RuleViolation,
    UnknownReference,
    allowed_commands,
    decide,
    fold,
    register,
)
from services.intake.domain.deadlines import DeadlineLimits
from services.intake.domain.identity import rating_token_hash
from shared.schemas import commands as c
from shared.schemas.petition import (
    ExtensionApproved,
    Kind,
    PetitionAccepted,
    PetitionAssigned,
    PetitionRegistered,
    PetitionReplied,
    Rating,
    ReviewDecided,
    ReviewRequested,
)
from tests.support.intake import (
    EARLIER,
    SAMPLES,
    FakeHistory,
    make_ctx,
    reach,
    registration,
    run,
)


def test_registration_carries_forward_and_acceptance_dates() -> None:
    event = register(registration(received_on=date(2026, 2, 1)), make_ctx()).events[0]
    assert isinstance(event, PetitionRegistered)
    assert event.forward_due == date(2026, 2, 24)  # day 15 falls in the Spring Festival
    assert event.acceptance_notice_due == date(2026, 2, 24)


def test_assignment_sets_objection_and_acceptance_dates() -> None:
    state, _ = reach("registered")
    _, decision = run(state, SAMPLES["assign"](""), make_ctx(today=date(2026, 2, 12)))
    event = decision.events[0]
    assert isinstance(event, PetitionAssigned)
    assert event.objection_due == date(2026, 2, 26)  # 5 working days over the holiday
    assert event.acceptance_due == date(2026, 2, 27)
    assert event.level == "county"


def test_return_after_five_working_days_is_refused() -> None:
    state, _ = reach("assigned")  # assigned on Mon 2 Mar: objection due Mon 9 Mar
    ret = SAMPLES["return"]("")
    run(state, ret, make_ctx(today=date(2026, 3, 9)))
    with pytest.raises(RuleViolation, match="2026-03-09"):
        decide(state, ret, make_ctx(today=date(2026, 3, 10)))
    with pytest.raises(InvalidCommand, match="department"):
        decide(state, c.Return(department="320831-RSJ", reason="x"), make_ctx())


def test_reply_due_with_one_extension() -> None:
    ctx = make_ctx()
    state, decision = run(reach("assigned")[0], c.Accept(), ctx)
    assert isinstance(decision.events[0], PetitionAccepted)
    assert state.reply_due == date(2026, 5, 6)
    state, _ = run(state, c.RequestExtension(days=25, reason="涉及多部门"), ctx)
    with pytest.raises(InvalidCommand, match="more than the 25 days"):
        decide(state, c.ApproveExtension(approver="u-head", days=30), ctx)
    state, decision = run(state, c.ApproveExtension(approver="u-head"), ctx)
    event = decision.events[0]
    assert isinstance(event, ExtensionApproved) and event.approver == "u-head"
    # 60 + 25 days from Mon 2 Mar is Tue 26 May.
    assert state.reply_due == event.reply_due == date(2026, 5, 26)
    assert state.extension_days == 25
    assert "request_extension" not in allowed_commands(state)  # one extension only


def test_after_a_refusal_the_handler_may_ask_once_more() -> None:
    state, _ = reach("extension_pending")
    state, _ = run(state, SAMPLES["refuse_extension"](""), make_ctx())
    assert state.reply_due == date(2026, 5, 6)
    state, _ = run(state, SAMPLES["request_extension"](""), make_ctx())
    assert state.extension_pending_days == 20


def test_an_overdue_case_cannot_be_extended() -> None:
    state, _ = reach("accepted")
    with pytest.raises(RuleViolation, match="2026-05-06"):
        decide(state, SAMPLES["request_extension"](""), make_ctx(today=date(2026, 5, 7)))


def test_extension_beyond_the_configured_limit_is_refused() -> None:
    state, _ = reach("accepted")
    ctx = make_ctx(limits=DeadlineLimits(max_extension_days=15))
    with pytest.raises(InvalidCommand, match="at most 15 days"):
        decide(state, c.RequestExtension(days=20, reason="x"), ctx)


def test_reply_issues_a_one_time_token_and_stores_only_its_hash() -> None:
    state, _ = reach("accepted")
    state, decision = run(state, SAMPLES["reply"](""), make_ctx())
    event = decision.events[0]
    assert isinstance(event, PetitionReplied)
    assert decision.rating_token and decision.rating_token not in event.model_dump_json()
    assert event.rating_token_hash == rating_token_hash(decision.rating_token)
    assert event.review_request_due == date(2026, 4, 1)


def test_rating_needs_the_token_and_happens_once() -> None:
    state, token = reach("closed")
    bad = c.Rate(token="x" * 24, unit_rating=Rating.DISSATISFIED, result_rating=Rating.SATISFIED)
    with pytest.raises(InvalidRatingToken):
        decide(state, bad, make_ctx())
    state, _ = run(state, SAMPLES["rate"](token), make_ctx())
    assert state.rated and "rate" not in allowed_commands(state)


def test_review_and_re_review_dates_and_limits() -> None:
    state, _ = reach("replied")  # replied 2 Mar: review may be asked until 1 Apr
    with pytest.raises(RuleViolation, match=r"Art\. 35"):
        decide(state, SAMPLES["request_review"](""), make_ctx(today=date(2026, 4, 2)))
    state, decision = run(state, SAMPLES["request_review"](""), make_ctx(today=date(2026, 4, 1)))
    requested = decision.events[0]
    assert isinstance(requested, ReviewRequested)
    assert requested.decision_due == date(2026, 5, 6)  # day 30 is Fri 1 May, Labour Day
    later = make_ctx(today=date(2026, 4, 20))
    state, decision = run(state, SAMPLES["decide_review"](""), later)
    decided = decision.events[0]
    assert isinstance(decided, ReviewDecided) and decided.next_request_due == date(2026, 5, 20)
    with pytest.raises(RuleViolation, match=r"Art\. 36"):
        decide(state, SAMPLES["request_re_review"](""), make_ctx(today=date(2026, 5, 21)))
    state, _ = run(state, SAMPLES["request_re_review"](""), later)
    state, decision = run(state, SAMPLES["decide_re_review"](""), later)
    final = decision.events[0]
    assert isinstance(final, ReviewDecided) and final.next_request_due is None


def test_review_may_be_asked_after_closure_within_the_limit() -> None:
    state, _ = reach("closed")
    state, _ = run(state, SAMPLES["request_review"](""), make_ctx())
    assert state.status == "under_review" and state.closed_on is None


def test_a_claim_concluded_by_re_review_is_not_accepted_again() -> None:
    ctx = make_ctx(history=FakeHistory([replace(EARLIER, concluded=True)]))
    state, _ = reach("assigned", ctx)
    state, decision = run(state, SAMPLES["link"](""), ctx)
    assert decision.events[0].earlier_concluded
    with pytest.raises(RuleViolation, match=r"Art\. 36"):
        decide(state, c.Accept(), ctx)
    run(state, SAMPLES["not_accept"](""), ctx)


def test_link_checks_the_earlier_petition() -> None:
    state, _ = reach("registered")
    with pytest.raises(UnknownReference, match="earlier_petition_id"):
        decide(state, c.Link(earlier_petition_id="p-nope"), make_ctx())


def test_assignment_checks_the_department() -> None:
    state, _ = reach("registered")
    with pytest.raises(UnknownReference, match="department"):
        decide(state, c.Assign(department="nope", reason="x"), make_ctx())
    with pytest.raises(InvalidCommand, match="does not answer for category 0101"):
        decide(state, c.Assign(department="320831-JYJ", reason="x"), make_ctx())
    with pytest.raises(InvalidCommand, match="in 320831003002"):
        decide(state, c.Assign(department="320812-ZJJ", reason="x"), make_ctx())
    run(state, c.Assign(department="320800-ZJJ", reason="市级督办", forwarded=True), make_ctx())


def test_an_accusation_never_goes_to_the_accused_unit() -> None:
    cmd = registration(kind=Kind.ACCUSATION, category_code="1103", accused_org="320831-ZJJ")
    state = fold(register(cmd, make_ctx()).events)
    with pytest.raises(RuleViolation, match="accused unit"):
        decide(state, c.Assign(department="320831-ZJJ", reason="x"), make_ctx())
    run(state, c.Assign(department="320800-JWJ", reason="纪检"), make_ctx())


def test_an_accusation_against_a_township_government_stays_out_of_the_township() -> None:
    # 银涂镇人民政府 governs township 320831003: nothing in that township may receive it, and
    # the county above may (the handler, not the HTTP route, decides: commands on the topic
    # take the same path).
    cmd = registration(
        kind=Kind.ACCUSATION,
        category_code="1103",
        region_code="320831003001",
        accused_org="320831003-GOV",
    )
    state = fold(register(cmd, make_ctx()).events)
    with pytest.raises(RuleViolation, match="accused unit"):
        decide(state, c.Assign(department="320831003-GOV", reason="属地"), make_ctx())
    other = registration(kind=Kind.ACCUSATION, category_code="1103", accused_org="320831003")
    with pytest.raises(RuleViolation, match="accused unit"):
        decide(
            fold(register(other, make_ctx()).events),
            c.Assign(department="320831003-GOV", reason="属地"),
            make_ctx(),
        )
    run(state, c.Assign(department="320800-JWJ", reason="纪检"), make_ctx())


def test_assigning_where_it_already_is_writes_nothing() -> None:
    state, _ = reach("assigned")
    assert state.department == "320831-ZJJ"
    again = decide(state, c.Assign(department="320831-ZJJ", reason="重复点击"), make_ctx())
    assert again.events == ()
    moved = decide(state, c.Assign(department="320800-ZJJ", reason="市级"), make_ctx())
    assert [type(e) for e in moved.events] == [PetitionAssigned]
    # After a return the department no longer has it: assigning it back is a new assignment.
    returned, _ = reach("returned")
    back = decide(returned, c.Assign(department="320831-ZJJ", reason="复核后"), make_ctx())
    assert [type(e) for e in back.events] == [PetitionAssigned]


def test_revisit_and_notice_dates_are_checked() -> None:
    state, _ = reach("closed")
    with pytest.raises(InvalidCommand, match="revisited_on"):
        decide(
            state,
            c.RecordRevisitOutcome(outcome="x", resolved=False, revisited_on=date(2026, 3, 3)),
            make_ctx(),
        )
    with pytest.raises(InvalidCommand, match="notified_on"):
        decide(
            state,
            c.RecordAcceptanceNotice(method="letter", notified_on=date(2026, 1, 1)),
            make_ctx(),
        )
    state, _ = run(state, c.RecordAcceptanceNotice(method="letter"), make_ctx())
    assert state.notice_recorded
