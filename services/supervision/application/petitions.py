"""The petition office's and leaders' commands on a petition: urge (催办) or supervise (督办),
record a leader's instruction (批示), pause and resume a step's clock. Each is one event on
the petition's supervision stream."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from services.supervision.application.events import append
from services.supervision.domain import actions as rules
from services.supervision.domain.access import Caller
from services.supervision.domain.errors import NoSuchPetition
from services.supervision.tables import cases
from shared.clock import Clock
from shared.eventstore import EventStore
from shared.schemas.supervision import ClockPaused, ClockResumed, InstructionRecorded, Urged


@dataclass(frozen=True)
class Urging:
    kind: rules.UrgeKind
    note: str = ""
    due_on: date | None = None


@dataclass(frozen=True)
class Instruction:
    leader: str
    instruction: str
    due_on: date


def case_for(store: EventStore, caller: Caller, petition_id: str) -> dict[str, Any]:
    """The petition's case row, if the caller may act on it."""
    with store.engine.connect() as conn:
        q = select(cases).where(cases.c.petition_id == petition_id)
        found = conn.execute(q).mappings().first()
    row = dict(found) if found is not None else None
    # One answer for absent and kept from the caller (Art. 30).
    if row is None or caller.kept(row):
        raise NoSuchPetition()
    caller.check_acts_on(row)
    return row


def urge(
    store: EventStore,
    clock: Clock,
    caller: Caller,
    petition_id: str,
    order: Urging,
    periods: rules.ActionPeriods,
) -> dict[str, Any]:
    case = case_for(store, caller, petition_id)
    today = clock.today()
    due = rules.urging_due(order.kind, today, order.due_on, periods)
    action_id = str(uuid.uuid4())
    payload = Urged(
        action_id=action_id,
        petition_id=petition_id,
        kind=order.kind,
        note=order.note,
        department=rules.urged_department(case),
        issued_on=today,
        due_on=due,
    )
    event_id = append(store, clock, petition_id, payload, caller.principal)
    return {"action_id": action_id, "event_id": event_id, "due_on": due}


def instruct(
    store: EventStore, clock: Clock, caller: Caller, petition_id: str, order: Instruction
) -> dict[str, Any]:
    case_for(store, caller, petition_id)
    today = clock.today()
    action_id = str(uuid.uuid4())
    payload = InstructionRecorded(
        action_id=action_id,
        petition_id=petition_id,
        leader=order.leader,
        instruction=order.instruction,
        issued_on=today,
        due_on=rules.checked_due(order.due_on, today),
    )
    event_id = append(store, clock, petition_id, payload, caller.principal)
    return {"action_id": action_id, "event_id": event_id}


def pause(
    store: EventStore, clock: Clock, caller: Caller, petition_id: str, reason: str
) -> dict[str, Any]:
    rules.check_pausable(case_for(store, caller, petition_id))
    payload = ClockPaused(petition_id=petition_id, on=clock.today(), reason=reason)
    return {"event_id": append(store, clock, petition_id, payload, caller.principal)}


def resume(store: EventStore, clock: Clock, caller: Caller, petition_id: str) -> dict[str, Any]:
    rules.check_resumable(case_for(store, caller, petition_id))
    payload = ClockResumed(petition_id=petition_id, on=clock.today())
    return {"event_id": append(store, clock, petition_id, payload, caller.principal)}
