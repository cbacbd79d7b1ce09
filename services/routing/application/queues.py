"""Reading the work queues as a caller may: one department's page, and the counts of every
department the caller sees."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine

from services.routing.application import queue_reads
from services.routing.application.queue_reads import QueueFilter
from services.routing.domain.access import (
    may_read_queue,
    queue_item,
    visible_departments,
)
from services.routing.domain.errors import NoSuchDepartment, OutsideScope
from shared.auth.roles import Principal
from shared.refdata import ReferenceData


@dataclass(frozen=True)
class QueuePage:
    items: list[dict[str, Any]]
    next_cursor: str | None


def queue_page(
    engine: Engine,
    data: ReferenceData,
    principal: Principal,
    department: str,
    wanted: QueueFilter,
    *,
    today: date,
    soon_days: int,
    limit: int,
    cursor: str | None,
) -> QueuePage:
    """One page of a department's queue, by due date; raises if the caller may not read it
    or the cursor is not one we handed out."""
    if department not in data.departments:
        raise NoSuchDepartment(department)
    if not may_read_queue(principal, department, data):
        raise OutsideScope(f"the queue of {department} is outside your org")
    f = replace(wanted, hidden=data.org_tree.hidden_from(principal))
    with engine.connect() as conn:
        items, next_cursor = queue_reads.page(
            conn,
            department,
            f,
            today=today,
            soon_days=soon_days,
            limit=limit,
            cursor=cursor,
        )
    return QueuePage([queue_item(i, principal, data) for i in items], next_cursor)


def queue_counts(
    engine: Engine, data: ReferenceData, principal: Principal, *, today: date, soon_days: int
) -> list[dict[str, Any]]:
    """The counts of every department the caller may see, without the rows it may not."""
    with engine.connect() as conn:
        found = queue_reads.counts(
            conn,
            today=today,
            soon_days=soon_days,
            hidden=data.org_tree.hidden_from(principal),
        )
    shown = visible_departments(principal, sorted(found), data)
    depts = data.departments
    return [
        {"department": d, "name_zh": depts[d].name_zh, "counts": found[d]}
        for d in shown
        if d in depts
    ]
