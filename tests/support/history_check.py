"""What a user checks of a history: every petition's events in time order, and which steps
went past their deadline, worked out from the events' own dates (not from any service's
view of them, so the services' figures can be held against it)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from shared.clock import CITY_ZONE
from shared.schemas import petition as p

CITY = ZoneInfo(CITY_ZONE)
REVISIT_DAYS = 15  # supervision's default 回头看 period: the one limit no event carries


def out_of_order(events: Iterable[Any]) -> set[str]:
    """The petitions whose ``occurred_at`` goes back somewhere in version order."""
    streams: defaultdict[str, list[Any]] = defaultdict(list)
    for env in events:
        streams[env.stream_id].append(env)
    bad = set()
    for pid, stream in streams.items():
        stream.sort(key=lambda e: e.stream_version)
        if any(b.occurred_at < a.occurred_at for a, b in pairwise(stream)):
            bad.add(pid)
    return bad


@dataclass
class _Run:
    """One petition's running step and what its deadlines were."""

    pid: str
    late: set[tuple[str, str]]
    step: str | None = None
    due: date | None = None
    forward_due: date | None = None
    notice_due: date | None = None
    noticed: bool = False

    def start(self, step: str, due: date) -> None:
        self.step, self.due = step, due

    def end(self, on: date) -> None:
        if self.step is not None and self.due is not None and on > self.due:
            self.late.add((self.pid, self.step))
        self.step = self.due = None


@dataclass
class Lateness:
    late: set[tuple[str, str]] = field(default_factory=set)  # (petition, step)
    assigned: int = 0
    forwarded_late: int = 0
    notices: int = 0
    notices_late: int = 0


def late_steps(events: Iterable[Any], end: date) -> Lateness:
    """Steps ended after their due date, or still running past it on ``end``; with the
    forwarding and notice counts the index's 转送交办及时率 and 受理告知及时率 come from."""
    out = Lateness()
    runs: dict[str, _Run] = {}
    for env in sorted(events, key=lambda e: (e.stream_id, e.stream_version)):
        run = runs.setdefault(env.stream_id, _Run(env.stream_id, out.late))
        _fold(run, env, out)
    for run in runs.values():
        if run.step is not None:
            run.end(end)
    return out


def _fold(run: _Run, env: Any, out: Lateness) -> None:
    e = env.payload
    if isinstance(e, p.PetitionRegistered):
        run.forward_due, run.notice_due = e.forward_due, e.acceptance_notice_due
        run.start("forward", e.forward_due)
    elif isinstance(e, p.PetitionAssigned):
        if run.step == "forward":
            out.assigned += 1
            out.forwarded_late += int(e.assigned_on > (run.forward_due or e.assigned_on))
        run.end(e.assigned_on)
        run.notice_due = e.acceptance_due
        run.start("acceptance_notice", e.acceptance_due)
    elif isinstance(e, p.PetitionReturned):
        run.end(e.returned_on)
        run.start("forward", run.forward_due or e.returned_on)
    elif isinstance(e, p.PetitionAccepted):
        run.end(e.accepted_on)
        run.start("handling", e.reply_due)
    elif isinstance(e, p.ExtensionApproved):
        run.due = e.reply_due
    elif isinstance(e, p.AcceptanceNoticeRecorded) and not run.noticed:
        run.noticed = True
        out.notices += 1
        if run.notice_due is not None and e.notified_on > run.notice_due:
            out.notices_late += 1
            run.late.add((run.pid, "acceptance_notice"))
    elif isinstance(e, p.PetitionRated):
        if p.Rating.DISSATISFIED in (e.unit_rating, e.result_rating):
            run.end(e.rated_on)
            run.start("revisit", e.rated_on + timedelta(days=REVISIT_DAYS))
    elif isinstance(e, p.ReviewRequested):
        run.end(e.requested_on)
        run.start("review", e.decision_due)
    elif isinstance(e, p.RevisitOutcomeRecorded) and run.step == "revisit":
        run.end(e.revisited_on)
    elif (on := _ended_on(e)) is not None:
        run.end(on)
    elif isinstance(e, p.PetitionClosed | p.PetitionWithdrawn):
        run.end(env.occurred_at.astimezone(CITY).date())


def _ended_on(e: Any) -> date | None:
    if isinstance(e, p.PetitionNotAccepted | p.ReviewDecided):
        return e.decided_on
    if isinstance(e, p.PetitionReplied):
        return e.replied_on
    if isinstance(e, p.PetitionClosed):
        return e.closed_on
    if isinstance(e, p.PetitionWithdrawn):
        return e.withdrawn_on
    return None
