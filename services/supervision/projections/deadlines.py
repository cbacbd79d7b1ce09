"""The supervision read model, from ``petition.events`` and supervision's own events.

Case rows (the hot path) are folded in memory per batch: one SELECT of the batch's
petitions, one DELETE and one INSERT. The rarer facts (ended steps, actions, records,
sanctions) are plain inserts. No wall clock here: lights are worked out when read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from services.supervision.domain.fold import Case, CaseFold, Effects
from services.supervision.domain.instants import instant
from services.supervision.projections import accountability as acc
from services.supervision.tables import READ_MODEL, actions, cases, pauses, steps
from shared.clock import Seen
from shared.consumer import InboundMessage, Projection
from shared.eventstore.bulk import chunks
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope
from shared.schemas.supervision import (
    ClockPaused,
    ClockResumed,
    DeadlineMissed,
    InstructionRecorded,
    SanctionRecorded,
    Urged,
)

NAME = "supervision-deadlines"
_PAUSES = (ClockPaused, ClockResumed)


def case_id(env: EventEnvelope) -> str | None:
    """The petition whose case row an event changes; None for the other supervision facts."""
    p = env.payload
    if isinstance(p, _PAUSES):
        return p.petition_id
    if env.event_type.startswith("petition."):
        return env.stream_id
    return None


class Deadlines(Projection):
    tables = READ_MODEL

    def __init__(
        self, topics: Topics, revisit_days: int = 15, name: str = NAME, seen: Seen | None = None
    ) -> None:
        self.name = name
        self.topics = (topics.petition_events, topics.supervision_events)
        self.fold = CaseFold(revisit_days)
        self.seen = seen  # a dated run's scheduler clock is shown each petition event

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self.apply_batch(conn, [(event, msg)])

    def apply_batch(self, conn: Connection, batch: Sequence[tuple[Any, InboundMessage]]) -> None:
        ids = sorted({i for i in (case_id(e) for e, _ in batch) if i is not None})
        rows = _load(conn, ids)
        changed: set[str] = set()
        for env, _ in batch:
            pid = case_id(env)
            if pid is None:
                _own_fact(conn, env)
                continue
            if self.seen is not None and env.event_type.startswith("petition."):
                self.seen(env.occurred_at, env.recorded_at)
            if isinstance(env.payload, _PAUSES):
                _add_pause(conn, env)
            fx = Effects()
            after = self.fold.apply(rows.get(pid), env, fx)
            if after is not None:
                rows[pid] = after
                changed.add(pid)
            _effects(conn, fx, after)
        _store(conn, [rows[i] for i in sorted(changed)])


def _load(conn: Connection, ids: list[str]) -> dict[str, Case]:
    found: dict[str, Case] = {}
    for chunk in chunks(ids):
        q = select(cases).where(cases.c.petition_id.in_(chunk))
        found.update({r["petition_id"]: dict(r) for r in conn.execute(q).mappings()})
    return found


def _store(conn: Connection, rows: list[Case]) -> None:
    ids = [r["petition_id"] for r in rows]
    for chunk in chunks(ids):
        conn.execute(delete(cases).where(cases.c.petition_id.in_(chunk)))
    if rows:
        conn.execute(insert(cases), rows)


def _effects(conn: Connection, fx: Effects, case: Case | None) -> None:
    for row in fx.steps:
        seq = _next_seq(conn, row["petition_id"])
        conn.execute(insert(steps), [{**row, "seq": seq}])
    for row in fx.mishandled:
        acc.add_mishandled(conn, row)
    for row in fx.followups:
        acc.add_followup(conn, row)
    for row in fx.records:
        acc.add_record(conn, row)


def _next_seq(conn: Connection, petition_id: str) -> int:
    q = select(steps.c.seq).where(steps.c.petition_id == petition_id)
    q = q.order_by(steps.c.seq.desc()).limit(1)
    last = conn.execute(q).scalar()
    return (last or 0) + 1


def _own_fact(conn: Connection, env: EventEnvelope) -> None:
    p = env.payload
    if isinstance(p, DeadlineMissed):
        acc.add_record(conn, acc.overdue_record(env))
        acc.add_mishandled(conn, _missed_as_mishandled(env, p))
    elif isinstance(p, Urged | InstructionRecorded):
        _add_action(conn, env, p)
    elif isinstance(p, SanctionRecorded):
        acc.add_sanction(conn, env)


def _missed_as_mishandled(env: EventEnvelope, p: DeadlineMissed) -> dict[str, Any]:
    # From the event alone: in a rebuild the petition's case row may not be here yet.
    return {
        "petition_id": p.petition_id,
        "event_id": env.event_id,
        "petitioner_key": p.petitioner_key,
        "why": f"the {p.step.value} deadline of {p.due_on} missed",
        "region_code": p.region_code,
        "received_on": p.received_on or p.detected_on,
        "department": p.department,
        "handler": p.handler,
        "case_owner": p.case_owner,
        "at": instant(env.occurred_at),
    }


def _add_action(conn: Connection, env: EventEnvelope, p: Urged | InstructionRecorded) -> None:
    a = actions.c
    if conn.execute(select(a.action_id).where(a.action_id == p.action_id)).first():
        return
    urged = isinstance(p, Urged)
    row = {
        "action_id": p.action_id,
        "petition_id": p.petition_id,
        "kind": p.kind if isinstance(p, Urged) else "instruction",
        "department": p.department if isinstance(p, Urged) else None,
        "by_user": env.actor.user_id,
        "by_org": env.actor.org,
        "leader": None if urged else getattr(p, "leader", None),
        "note": p.note if isinstance(p, Urged) else p.instruction,
        "issued_on": p.issued_on,
        "due_on": p.due_on,
        "event_id": env.event_id,
        "issued_at": instant(env.occurred_at),
    }
    conn.execute(insert(actions), [row])


def _add_pause(conn: Connection, env: EventEnvelope) -> None:
    """The pause or resume as an act of its own (the case row keeps only the running pause)."""
    p: ClockPaused | ClockResumed = env.payload  # type: ignore[assignment]
    known = select(pauses.c.event_id).where(pauses.c.event_id == env.event_id)
    if conn.execute(known).first():
        return
    row = {
        "event_id": env.event_id,
        "petition_id": p.petition_id,
        "kind": "pause" if isinstance(p, ClockPaused) else "resume",
        "day": p.on,
        "reason": p.reason if isinstance(p, ClockPaused) else None,
        "by_user": env.actor.user_id,
        "by_org": env.actor.org,
        "at": instant(env.occurred_at),
    }
    conn.execute(insert(pauses), [row])
