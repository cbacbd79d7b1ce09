"""A petition's state, rebuilt by folding its events. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from shared.schemas.petition import (
    AcceptanceNoticeRecorded,
    CaseOwnerSet,
    Channel,
    ExtensionApproved,
    ExtensionRefused,
    ExtensionRequested,
    Kind,
    Level,
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
    ReviewDecided,
    ReviewRequested,
    RevisitOutcomeRecorded,
)

Stage = Literal["review", "re_review"]


class Status(StrEnum):
    NEW = "new"  # no events yet
    REGISTERED = "registered"  # 已登记
    ASSIGNED = "assigned"  # 已交办/转送
    RETURNED = "returned"  # 退回 (wrongly routed)
    ACCEPTED = "accepted"  # 已受理, being handled
    NOT_ACCEPTED = "not_accepted"  # 不予受理
    REPLIED = "replied"  # 已答复
    CLOSED = "closed"  # 已办结
    UNDER_REVIEW = "under_review"  # 复查中
    REVIEWED = "reviewed"  # 已复查
    UNDER_RE_REVIEW = "under_re_review"  # 复核中
    RE_REVIEWED = "re_reviewed"  # 已复核 (final)
    WITHDRAWN = "withdrawn"  # 已撤回


@dataclass(frozen=True)
class PetitionState:
    version: int = 0
    status: Status = Status.NEW
    tracking_code: str | None = None
    kind: Kind | None = None
    channel: Channel | None = None
    category_code: str | None = None
    region_code: str | None = None
    receiving_org: str | None = None
    receiving_level: Level | None = None
    responsible_level: Level | None = None
    received_on: date | None = None
    accused_org: str | None = None
    petitioner_key: str | None = None
    forward_due: date | None = None
    acceptance_due: date | None = None
    department: str | None = None
    department_level: Level | None = None
    assigned_on: date | None = None
    objection_due: date | None = None
    accepted_on: date | None = None
    reply_due: date | None = None
    extension_pending_days: int | None = None
    extension_days: int = 0  # approved; at most one approval
    acceptance_decided: bool = False
    notice_recorded: bool = False
    replied_on: date | None = None
    review_request_due: date | None = None
    rating_token_hash: str | None = None
    rated: bool = False
    stage_done: Stage | None = None
    review_decision_due: date | None = None
    next_request_due: date | None = None
    linked_to: str | None = None
    linked_concluded: bool = False
    case_owner: str | None = None
    closed_on: date | None = None
    withdrawn_on: date | None = None
    revisits: int = 0

    @property
    def extension_pending(self) -> bool:
        return self.extension_pending_days is not None

    @property
    def status_label(self) -> str:
        """The status as a 409 names it, with a pending extension made visible."""
        return f"{self.status} (extension pending)" if self.extension_pending else str(self.status)


def _registered(s: PetitionState, e: PetitionRegistered) -> PetitionState:
    return replace(
        s,
        status=Status.REGISTERED,
        tracking_code=e.tracking_code,
        kind=e.kind,
        channel=e.channel,
        category_code=e.category_code,
        region_code=e.region_code,
        receiving_org=e.receiving_org,
        receiving_level=e.receiving_level,
        responsible_level=e.responsible_level,
        received_on=e.received_on,
        accused_org=e.accused_org,
        petitioner_key=e.petitioner_key,
        forward_due=e.forward_due,
        acceptance_due=e.acceptance_notice_due,
    )


def _assigned(s: PetitionState, e: PetitionAssigned) -> PetitionState:
    return replace(
        s,
        status=Status.ASSIGNED,
        department=e.department,
        department_level=e.level,
        assigned_on=e.assigned_on,
        objection_due=e.objection_due,
        acceptance_due=e.acceptance_due,
    )


def _returned(s: PetitionState, e: PetitionReturned) -> PetitionState:
    return replace(
        s, status=Status.RETURNED, department=None, department_level=None, objection_due=None
    )


def _accepted(s: PetitionState, e: PetitionAccepted) -> PetitionState:
    return replace(
        s,
        status=Status.ACCEPTED,
        accepted_on=e.accepted_on,
        reply_due=e.reply_due,
        acceptance_decided=True,
    )


def _not_accepted(s: PetitionState, e: PetitionNotAccepted) -> PetitionState:
    return replace(s, status=Status.NOT_ACCEPTED, acceptance_decided=True)


def _replied(s: PetitionState, e: PetitionReplied) -> PetitionState:
    return replace(
        s,
        status=Status.REPLIED,
        replied_on=e.replied_on,
        review_request_due=e.review_request_due,
        rating_token_hash=e.rating_token_hash,
        extension_pending_days=None,  # a reply makes a pending extension moot
    )


def _review_requested(s: PetitionState, e: ReviewRequested) -> PetitionState:
    status = Status.UNDER_REVIEW if e.stage == "review" else Status.UNDER_RE_REVIEW
    return replace(s, status=status, review_decision_due=e.decision_due, closed_on=None)


def _review_decided(s: PetitionState, e: ReviewDecided) -> PetitionState:
    status = Status.REVIEWED if e.stage == "review" else Status.RE_REVIEWED
    return replace(
        s,
        status=status,
        stage_done=e.stage,
        review_decision_due=None,
        next_request_due=e.next_request_due,
    )


_APPLY: dict[type[Any], Callable[[PetitionState, Any], PetitionState]] = {
    PetitionRegistered: _registered,
    PetitionAssigned: _assigned,
    PetitionReturned: _returned,
    PetitionAccepted: _accepted,
    PetitionNotAccepted: _not_accepted,
    AcceptanceNoticeRecorded: lambda s, e: replace(s, notice_recorded=True),
    ExtensionRequested: lambda s, e: replace(s, extension_pending_days=e.days),
    ExtensionApproved: lambda s, e: replace(
        s, extension_pending_days=None, extension_days=e.days, reply_due=e.reply_due
    ),
    ExtensionRefused: lambda s, e: replace(s, extension_pending_days=None),
    PetitionReplied: _replied,
    PetitionClosed: lambda s, e: replace(s, status=Status.CLOSED, closed_on=e.closed_on),
    PetitionRated: lambda s, e: replace(s, rated=True),
    ReviewRequested: _review_requested,
    ReviewDecided: _review_decided,
    PetitionWithdrawn: lambda s, e: replace(
        s, status=Status.WITHDRAWN, withdrawn_on=e.withdrawn_on, extension_pending_days=None
    ),
    PetitionLinked: lambda s, e: replace(
        s, linked_to=e.earlier_petition_id, linked_concluded=e.earlier_concluded
    ),
    CaseOwnerSet: lambda s, e: replace(s, case_owner=e.owner_user_id),
    RevisitOutcomeRecorded: lambda s, e: replace(s, revisits=s.revisits + 1),
}


def apply(state: PetitionState, payload: Any) -> PetitionState:
    """The state after one more event."""
    step = _APPLY.get(type(payload))
    if step is None:
        raise TypeError(f"not a petition event: {type(payload).__name__}")
    return replace(step(state, payload), version=state.version + 1)


def fold(payloads: Iterable[Any], state: PetitionState | None = None) -> PetitionState:
    """Rebuild a petition's state from its event payloads, oldest first."""
    s = state or PetitionState()
    for p in payloads:
        s = apply(s, p)
    return s
