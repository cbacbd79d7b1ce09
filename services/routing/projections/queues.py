"""The work-queue projection: one row per (petition, department it has been with).

Built from petition events alone, with every date taken from the events, so a rebuild from
offset 0 comes out identical. "Due soon" and "overdue" depend on today and are worked out
when the queue is read, not stored.

Batches are folded in memory (one SELECT of the batch's petitions, one DELETE and one
INSERT of their rows), which is what makes a rebuild fast; ``apply`` is the same fold over
a batch of one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection

from services.routing.domain.offices import Offices
from services.routing.tables import queue_items
from shared.consumer import InboundMessage, Projection
from shared.consumer.peek import decode_only
from shared.eventstore.bulk import BulkRows
from shared.refdata import ReferenceData
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope
from shared.schemas.petition import (
    CaseOwnerSet,
    ExtensionApproved,
    ExtensionRefused,
    ExtensionRequested,
    PetitionAccepted,
    PetitionAssigned,
    PetitionClosed,
    PetitionNotAccepted,
    PetitionRegistered,
    PetitionReplied,
    PetitionReturned,
    PetitionWithdrawn,
)

NAME = "routing-queues"
# Rows in and out on the driver's cursor: this is the rebuild's hot path.
_BULK = BulkRows(queue_items)

Row = dict[str, Any]
Rows = dict[str, dict[str, Row]]  # petition id -> department -> row


class Queues(Projection):
    tables = (queue_items,)

    def __init__(self, data: ReferenceData, topics: Topics, name: str = NAME) -> None:
        self.name = name
        self.offices = Offices(data)
        self.topics = (topics.petition_events,)

    def decode(self, msg: InboundMessage) -> Any:
        # Events the queues ignore (ratings, notices, reviews...) are not decoded at all.
        return decode_only(msg, HANDLED_TYPES)

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self.apply_batch(conn, [(event, msg)])

    def apply_batch(self, conn: Connection, batch: Sequence[tuple[Any, InboundMessage]]) -> None:
        batch = [(e, m) for e, m in batch if type(e.payload) in _HANDLERS]
        if not batch:
            return
        ids = sorted({event.stream_id for event, _ in batch})
        rows: Rows = {}
        for row in _BULK.select_in(conn, "petition_id", ids):
            rows.setdefault(row["petition_id"], {})[row["department"]] = row
        for event, _ in batch:
            self.fold(rows, event)
        _BULK.delete_in(conn, "petition_id", ids)
        _BULK.insert(conn, (row for by_dept in rows.values() for row in by_dept.values()))

    def fold(self, rows: Rows, env: EventEnvelope) -> None:
        handler = _HANDLERS.get(type(env.payload))
        by_dept = rows.setdefault(env.stream_id, {})
        if handler is None or (not by_dept and not isinstance(env.payload, PetitionRegistered)):
            return
        handler(self, by_dept, env)
        for row in by_dept.values():
            if row["current"]:
                row["last_version"] = env.stream_version

    # -- one method per event type -------------------------------------------------------

    def _registered(self, by_dept: dict[str, Row], env: EventEnvelope) -> None:
        p: PetitionRegistered = env.payload  # type: ignore[assignment]
        office = self.offices.office_for(p.region_code)
        by_dept[office] = {
            "petition_id": env.stream_id,
            "department": office,
            "region_code": p.region_code,
            "category_code": p.category_code,
            "kind": p.kind.value,
            "accused_org": p.accused_org,
            "tracking_code": p.tracking_code,
            "title": p.title,
            "collective": p.collective,
            "headcount": p.headcount,
            "hard_case": False,
            "case_owner": None,
            "state": "unrouted",
            "due_on": p.forward_due,
            "received_on": p.received_on,
            "assigned_on": None,
            "rule_id": None,
            "return_reason": None,
            "returns": 0,
            "extension_pending": False,
            "current": True,
            "last_version": env.stream_version,
        }

    def _assigned(self, by_dept: dict[str, Row], env: EventEnvelope) -> None:
        p: PetitionAssigned = env.payload  # type: ignore[assignment]
        before = _current(by_dept)
        base = dict(before) if before else {}
        if before is not None:
            before["current"] = False
            if before["state"] == "unrouted":
                del by_dept[before["department"]]  # it has left the office's to-do list
            elif before["state"] == "new":
                before["state"] = "reassigned"
        by_dept[p.department] = {
            **base,
            "department": p.department,
            "state": "new",
            "due_on": p.acceptance_due,
            "assigned_on": p.assigned_on,
            "rule_id": p.rule_id,
            "return_reason": None,
            "extension_pending": False,
            "current": True,
        }

    def _returned(self, by_dept: dict[str, Row], env: EventEnvelope) -> None:
        p: PetitionReturned = env.payload  # type: ignore[assignment]
        row = by_dept.get(p.department)
        if row is None:
            return
        returns = row["returns"] + 1
        row.update(state="returned", due_on=p.returned_on, return_reason=p.reason, current=False)
        office = self.offices.office_for(row["region_code"])
        # Back on the office's list until routing (or a person) places it again.
        by_dept[office] = {
            **row,
            "department": office,
            "state": "unrouted",
            "due_on": p.returned_on,
            "assigned_on": None,
            "rule_id": None,
            "current": True,
        }
        for r in by_dept.values():
            r["returns"] = returns

    def _accepted(self, by_dept: dict[str, Row], env: EventEnvelope) -> None:
        p: PetitionAccepted = env.payload  # type: ignore[assignment]
        _update_current(by_dept, state="in_handling", due_on=p.reply_due)

    def _extension(self, by_dept: dict[str, Row], env: EventEnvelope) -> None:
        p = env.payload
        if isinstance(p, ExtensionRequested):
            _update_current(by_dept, extension_pending=True)
        elif isinstance(p, ExtensionApproved):
            _update_current(by_dept, extension_pending=False, due_on=p.reply_due)
        else:
            _update_current(by_dept, extension_pending=False)

    def _finished(self, by_dept: dict[str, Row], env: EventEnvelope) -> None:
        state = "done" if isinstance(env.payload, PetitionReplied | PetitionNotAccepted) else None
        current = _current(by_dept)
        if current is None:
            return
        if current["state"] == "unrouted":  # withdrawn or closed before anyone had it
            del by_dept[current["department"]]
            return
        current["state"] = state or "closed"

    def _owner(self, by_dept: dict[str, Row], env: EventEnvelope) -> None:
        p: CaseOwnerSet = env.payload  # type: ignore[assignment]
        for row in by_dept.values():
            row.update(case_owner=p.owner_user_id, hard_case=p.hard_case)


Handler = Callable[[Queues, dict[str, Row], EventEnvelope], None]
_HANDLERS: dict[type[BaseModel], Handler] = {
    PetitionRegistered: Queues._registered,
    PetitionAssigned: Queues._assigned,
    PetitionReturned: Queues._returned,
    PetitionAccepted: Queues._accepted,
    ExtensionRequested: Queues._extension,
    ExtensionApproved: Queues._extension,
    ExtensionRefused: Queues._extension,
    PetitionReplied: Queues._finished,
    PetitionNotAccepted: Queues._finished,
    PetitionClosed: Queues._finished,
    PetitionWithdrawn: Queues._finished,
    CaseOwnerSet: Queues._owner,
}
HANDLED_TYPES = frozenset(t.model_fields["type"].default for t in _HANDLERS)


def _current(by_dept: dict[str, Row]) -> Row | None:
    return next((r for r in by_dept.values() if r["current"]), None)


def _update_current(by_dept: dict[str, Row], **values: Any) -> None:
    row = _current(by_dept)
    if row is not None:
        row.update(values)
