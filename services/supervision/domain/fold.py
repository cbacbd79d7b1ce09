"""One petition's running deadline, folded from its events. Pure: no I/O, no clock.

A case is a plain dict shaped like a ``sv_cases`` row, so a batch can be folded in memory and
written back at once. Every date comes from an event (DESIGN.md, rule 5); the revisit period
(回头看 after 不满意) is the one limit the events do not carry, so it is a setting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from services.supervision.domain.instants import instant
from shared.schemas.catalog import EventEnvelope
from shared.schemas.petition import (
    CaseOwnerSet,
    ExtensionApproved,
    PetitionAccepted,
    PetitionAssigned,
    PetitionClosed,
    PetitionLinked,
    PetitionNotAccepted,
    PetitionRated,
    PetitionRegistered,
    PetitionReplied,
    PetitionReturned,
    PetitionWithdrawn,
    Rating,
    ReviewDecided,
    ReviewRequested,
    RevisitOutcomeRecorded,
)
from shared.schemas.supervision import ClockPaused, ClockResumed, Step

Case = dict[str, Any]
Row = dict[str, Any]


@dataclass
class Effects:
    """What folding one event produced besides the case row (written by the projection)."""

    steps: list[Row] = field(default_factory=list)  # steps that ended
    mishandled: list[Row] = field(default_factory=list)
    followups: list[Row] = field(default_factory=list)
    records: list[Row] = field(default_factory=list)


def new_case(env: EventEnvelope) -> Case:
    p: PetitionRegistered = env.payload  # type: ignore[assignment]
    return {
        "petition_id": env.stream_id,
        "tracking_code": p.tracking_code,
        "region_code": p.region_code,
        "category_code": p.category_code,
        "kind": p.kind.value,
        "accused_org": p.accused_org,
        "channel": p.channel.value,
        "received_on": p.received_on,
        "petitioner_key": p.petitioner_key,
        "repeat_of": p.repeat_candidate_of,
        "skip_level": p.skip_level,
        "receiving_org": p.receiving_org,
        "department": None,
        "handler": None,
        "case_owner": None,
        "case_owner_name": None,
        "step_org": None,
        "is_open": True,
        "step": None,
        "step_start_day": None,
        "due_on": None,
        "due_day": None,
        "due_event_id": None,
        "paused_days": 0,
        "paused_since_day": None,
        "forward_due": p.forward_due,
        "forward_event_id": env.event_id,
        "accepted_on": None,
        "replied_on": None,
        "reply_on_time": None,
        "reviews": 0,
        "last_rating": None,
        "rating_event_id": None,
    }


class CaseFold:
    def __init__(self, revisit_days: int = 15) -> None:
        self.revisit_days = revisit_days

    def apply(self, case: Case | None, env: EventEnvelope, fx: Effects) -> Case | None:
        """The case after ``env``; ``None`` while the petition is unknown (registration
        not seen: a petition event without its first event is ignored)."""
        p = env.payload
        if isinstance(p, PetitionRegistered):
            case = new_case(env)
            _start(case, Step.FORWARD, p.received_on, p.forward_due, env, p.receiving_org)
            _followups(case, env, fx)
            return case
        if case is None:
            return None
        handler = _HANDLERS.get(type(p))
        if handler is not None:
            handler(self, case, env, fx)
        return case

    # -- one method per event type -------------------------------------------------------

    def _assigned(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: PetitionAssigned = env.payload  # type: ignore[assignment]
        _end(c, p.assigned_on, env, fx)
        c.update(department=p.department, handler=None)
        _start(c, Step.ACCEPTANCE_NOTICE, p.assigned_on, p.acceptance_due, env, p.department)

    def _returned(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: PetitionReturned = env.payload  # type: ignore[assignment]
        _end(c, p.returned_on, env, fx)
        c.update(department=None, handler=None)
        # Back with the office: its forwarding deadline still runs from receipt.
        c["due_event_id"] = c["forward_event_id"]
        _start(c, Step.FORWARD, c["received_on"], c["forward_due"], None, c["receiving_org"])

    def _accepted(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: PetitionAccepted = env.payload  # type: ignore[assignment]
        _end(c, p.accepted_on, env, fx)
        if c["department"] is None:  # the receiving office handles it itself
            c["department"] = c["receiving_org"]
        c.update(handler=p.handler, accepted_on=p.accepted_on)
        _start(c, Step.HANDLING, p.accepted_on, p.reply_due, env, c["department"])

    def _extended(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: ExtensionApproved = env.payload  # type: ignore[assignment]
        if c["step"] != Step.HANDLING:
            return
        # The same step, a later due date: the period (for the yellow share) is the whole.
        c.update(step=Step.EXTENSION.value, due_event_id=env.event_id)
        _set_due(c, p.reply_due)

    def _replied(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: PetitionReplied = env.payload  # type: ignore[assignment]
        if c["due_on"] is not None and c["step"] in (Step.HANDLING, Step.EXTENSION):
            c["reply_on_time"] = p.replied_on <= _effective_due(c)
        _end(c, p.replied_on, env, fx)
        c["replied_on"] = p.replied_on

    def _finished(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p = env.payload
        on = getattr(p, "closed_on", None) or getattr(p, "withdrawn_on", None)
        on = on or getattr(p, "decided_on", None) or env.occurred_at.date()
        _end(c, on, env, fx)
        c["is_open"] = False

    def _rated(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: PetitionRated = env.payload  # type: ignore[assignment]
        bad = Rating.DISSATISFIED in (p.unit_rating, p.result_rating)
        c.update(last_rating=p.result_rating.value, rating_event_id=env.event_id)
        if not bad:
            return
        fx.mishandled.append(_mishandled(c, env, "rated 不满意"))
        _end(c, p.rated_on, env, fx)
        due = p.rated_on + timedelta(days=self.revisit_days)
        _start(c, Step.REVISIT, p.rated_on, due, env, c["department"])

    def _revisited(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: RevisitOutcomeRecorded = env.payload  # type: ignore[assignment]
        if c["step"] == Step.REVISIT:
            _end(c, p.revisited_on, env, fx)
        if not p.resolved and c["last_rating"] == Rating.DISSATISFIED.value:
            fx.records.append(_dissatisfied_record(c, env, p))

    def _review_requested(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: ReviewRequested = env.payload  # type: ignore[assignment]
        _end(c, p.requested_on, env, fx)
        c.update(is_open=True, reviews=c["reviews"] + 1)
        step = Step.REVIEW if p.stage == "review" else Step.RE_REVIEW
        _start(c, step, p.requested_on, p.decision_due, env, p.reviewer_org or c["department"])

    def _review_decided(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: ReviewDecided = env.payload  # type: ignore[assignment]
        _end(c, p.decided_on, env, fx)
        if not p.upheld:
            fx.mishandled.append(_mishandled(c, env, f"{p.stage} overturned the reply"))
        if p.stage == "re_review":
            c["is_open"] = False  # final (Art. 36)

    def _linked(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: PetitionLinked = env.payload  # type: ignore[assignment]
        if c["repeat_of"] is None:
            c["repeat_of"] = p.earlier_petition_id
            fx.followups.append(_followup(c, env, "repeat", p.earlier_petition_id))

    def _owner(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: CaseOwnerSet = env.payload  # type: ignore[assignment]
        c.update(case_owner=p.owner_user_id, case_owner_name=p.owner_name)

    def _paused(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: ClockPaused = env.payload  # type: ignore[assignment]
        if c["step"] is not None and c["paused_since_day"] is None:
            c["paused_since_day"] = max(p.on.toordinal(), c["step_start_day"])

    def _resumed(self, c: Case, env: EventEnvelope, fx: Effects) -> None:
        p: ClockResumed = env.payload  # type: ignore[assignment]
        since = c["paused_since_day"]
        if since is not None:
            c["paused_days"] += max(0, p.on.toordinal() - since)
            c["paused_since_day"] = None


_HANDLERS: dict[type[Any], Callable[[CaseFold, Case, EventEnvelope, Effects], None]] = {
    PetitionAssigned: CaseFold._assigned,
    PetitionReturned: CaseFold._returned,
    PetitionAccepted: CaseFold._accepted,
    PetitionNotAccepted: CaseFold._finished,
    ExtensionApproved: CaseFold._extended,
    PetitionReplied: CaseFold._replied,
    PetitionClosed: CaseFold._finished,
    PetitionWithdrawn: CaseFold._finished,
    PetitionRated: CaseFold._rated,
    RevisitOutcomeRecorded: CaseFold._revisited,
    ReviewRequested: CaseFold._review_requested,
    ReviewDecided: CaseFold._review_decided,
    PetitionLinked: CaseFold._linked,
    CaseOwnerSet: CaseFold._owner,
    ClockPaused: CaseFold._paused,
    ClockResumed: CaseFold._resumed,
}


def _set_due(c: Case, due: date) -> None:
    c.update(due_on=due, due_day=due.toordinal())


def _start(
    c: Case, step: Step, start: date, due: date, env: EventEnvelope | None, org: str | None
) -> None:
    c.update(step=step.value, step_start_day=start.toordinal(), step_org=org)
    c.update(paused_days=0, paused_since_day=None)
    if env is not None:
        c["due_event_id"] = env.event_id
    _set_due(c, due)


def _effective_due(c: Case, on: date | None = None) -> date:
    extra = c["paused_days"]
    if c["paused_since_day"] is not None and on is not None:
        extra += max(0, on.toordinal() - c["paused_since_day"])
    return c["due_on"] + timedelta(days=extra)


def _end(c: Case, on: date, env: EventEnvelope, fx: Effects) -> None:
    """Close the running step (if any) on ``on``, recording whether it met its deadline."""
    if c["step"] is None:
        return
    paused = c["paused_days"]
    if c["paused_since_day"] is not None:
        paused += max(0, on.toordinal() - c["paused_since_day"])
    fx.steps.append(
        {
            "petition_id": c["petition_id"],
            "step": c["step"],
            "started_on": date.fromordinal(c["step_start_day"]),
            "due_on": c["due_on"],
            "paused_days": paused,
            "ended_on": on,
            "met": on <= c["due_on"] + timedelta(days=paused),
            "department": c["step_org"],
            "handler": c["handler"],
            "case_owner": c["case_owner"],
            "due_event_id": c["due_event_id"],
            "end_event_id": env.event_id,
        }
    )
    c.update(step=None, step_start_day=None, due_on=None, due_day=None, due_event_id=None)
    c.update(step_org=None, paused_days=0, paused_since_day=None)


def _mishandled(c: Case, env: EventEnvelope, why: str) -> Row:
    return {
        "petition_id": c["petition_id"],
        "event_id": env.event_id,
        "petitioner_key": c["petitioner_key"],
        "why": why,
        "region_code": c["region_code"],
        "received_on": c["received_on"],
        "department": c["department"],
        "handler": c["handler"],
        "case_owner": c["case_owner"],
        "at": instant(env.occurred_at),
    }


def _followup(c: Case, env: EventEnvelope, reason: str, earlier: str | None) -> Row:
    return {
        "petition_id": c["petition_id"],
        "event_id": env.event_id,
        "earlier_id": earlier,
        "petitioner_key": c["petitioner_key"],
        "reason": reason,
        "received_on": c["received_on"],
        "at": instant(env.occurred_at),
    }


def _followups(c: Case, env: EventEnvelope, fx: Effects) -> None:
    if c["repeat_of"] is not None:
        fx.followups.append(_followup(c, env, "repeat", c["repeat_of"]))
    elif c["skip_level"]:
        fx.followups.append(_followup(c, env, "skip_level", None))


def _dissatisfied_record(c: Case, env: EventEnvelope, p: RevisitOutcomeRecorded) -> Row:
    return {
        "reason": "dissatisfied_after_revisit",
        "petition_id": c["petition_id"],
        "step": Step.REVISIT.value,
        "department": c["department"],
        "handler": c["handler"],
        "case_owner": c["case_owner"],
        "region_code": c["region_code"],
        "what": f"不满意 still standing after the revisit of {p.revisited_on}: {p.outcome}"[:2000],
        "occurred_on": p.revisited_on,
        "found_at": instant(env.occurred_at),
        "event_ids": [c["rating_event_id"], env.event_id],
        "key": f"dissatisfied|{env.event_id}",
    }
