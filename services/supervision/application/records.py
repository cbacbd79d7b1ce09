"""Accountability records (问责): the inspectors' sanctions on them (诫勉谈话/处分/免职).
Reading the records is ``record_reads``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.supervision.application.events import append
from services.supervision.domain.access import Caller
from services.supervision.domain.errors import NoSuchRecord
from services.supervision.tables import records
from shared.clock import Clock
from shared.eventstore import EventStore
from shared.schemas.supervision import Sanction, SanctionRecorded


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
