"""Accountability records (问责依据): written by the projection, each citing its event ids.

Records about follow-ups join two facts that may arrive in either order (different
petitions sit on different partitions, and a rebuild interleaves them differently from the
live run): a mishandled petition and a later repeat or skip-level petition of the same
matter or petitioner. Whichever comes second makes the record, and its id and content
depend only on the two facts, so the result is the same in any order.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select

from services.supervision.domain.instants import instant, later
from services.supervision.tables import followups, mishandled, records, sanctions
from shared.schemas.catalog import EventEnvelope
from shared.schemas.supervision import DeadlineMissed, SanctionRecorded

_RECORD_IDS = uuid.UUID("9a0f3f2c-6b4e-4d1a-8c77-51e2b7d0c3a4")
Row = dict[str, Any]


def record_id(key: str) -> str:
    return str(uuid.uuid5(_RECORD_IDS, key))


def add_record(conn: Connection, row: Row) -> None:
    """Insert unless a record with the same key exists (a redelivery, a second path)."""
    row = dict(row)
    rid = record_id(row.pop("key"))
    if conn.execute(select(records.c.record_id).where(records.c.record_id == rid)).first():
        return
    row["event_ids"] = json.dumps(sorted({e for e in row["event_ids"] if e}))
    conn.execute(insert(records), [{**row, "record_id": rid}])


def overdue_record(env: EventEnvelope) -> Row:
    p: DeadlineMissed = env.payload  # type: ignore[assignment]
    state = f"completed {p.completed_on}" if p.completed_on else "still open"
    return {
        "key": f"overdue|{p.petition_id}|{p.step}|{p.due_on}",
        "reason": "overdue",
        "petition_id": p.petition_id,
        "step": p.step.value,
        "department": p.department,
        "handler": p.handler,
        "case_owner": p.case_owner,
        "region_code": p.region_code,
        "what": f"step {p.step.value} due {p.due_on} missed by {p.days_overdue} day(s), {state}",
        "occurred_on": p.detected_on,
        "found_at": instant(env.occurred_at),
        "event_ids": [env.event_id, *p.source_event_ids],
    }


def add_mishandled(conn: Connection, row: Row) -> None:
    m = mishandled.c
    key = (m.petition_id == row["petition_id"]) & (m.event_id == row["event_id"])
    if conn.execute(select(m.petition_id).where(key)).first():
        return
    conn.execute(insert(mishandled), [row])
    f = followups.c
    match = f.earlier_id == row["petition_id"]
    if row["petitioner_key"]:
        same_person = and_(f.reason == "skip_level", f.petitioner_key == row["petitioner_key"])
        match = or_(match, same_person)
    query = select(followups).where(
        match, f.petition_id != row["petition_id"], f.received_on >= row["received_on"]
    )
    for found in conn.execute(query).mappings():
        add_record(conn, _followup_record(dict(found), row))


def add_followup(conn: Connection, row: Row) -> None:
    f = followups.c
    if conn.execute(select(f.petition_id).where(f.petition_id == row["petition_id"])).first():
        return
    conn.execute(insert(followups), [row])
    m = mishandled.c
    match = m.petition_id == row["earlier_id"]
    if row["reason"] == "skip_level" and row["petitioner_key"]:
        match = m.petitioner_key == row["petitioner_key"]
    query = select(mishandled).where(
        match, m.petition_id != row["petition_id"], m.received_on <= row["received_on"]
    )
    for found in conn.execute(query).mappings():
        add_record(conn, _followup_record(row, dict(found)))


def _followup_record(follow: Row, bad: Row) -> Row:
    reason = "repeat_after_mishandling" if follow["reason"] == "repeat" else "skip_level_after"
    kind = "repeat" if follow["reason"] == "repeat" else "skip-level"
    return {
        "key": f"followup|{follow['petition_id']}|{bad['event_id']}",
        "reason": reason,
        "petition_id": bad["petition_id"],
        "step": None,
        "department": bad["department"],
        "handler": bad["handler"],
        "case_owner": bad["case_owner"],
        "region_code": bad["region_code"],
        "what": f"{kind} petition {follow['petition_id']} followed {bad['why']}",
        "occurred_on": follow["received_on"],
        # Found when the second of the two facts came, whichever order they arrive in.
        "found_at": later(follow.get("at"), bad.get("at")),
        "event_ids": [follow["event_id"], bad["event_id"]],
    }


def add_sanction(conn: Connection, env: EventEnvelope) -> None:
    p: SanctionRecorded = env.payload  # type: ignore[assignment]
    s = sanctions.c
    if conn.execute(select(s.event_id).where(s.event_id == env.event_id)).first():
        return
    row = {
        "event_id": env.event_id,
        "record_id": p.record_id,
        "sanction": p.sanction.value,
        "person": p.person,
        "decided_on": p.decided_on,
        "decided_by": env.actor.user_id,
        "note": p.note,
        "decided_at": instant(env.occurred_at),
    }
    conn.execute(insert(sanctions), [row])
