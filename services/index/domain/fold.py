"""Fold petition events into counter deltas, in memory (no I/O: the projection loads and
writes around it). Every count is filed under the event's own business date."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Protocol

from shared.auth.scope import ScopeTree, reporting_region
from shared.schemas import petition as p
from shared.schemas.supervision import DeadlineMissed

Key = tuple[date, str, str, str]
SATISFIED = {p.Rating.VERY_SATISFIED, p.Rating.SATISFIED}


class Tree(ScopeTree, Protocol):
    """What the fold asks of the org tree (``shared.refdata.OrgTree`` answers it)."""

    def ancestors(self, org: str) -> list[str]:
        """``org`` and everything above it, nearest first (``[org]`` if unknown)."""
        ...


@dataclass
class PetitionState:
    petition_id: str
    region_code: str
    category_code: str
    received_on: date
    first: bool
    department: str = ""
    forward_due: date | None = None
    notice_due: date | None = None
    noticed: bool = False
    reply_due: date | None = None
    replied_on: date | None = None
    reply_department: str | None = None
    first_resolved: bool = False

    def row(self) -> dict[str, Any]:
        return asdict(self)


class Fold:
    def __init__(
        self,
        states: dict[str, PetitionState],
        screened: dict[tuple[str, str], date],
        tree: Tree,
    ) -> None:
        self.states = states
        self.screened = screened
        self.ancestors = tree.ancestors
        self.tree = tree
        self.deltas: defaultdict[Key, Counter[str]] = defaultdict(Counter)
        self.dirty: set[str] = set()

    def add(self, day: date, st: PetitionState, dept: str | None = None, **counts: int) -> None:
        key = (day, st.region_code, st.category_code, st.department if dept is None else dept)
        self.deltas[key].update({k: v for k, v in counts.items() if v})

    def apply(self, event: Any) -> None:
        payload = event.payload
        if isinstance(payload, p.PetitionRegistered):
            self._registered(event.stream_id, payload)
            return
        if isinstance(payload, DeadlineMissed):
            self._missed_deadline(payload)
            return
        st = self.states.get(event.stream_id)
        handler = _HANDLERS.get(type(payload))
        if st is None or handler is None:
            return  # not a petition the index knows, or nothing the index counts
        handler(self, st, payload, event)
        self.dirty.add(st.petition_id)

    def _registered(self, pid: str, e: p.PetitionRegistered) -> None:
        if pid in self.states:
            return  # registered once; a second registration would double-count
        # A scorecard is one figure per region for every reader, its superiors included: an
        # accusation is filed under the nearest region above its accused scope, so the
        # accused region's own figures never hold it and every roll-up above is unchanged.
        region = reporting_region(self.ancestors(e.region_code), e.accused_org, self.tree)
        if region is None:
            return  # the whole chain is of the accused unit: nobody may count it
        st = PetitionState(
            pid,
            region,
            e.category_code,
            e.received_on,
            first=e.repeat_candidate_of is None,
            forward_due=e.forward_due,
            notice_due=e.acceptance_notice_due,
        )
        self.states[pid] = st
        self.dirty.add(pid)
        self.add(
            e.received_on,
            st,
            registered=1,
            online=int(e.channel == p.Channel.ONLINE),
            repeat=int(e.repeat_candidate_of is not None),
            skip_level=int(e.skip_level),
            collective=int(e.collective),
            collective_headcount=e.headcount if e.collective else 0,
            missed=int(not self._screened(e)),
        )
        if e.repeat_candidate_of:
            self.reopen(e.repeat_candidate_of)

    def _screened(self, e: p.PetitionRegistered) -> bool:
        """A dispute on the register, strictly before the petition, in its region or above
        and in its minor or major category."""
        cats = (e.category_code, e.category_code[:2])
        for region in self.ancestors(e.region_code):
            for cat in cats:
                first = self.screened.get((region, cat))
                if first is not None and first < e.received_on:
                    return True
        return False

    def reopen(self, pid: str) -> None:
        """The petition came back (review, or petitioned again): not resolved at one go."""
        st = self.states.get(pid)
        if st is None or not st.first_resolved or st.replied_on is None:
            return
        st.first_resolved = False
        self.dirty.add(pid)
        self.add(st.replied_on, st, st.reply_department or "", first_reopened=1)

    def _missed_deadline(self, e: DeadlineMissed) -> None:
        st = self.states.get(e.petition_id)
        if st is not None:
            self.add(e.detected_on, st, e.department or st.department, deadline_missed=1)


def _assigned(f: Fold, st: PetitionState, e: p.PetitionAssigned, _ev: Any) -> None:
    first = st.department == ""
    st.department = e.department
    st.notice_due = e.acceptance_due
    if first:
        late = st.forward_due is not None and e.assigned_on > st.forward_due
        f.add(e.assigned_on, st, assigned=1, forwarded_late=int(late))


def _returned(f: Fold, st: PetitionState, e: p.PetitionReturned, _ev: Any) -> None:
    st.department = ""


def _accepted(f: Fold, st: PetitionState, e: p.PetitionAccepted, _ev: Any) -> None:
    st.reply_due = e.reply_due
    f.add(e.accepted_on, st, accepted=1)


def _not_accepted(f: Fold, st: PetitionState, e: p.PetitionNotAccepted, _ev: Any) -> None:
    f.add(e.decided_on, st, not_accepted=1)


def _notice(f: Fold, st: PetitionState, e: p.AcceptanceNoticeRecorded, _ev: Any) -> None:
    if st.noticed:
        return
    st.noticed = True
    on_time = st.notice_due is None or e.notified_on <= st.notice_due
    f.add(e.notified_on, st, notices=1, notices_on_time=int(on_time))


def _extended(f: Fold, st: PetitionState, e: p.ExtensionApproved, _ev: Any) -> None:
    st.reply_due = e.reply_due
    f.add(e.decided_on, st, extensions=1)


def _replied(f: Fold, st: PetitionState, e: p.PetitionReplied, _ev: Any) -> None:
    if st.replied_on is not None:
        return  # the first reply is the one the deadline is about
    st.replied_on = e.replied_on
    st.reply_department = st.department
    on_time = st.reply_due is None or e.replied_on <= st.reply_due
    st.first_resolved = st.first
    f.add(
        e.replied_on,
        st,
        replied=1,
        replied_on_time=int(on_time),
        handling_days=(e.replied_on - st.received_on).days,
        first_replied=int(st.first),
    )


def _rated(f: Fold, st: PetitionState, e: p.PetitionRated, _ev: Any) -> None:
    f.add(
        e.rated_on,
        st,
        rated=1,
        satisfied=int(e.result_rating in SATISFIED),
        dissatisfied=int(e.result_rating == p.Rating.DISSATISFIED),
    )


def _review(f: Fold, st: PetitionState, e: p.ReviewRequested, _ev: Any) -> None:
    f.add(e.requested_on, st, reviews=1)
    f.reopen(st.petition_id)


def _review_decided(f: Fold, st: PetitionState, e: p.ReviewDecided, _ev: Any) -> None:
    f.add(e.decided_on, st, reviews_overturned=int(not e.upheld))


def _revisit(f: Fold, st: PetitionState, e: p.RevisitOutcomeRecorded, _ev: Any) -> None:
    f.add(e.revisited_on, st, revisits=1, revisits_resolved=int(e.resolved))


def _closed(f: Fold, st: PetitionState, e: p.PetitionClosed, ev: Any) -> None:
    f.add(e.closed_on or ev.occurred_at.date(), st, closed=1)


def _withdrawn(f: Fold, st: PetitionState, e: p.PetitionWithdrawn, ev: Any) -> None:
    f.add(e.withdrawn_on or ev.occurred_at.date(), st, withdrawn=1)


def _linked(f: Fold, st: PetitionState, e: p.PetitionLinked, _ev: Any) -> None:
    f.reopen(e.earlier_petition_id)


_HANDLERS: dict[type, Callable[[Fold, PetitionState, Any, Any], None]] = {
    p.PetitionAssigned: _assigned,
    p.PetitionReturned: _returned,
    p.PetitionAccepted: _accepted,
    p.PetitionNotAccepted: _not_accepted,
    p.AcceptanceNoticeRecorded: _notice,
    p.ExtensionApproved: _extended,
    p.PetitionReplied: _replied,
    p.PetitionRated: _rated,
    p.ReviewRequested: _review,
    p.ReviewDecided: _review_decided,
    p.RevisitOutcomeRecorded: _revisit,
    p.PetitionClosed: _closed,
    p.PetitionWithdrawn: _withdrawn,
    p.PetitionLinked: _linked,
}
