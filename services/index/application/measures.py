"""Measures on file: a region's list (open ones flagged overdue) and recording one as done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Engine, select, update

from services.index.application.events import append
from services.index.domain.access import ensure_may_act, ensure_may_read
from services.index.domain.errors import Unknown
from services.index.tables import measures
from shared.auth.roles import Principal
from shared.eventstore import EventStore
from shared.refdata import OrgTree
from shared.schemas import Actor
from shared.schemas.index import MeasureCompleted


def list_measures(
    engine: Engine,
    tree: OrgTree,
    principal: Principal,
    region: str,
    open_only: bool,
    today: Callable[[], date],
) -> dict[str, Any]:
    """A region's measures in the order they were issued."""
    ensure_may_read(principal, region, tree)
    q = select(measures).where(measures.c.subject == region)
    if open_only:
        q = q.where(measures.c.completed_on.is_(None))
    day = today()
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(q.order_by(measures.c.issued_on)).mappings()]
    for r in rows:
        due = r["due_on"]
        r["overdue"] = r["completed_on"] is None and due is not None and due < day
    return {"items": rows}


def complete(
    store: EventStore,
    tree: OrgTree,
    principal: Principal,
    measure_id: str,
    on: date,
    note: str,
) -> None:
    """The office of the measure's region (or above) records it done."""
    with store.engine.connect() as conn:
        q = select(measures.c.subject).where(measures.c.measure_id == measure_id)
        subject = conn.execute(q).scalar_one_or_none()
    if subject is None:
        raise Unknown(f"no measure {measure_id!r}", zh="没有找到这项整改措施")
    ensure_may_act(principal, subject, tree)
    complete_measure(store, measure_id, on, note, principal.actor())


def complete_measure(store: EventStore, measure_id: str, on: date, note: str, actor: Actor) -> bool:
    with store.unit_of_work() as uow:
        conn = uow.connection
        q = select(measures.c.subject).where(measures.c.measure_id == measure_id)
        if conn.execute(q).first() is None:
            return False
        append(
            uow,
            f"measure-{measure_id}",
            [MeasureCompleted(measure_id=measure_id, completed_on=on, note=note)],
            actor,
        )
        conn.execute(
            update(measures).where(measures.c.measure_id == measure_id).values(completed_on=on)
        )
    return True
