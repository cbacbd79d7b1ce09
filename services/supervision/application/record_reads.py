"""The accountability records (问责) a caller may read, filtered, oldest first (or newest
first), a page at a time; each with the event ids it cites, its sanctions, and the name of
its case owner where the case still has that owner.

The scope stays ``Caller.reads_record`` (the org tree's rule, in Python): the filters and the
cursor narrow the SQL, then the rows are read in batches in the list's order and cut to the
caller's until a page is full, so a page never holds a record the caller may not read and
never stops short while readable records remain.

The period (``since``/``until``, both days included) is the record's own date,
``occurred_on``: the day the failure was found. For an overdue record that is the day
supervision found the deadline missed (the day after it passed, as the sweep runs daily);
for a follow-up record, the day the later petition was received. It is the date an inspector
counts a failure by, and the one the list is ordered by. ``found_at`` is the instant
(the occurred_at of the event that made the record; a follow-up's: the later of its two
facts'), and each sanction's ``decided_at`` the instant it was recorded.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, and_, exists, or_, select

from services.supervision.domain.access import Caller
from services.supervision.domain.errors import BadCursor
from services.supervision.tables import cases, records, sanctions

r = records.c
Position = tuple[date, str]  # (occurred_on, record_id): the list's order
# Rows read per round trip while filling a page; the scope may drop many of them.
_BATCH = 500
# ``sanction=``: one of the kinds (shared.schemas.supervision.Sanction), or these two.
NO_SANCTION, ANY_SANCTION = "none", "any"
_ORDER = (r.occurred_on, r.record_id)
_NEWEST = "newest"  # a cursor's mark of the newest-first order


@dataclass(frozen=True)
class RecordFilter:
    department: str | None = None
    petition_id: str | None = None
    reason: str | None = None
    region: str | None = None
    kind: str | None = None  # the petition's kind (suggestion, accusation, claim)
    since: date | None = None
    until: date | None = None
    sanction: str | None = None  # a Sanction value, "none" or "any"
    limit: int = 200
    cursor: str | None = None
    newest_first: bool = False


def list_records(engine: Engine, caller: Caller, wanted: RecordFilter) -> dict[str, Any]:
    """``{"items": [...], "next_cursor"}``: ``next_cursor`` is null on the last page."""
    query = _filtered(wanted)
    newest = wanted.newest_first
    position = decode_cursor(wanted.cursor, newest) if wanted.cursor is not None else None
    seen: list[dict[str, Any]] = []
    with engine.connect() as conn:
        while len(seen) <= wanted.limit:  # one more than a page tells whether more follow
            q = query if position is None else query.where(_after(position, newest))
            batch = [dict(x) for x in conn.execute(q.limit(_BATCH)).mappings()]
            seen += [x for x in batch if caller.reads_record(x, wanted.region)]
            if len(batch) < _BATCH:
                break
            position = (batch[-1]["occurred_on"], batch[-1]["record_id"])
        more = len(seen) > wanted.limit
        seen = seen[: wanted.limit]
        for x in seen:
            del x["petition_kind"], x["accused_org"]
            owner, name = x.pop("current_owner"), x.pop("current_owner_name")
            # The owner named when the record was made may have been replaced since.
            x["case_owner_name"] = name if owner is not None and owner == x["case_owner"] else None
        _attach_sanctions(conn, seen)
    last = seen[-1] if more else None
    cursor = encode_cursor((last["occurred_on"], last["record_id"]), newest) if last else None
    return {"items": seen, "next_cursor": cursor}


def _filtered(wanted: RecordFilter) -> Any:
    # The case's kind and accused unit: the scope keeps an accusation from its accused unit.
    order = (r.occurred_on.desc(), r.record_id.desc()) if wanted.newest_first else _ORDER
    q = (
        select(
            records,
            cases.c.kind.label("petition_kind"),
            cases.c.accused_org,
            cases.c.case_owner.label("current_owner"),
            cases.c.case_owner_name.label("current_owner_name"),
        )
        .select_from(records.outerjoin(cases, cases.c.petition_id == r.petition_id))
        .order_by(*order)
    )
    for col, value in (
        (r.department, wanted.department),
        (r.petition_id, wanted.petition_id),
        (r.reason, wanted.reason),
        (cases.c.kind, wanted.kind),
    ):
        if value is not None:
            q = q.where(col == value)
    if wanted.since is not None:
        q = q.where(r.occurred_on >= wanted.since)
    if wanted.until is not None:
        q = q.where(r.occurred_on <= wanted.until)
    if wanted.sanction is not None:
        q = q.where(_sanctioned(wanted.sanction))
    return q


def _sanctioned(wanted: str) -> ColumnElement[bool]:
    on_record = sanctions.c.record_id == r.record_id
    if wanted == NO_SANCTION:
        return ~exists().where(on_record)
    if wanted == ANY_SANCTION:
        return exists().where(on_record)
    return exists().where(on_record, sanctions.c.sanction == wanted)


def _after(pos: Position, newest_first: bool) -> ColumnElement[bool]:
    """What follows ``pos`` in the list's order."""
    on, rid = pos
    if newest_first:
        return or_(r.occurred_on < on, and_(r.occurred_on == on, r.record_id < rid))
    return or_(r.occurred_on > on, and_(r.occurred_on == on, r.record_id > rid))


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


def encode_cursor(pos: Position, newest_first: bool = False) -> str:
    """The position, and the order it was read in when newest first: a cursor walks on in
    the order it came from, or is refused."""
    on, rid = pos
    kept: list[str] = [on.isoformat(), rid, *([_NEWEST] if newest_first else [])]
    raw = json.dumps(kept).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, newest_first: bool = False) -> Position:
    try:
        on, rid, *order = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        day = date.fromisoformat(on)
    except (ValueError, TypeError) as exc:
        raise BadCursor() from exc
    if order != ([_NEWEST] if newest_first else []):
        raise BadCursor()  # a cursor of the other order
    if not isinstance(rid, str) or len(rid) > 64:
        raise BadCursor()  # the column's bound: a database error is never the answer
    return day, rid
