"""Handlers after the reply (close, rate, review, re-review, revisit) and those that apply
at any stage (withdraw, link, case owner)."""

from __future__ import annotations

from services.intake.domain.context import Context, Decision
from services.intake.domain.errors import (
    InvalidCommand,
    InvalidRatingToken,
    RuleViolation,
    UnknownReference,
)
from services.intake.domain.handling import known
from services.intake.domain.identity import rating_token_matches
from services.intake.domain.state import PetitionState
from shared.schemas.commands import (
    Close,
    DecideReReview,
    DecideReview,
    Link,
    Rate,
    RecordRevisitOutcome,
    RequestReReview,
    RequestReview,
    SetCaseOwner,
    Withdraw,
)
from shared.schemas.petition import (
    CaseOwnerSet,
    PetitionClosed,
    PetitionLinked,
    PetitionRated,
    PetitionWithdrawn,
    ReviewDecided,
    ReviewRequested,
    RevisitOutcomeRecorded,
)


def close(s: PetitionState, c: Close, ctx: Context) -> Decision:
    return Decision(events=(PetitionClosed(reason=c.reason, closed_on=ctx.today),))


def rate(s: PetitionState, c: Rate, ctx: Context) -> Decision:
    if not rating_token_matches(c.token, known(s.rating_token_hash)):
        raise InvalidRatingToken("the rating token does not match this petition's reply")
    event = PetitionRated(
        unit_rating=c.unit_rating, result_rating=c.result_rating, rated_on=ctx.today
    )
    return Decision(events=(event,))


def request_review(s: PetitionState, c: RequestReview, ctx: Context) -> Decision:
    due = known(s.review_request_due)
    if ctx.today > due:
        raise RuleViolation(
            f"a review had to be requested by {due} (Art. 35)",
            zh=f"申请复查的期限已于 {due} 截止（《信访工作条例》第三十五条）",
        )
    event = ReviewRequested(
        stage="review",
        requested_on=ctx.today,
        decision_due=ctx.deadlines.review_decision_due(ctx.today),
        reviewer_org=c.reviewer_org,
    )
    return Decision(events=(event,))


def decide_review(s: PetitionState, c: DecideReview, ctx: Context) -> Decision:
    event = ReviewDecided(
        stage="review",
        decided_on=ctx.today,
        upheld=c.upheld,
        decision_text=c.decision_text,
        next_request_due=ctx.deadlines.re_review_request_due(ctx.today),
    )
    return Decision(events=(event,))


def request_re_review(s: PetitionState, c: RequestReReview, ctx: Context) -> Decision:
    due = known(s.next_request_due)
    if ctx.today > due:
        raise RuleViolation(
            f"a re-review had to be requested by {due} (Art. 36)",
            zh=f"申请复核的期限已于 {due} 截止（《信访工作条例》第三十六条）",
        )
    event = ReviewRequested(
        stage="re_review",
        requested_on=ctx.today,
        decision_due=ctx.deadlines.re_review_decision_due(ctx.today),
        reviewer_org=c.reviewer_org,
    )
    return Decision(events=(event,))


def decide_re_review(s: PetitionState, c: DecideReReview, ctx: Context) -> Decision:
    # Re-review is final: no next request date (Art. 36).
    event = ReviewDecided(
        stage="re_review", decided_on=ctx.today, upheld=c.upheld, decision_text=c.decision_text
    )
    return Decision(events=(event,))


def withdraw(s: PetitionState, c: Withdraw, ctx: Context) -> Decision:
    return Decision(events=(PetitionWithdrawn(reason=c.reason, withdrawn_on=ctx.today),))


def link(s: PetitionState, c: Link, ctx: Context) -> Decision:
    earlier = ctx.history.get(c.earlier_petition_id)
    if earlier is None:
        raise UnknownReference("earlier_petition_id", c.earlier_petition_id)
    if earlier.tracking_code == s.tracking_code:
        raise InvalidCommand(
            "earlier_petition_id", "a petition cannot repeat itself", "不能关联信访事项本身"
        )
    if earlier.received_on > known(s.received_on):
        raise InvalidCommand(
            "earlier_petition_id",
            "was received after this petition",
            "原信访事项应早于本事项收到",
        )
    event = PetitionLinked(
        earlier_petition_id=earlier.petition_id, earlier_concluded=earlier.concluded
    )
    return Decision(events=(event,))


def set_case_owner(s: PetitionState, c: SetCaseOwner, ctx: Context) -> Decision:
    event = CaseOwnerSet(
        owner_user_id=c.owner_user_id, owner_name=c.owner_name, hard_case=c.hard_case
    )
    return Decision(events=(event,))


def record_revisit_outcome(s: PetitionState, c: RecordRevisitOutcome, ctx: Context) -> Decision:
    on = c.revisited_on or ctx.today
    if on > ctx.today or on < known(s.replied_on):
        raise InvalidCommand(
            "revisited_on", "must be between the reply and today", "回访日期应在答复日期和今天之间"
        )
    event = RevisitOutcomeRecorded(outcome=c.outcome, resolved=c.resolved, revisited_on=on)
    return Decision(events=(event,))
