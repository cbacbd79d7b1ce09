"""Reading the work queues: filters, cursor pages sorted by due date, counts by bucket."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, func, or_, select, tuple_

from services.routing.domain.errors import BadCursor
from services.routing.tables import OPEN_STATES
from services.routing.tables import queue_items as q
from shared.schemas.fields import LINE_CONTROL

FAR_FUTURE = date(9999, 12, 31)  # sorts rows without a due date last


@dataclass(frozen=True)
class QueueFilter:
    state: str | None = None  # a state, "open" (default) or "all"
    due: str | None = None  # "overdue" or "due_soon"
    category: str | None = None  # major or minor code
    kind: str | None = None
    region: str | None = None  # exact region code of the matter
    # Accused units whose accusations the reader must not see (shared.auth.scope.kept_from).
    hidden: frozenset[str] = frozenset()


def encode_cursor(due_on: date | None, petition_id: str) -> str:
    raw = f"{(due_on or FAR_FUTURE).isoformat()}|{petition_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, petition_id = raw.split("|", 1)
        if LINE_CONTROL.search(petition_id):  # a NUL would reach the query
            raise ValueError("control character")
        return date.fromisoformat(day), petition_id
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadCursor() from exc


def _due_key() -> Any:
    return func.coalesce(q.c.due_on, FAR_FUTURE)


def not_hidden(hidden: frozenset[str]) -> Any:
    """Rows that are not an accusation against one of ``hidden``."""
    return or_(
        q.c.kind != "accusation", q.c.accused_org.is_(None), q.c.accused_org.not_in(sorted(hidden))
    )


def _conditions(department: str, f: QueueFilter, today: date, soon: date) -> list[Any]:
    where: list[Any] = [q.c.department == department]
    if f.hidden:
        where.append(not_hidden(f.hidden))
    if f.state in (None, "open"):
        where.append(q.c.state.in_(OPEN_STATES))
    elif f.state != "all":
        where.append(q.c.state == f.state)
    if f.due == "overdue":
        where += [q.c.state.in_(OPEN_STATES), q.c.due_on < today]
    elif f.due == "due_soon":
        where += [q.c.state.in_(OPEN_STATES), q.c.due_on >= today, q.c.due_on <= soon]
    if f.category:
        where.append(q.c.category_code.startswith(f.category))
    if f.kind:
        where.append(q.c.kind == f.kind)
    if f.region:
        where.append(q.c.region_code == f.region)
    return where


def page(
    conn: Connection,
    department: str,
    f: QueueFilter,
    *,
    today: date,
    soon_days: int,
    limit: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    soon = today + timedelta(days=soon_days)
    where = _conditions(department, f, today, soon)
    if cursor:
        after = decode_cursor(cursor)
        where.append(tuple_(_due_key(), q.c.petition_id) > tuple_(*after))
    stmt = select(q).where(and_(*where)).order_by(_due_key(), q.c.petition_id).limit(limit + 1)
    rows = [dict(r._mapping) for r in conn.execute(stmt)]
    more = len(rows) > limit
    rows = rows[:limit]
    for row in rows:
        row["urgency"] = urgency(row, today, soon)
    last = rows[-1] if more and rows else None
    return rows, encode_cursor(last["due_on"], last["petition_id"]) if last else None


def urgency(row: dict[str, Any], today: date, soon: date) -> str | None:
    if row["state"] not in OPEN_STATES or row["due_on"] is None:
        return None
    if row["due_on"] < today:
        return "overdue"
    return "due_soon" if row["due_on"] <= soon else "on_time"


def counts(
    conn: Connection, *, today: date, soon_days: int, hidden: frozenset[str] = frozenset()
) -> dict[str, dict[str, int]]:
    """Per department: rows by state, plus open rows overdue and due soon; without the rows
    the reader may not see (a count must agree with the queue it counts)."""
    soon = today + timedelta(days=soon_days)
    is_open = q.c.state.in_(OPEN_STATES)
    overdue = func.sum(case((and_(is_open, q.c.due_on < today), 1), else_=0))
    due_soon = func.sum(case((and_(is_open, q.c.due_on >= today, q.c.due_on <= soon), 1), else_=0))
    stmt = select(q.c.department, q.c.state, func.count(), overdue, due_soon).group_by(
        q.c.department, q.c.state
    )
    if hidden:
        stmt = stmt.where(not_hidden(hidden))
    found: dict[str, dict[str, int]] = {}
    for dept, state, n, late, near in conn.execute(stmt):
        c = found.setdefault(dept, {"overdue": 0, "due_soon": 0})
        c[state] = int(n)
        c["overdue"] += int(late or 0)
        c["due_soon"] += int(near or 0)
    return found
