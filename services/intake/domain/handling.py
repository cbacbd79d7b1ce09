"""Handlers from assignment to reply: routing, acceptance, extension, reply.

Each takes the state (already checked against the transition table), the command and the
context, and returns the events to append. Date rules are checked here.
"""

from __future__ import annotations

from typing import TypeVar

from services.intake.domain.context import Context, Decision
from services.intake.domain.errors import InvalidCommand, RuleViolation, UnknownReference
from services.intake.domain.identity import rating_token_hash
from services.intake.domain.state import PetitionState, Status
from shared.auth.rating import rating_token
from shared.auth.scope import may_receive_accusation
from shared.schemas.commands import (
    Accept,
    ApproveExtension,
    Assign,
    NotAccept,
    RecordAcceptanceNotice,
    RefuseExtension,
    Reply,
    RequestExtension,
    Return,
)
from shared.schemas.petition import (
    AcceptanceNoticeRecorded,
    ExtensionApproved,
    ExtensionRefused,
    ExtensionRequested,
    Kind,
    PetitionAccepted,
    PetitionAssigned,
    PetitionNotAccepted,
    PetitionReplied,
    PetitionReturned,
)

T = TypeVar("T")


def known(value: T | None) -> T:
    """A field an earlier event always sets; a gap is a bug in the fold, not bad input."""
    assert value is not None
    return value


def assign(s: PetitionState, c: Assign, ctx: Context) -> Decision:
    dept = ctx.refdata.departments.get(c.department)
    if dept is None:
        raise UnknownReference("department", c.department)
    # Checked first: whatever else is wrong, this is the answer that matters (Art. 30).
    if s.kind is Kind.ACCUSATION and not may_receive_accusation(
        dept.code, s.accused_org, ctx.refdata.org_tree
    ):
        raise RuleViolation(
            "an accusation must never be sent to the accused unit (Art. 30)",
            zh="检举控告类信访事项不得交由被检举控告的单位办理（《信访工作条例》第三十条）",
        )
    if s.status is Status.ASSIGNED and s.department == dept.code:
        # It is there already: nothing happens, and the caller gets the petition as it is
        # (a retry of routing's, a second click) rather than a second assignment.
        return Decision(events=())
    category, region = known(s.category_code), known(s.region_code)
    if not dept.covers_category(category) or not any(
        ctx.refdata.in_subtree(region, root) for root in dept.regions
    ):
        raise InvalidCommand(
            "department",
            f"{dept.code} does not answer for category {category} in {region}",
            "该单位不承办这一属地的这类问题",
        )
    today = ctx.today
    event = PetitionAssigned(
        department=dept.code,
        level=dept.level,
        reason=c.reason,
        rule_id=c.rule_id,
        forwarded=c.forwarded,
        assigned_on=today,
        objection_due=ctx.deadlines.objection_due(today),
        acceptance_due=ctx.deadlines.acceptance_notice_due(today),
    )
    return Decision(events=(event,))


def return_(s: PetitionState, c: Return, ctx: Context) -> Decision:
    if c.department != s.department:
        raise InvalidCommand(
            "department",
            f"the petition is assigned to {s.department}",
            "只能由已交办的承办单位退回",
        )
    due = known(s.objection_due)
    if ctx.today > due:
        raise RuleViolation(
            f"the jurisdiction objection was due by {due} (Art. 23)",
            zh=f"提出管辖异议的期限已于 {due} 截止，不能再退回（《信访工作条例》第二十三条）",
        )
    event = PetitionReturned(department=c.department, reason=c.reason, returned_on=ctx.today)
    return Decision(events=(event,))


def accept(s: PetitionState, c: Accept, ctx: Context) -> Decision:
    if s.linked_concluded:
        raise RuleViolation(
            "this claim was concluded by re-review and is not accepted again (Art. 36);"
            " decline it with not_accept",
            zh="同一事项已经复核终结，不再受理，请选择不予受理（《信访工作条例》第三十六条）",
        )
    event = PetitionAccepted(
        accepted_on=ctx.today, handler=c.handler, reply_due=ctx.deadlines.reply_due(ctx.today)
    )
    return Decision(events=(event,))


def not_accept(s: PetitionState, c: NotAccept, ctx: Context) -> Decision:
    return Decision(events=(PetitionNotAccepted(reason=c.reason, decided_on=ctx.today),))


def record_acceptance_notice(s: PetitionState, c: RecordAcceptanceNotice, ctx: Context) -> Decision:
    on = c.notified_on or ctx.today
    if on > ctx.today or on < known(s.received_on):
        raise InvalidCommand(
            "notified_on", "must be between receipt and today", "告知日期应在收到日期和今天之间"
        )
    return Decision(events=(AcceptanceNoticeRecorded(notified_on=on, method=c.method),))


def request_extension(s: PetitionState, c: RequestExtension, ctx: Context) -> Decision:
    limit = ctx.deadlines.limits.max_extension_days
    if c.days > limit:
        raise InvalidCommand(
            "days", f"an extension is at most {limit} days (Art. 34)", f"延期最多 {limit} 天"
        )
    due = known(s.reply_due)
    if ctx.today > due:
        raise RuleViolation(
            f"the reply was due on {due}; an overdue case cannot be extended",
            zh=f"答复期限已于 {due} 届满，超期的事项不能再申请延期",
        )
    event = ExtensionRequested(days=c.days, reason=c.reason, requested_on=ctx.today)
    return Decision(events=(event,))


def approve_extension(s: PetitionState, c: ApproveExtension, ctx: Context) -> Decision:
    requested = s.extension_pending_days or 0
    days = c.days or requested
    if days > requested:
        raise InvalidCommand(
            "days",
            f"more than the {requested} days requested",
            f"批准的天数不能超过申请的 {requested} 天",
        )
    event = ExtensionApproved(
        days=days,
        approver=c.approver,
        decided_on=ctx.today,
        reply_due=ctx.deadlines.extended_reply_due(known(s.accepted_on), days),
    )
    return Decision(events=(event,))


def refuse_extension(s: PetitionState, c: RefuseExtension, ctx: Context) -> Decision:
    event = ExtensionRefused(approver=c.approver, reason=c.reason, decided_on=ctx.today)
    return Decision(events=(event,))


def reply(s: PetitionState, c: Reply, ctx: Context) -> Decision:
    # Derived, not random: feedback makes the same token for the SMS from the key it shares
    # with intake, so the token never travels through the log (shared/auth/rating.py).
    token = rating_token(ctx.rating_link_key, known(s.tracking_code), s.version + 1)
    event = PetitionReplied(
        replied_on=ctx.today,
        reply_text=c.reply_text,
        document_ref=c.document_ref,
        attachments=tuple(a.as_event() for a in c.attachments),
        review_request_due=ctx.deadlines.review_request_due(ctx.today),
        rating_token_hash=rating_token_hash(token),
    )
    return Decision(events=(event,), rating_token=token)
