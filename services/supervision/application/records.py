"""Accountability records (问责): the inspectors' sanctions on them (诫勉谈话/处分/免职), and
the records a caller may read, each with the event ids it cites and its sanctions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from services.supervision.application.events import append
from services.supervision.domain.access import Caller
from services.supervision.domain.errors import NoSuchRecord
from services.supervision.tables import cases, records, sanctions
from shared.clock import Clock
from shared.eventstore import EventStore
from shared.schemas.supervision import Sanction, SanctionRecorded


@dataclass(frozen=True)
class RecordFilter:
    department: str | None = None
    petition_id: str | None = None
    reason: str | None = None
    region: str | None = None
    limit: int = 200


def record_sanction(
    store: EventStore,
    clock: Clock,
    caller: Caller,
    record_id: str,
    sanction: Sanction,
    person: str,
    note: str,
) -> dict[str, Any]:
    with store.engine.connect() as conn:
        q = select(records).where(records.c.record_id == record_id)
        rec = conn.execute(q).mappings().first()
    if rec is None:
        raise NoSuchRecord()
    caller.check_sanctions(dict(rec))
    payload = SanctionRecorded(
        record_id=record_id,
        sanction=sanction,
        person=person,
        decided_on=clock.today(),
        note=note,
    )
    return {"event_id": append(store, clock, f"record:{record_id}", payload, caller.principal)}


def list_records(engine: Engine, caller: Caller, wanted: RecordFilter) -> list[dict[str, Any]]:
    """The records the caller may read, oldest first, with their sanctions."""
    r = records.c
    q = (
        select(records, cases.c.kind.label("petition_kind"), cases.c.accused_org)
        .select_from(records.outerjoin(cases, cases.c.petition_id == r.petition_id))
        .order_by(r.occurred_on, r.record_id)
    )
    for col, value in (
        (r.department, wanted.department),
        (r.petition_id, wanted.petition_id),
        (r.reason, wanted.reason),
    ):
        if value is not None:
            q = q.where(col == value)
    with engine.connect() as conn:
        found = [dict(x) for x in conn.execute(q).mappings()]
        seen = [x for x in found if caller.reads_record(x, wanted.region)][: wanted.limit]
        for x in seen:
            del x["petition_kind"], x["accused_org"]
        _attach_sanctions(conn, seen)
    return seen


def _attach_sanctions(conn: Connection, items: list[dict[str, Any]]) -> None:
    ids = [x["record_id"] for x in items]
    by_record: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if ids:
        q = select(sanctions).where(sanctions.c.record_id.in_(ids)).order_by(sanctions.c.decided_on)
        for s in conn.execute(q).mappings():
            by_record[s["record_id"]].append(dict(s))
    for x in items:
        x["event_ids"] = json.loads(x["event_ids"])
        x["sanctions"] = by_record[x["record_id"]]
