"""Searching the ``petitions`` table: filters, the caller's read scope, keyset pagination.

The read scope is ``shared.auth.scope.read_filter`` turned into SQL, so a search shows exactly
the petitions a one-petition read would (``can_read`` is defined by the same filter).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, false, or_, select, true

from services.intake.projections.rows import Row
from services.intake.tables import petitions
from shared.auth.scope import ReadFilter
from shared.errors import BadRequest
from shared.refdata import OrgTree
from shared.schemas.fields import INT64_MAX

p = petitions.c


class BadCursor(BadRequest):
    """A page cursor this API did not hand out (400)."""

    error_code = "bad_cursor"
    text_zh = "翻页位置已失效，请刷新列表"


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    kind: str | None = None
    channel: str | None = None
    category: str | None = None  # a major (2 digits) or minor (4 digits) code
    region: str | None = None  # the matter's region: this region and everything under it
    department: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool | None = None
    case_owner: str | None = None  # a user id (the route turns ``me`` into the caller's)
    tracking_code: str | None = None  # canonical (``normalise_tracking_code``), exact


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"s": seq}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        seq = json.loads(raw)["s"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BadCursor("not a cursor this API returned") from exc
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= INT64_MAX:
        raise BadCursor("not a cursor this API returned")
    return seq


def _overdue(today: date) -> ColumnElement[bool]:
    return and_(p.current_due.is_not(None), p.current_due < today)


def scope_clause(rf: ReadFilter, tree: OrgTree, today: date) -> ColumnElement[bool]:
    if rf.nothing:
        return false()
    conds: list[ColumnElement[bool]] = []  # ``everything`` adds none: only ``shielded``
    if rf.subtree is not None:
        orgs = sorted(tree.subtree(rf.subtree))
        conds.append(
            or_(p.region_code.in_(orgs), p.receiving_org.in_(orgs), p.department.in_(orgs))
        )
    if rf.department is not None:
        conds.append(p.department == rf.department)
    if rf.receiving_org is not None:
        conds.append(p.receiving_org == rf.receiving_org)
    if rf.case_owner is not None:
        conds.append(p.case_owner == rf.case_owner)
    if rf.overdue_only:
        conds.append(_overdue(today))
    if rf.shielded is not None:
        units = sorted(tree.accused_units_over(rf.shielded))
        # ``accused_org`` is NULL on every other kind; a NOT IN over NULL would drop them.
        conds.append(
            or_(p.kind != "accusation", p.accused_org.is_(None), p.accused_org.not_in(units))
        )
    return and_(true(), *conds)


def filter_clause(f: Filters, tree: OrgTree, today: date) -> ColumnElement[bool]:
    conds: list[ColumnElement[bool]] = []
    for column, value in (
        (p.status, f.status),
        (p.kind, f.kind),
        (p.channel, f.channel),
        (p.department, f.department),
        (p.case_owner, f.case_owner),
        (p.tracking_code, f.tracking_code),
    ):
        if value is not None:
            conds.append(column == value)
    if f.category is not None:
        column = p.major_code if len(f.category) == 2 else p.category_code
        conds.append(column == f.category)
    if f.region is not None:
        regions = (c for c in tree.subtree(f.region) if tree.is_region(c))
        conds.append(p.region_code.in_(sorted(regions)))
    if f.received_from is not None:
        conds.append(p.received_on >= f.received_from)
    if f.received_to is not None:
        conds.append(p.received_on <= f.received_to)
    if f.overdue is not None:
        conds.append(_overdue(today) if f.overdue else ~_overdue(today))
    return and_(true(), *conds)


def search(
    conn: Connection,
    where: ColumnElement[bool],
    *,
    limit: int,
    after: int | None,
) -> tuple[list[Row], str | None]:
    """Newest registration first, from before position ``after`` (a decoded cursor); the
    next cursor is the last row's position."""
    q = select(petitions).where(where)
    if after is not None:
        q = q.where(p.seq < after)
    rows: list[dict[str, Any]] = [
        dict(r) for r in conn.execute(q.order_by(p.seq.desc()).limit(limit + 1)).mappings()
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1]["seq"]) if more else None
