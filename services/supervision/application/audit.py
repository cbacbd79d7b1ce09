"""Reading the audit log (审计): one petition's timeline, or one org's or one person's
actions over a period, a page at a time; each cut to the petitions of the caller's org
subtree, and never an accusation kept from the caller (``Caller.hidden``: an auditor, who
traces the whole log, is the one role it hides nothing from)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, or_, select, true

from services.supervision.domain.access import Caller
from services.supervision.domain.audit_text import what
from services.supervision.domain.errors import BadCursor, NoSuchPetition
from services.supervision.domain.timeline import COLUMNS
from services.supervision.projections.audit import micros
from services.supervision.tables import audit_cases, audit_rows

r, c = audit_rows.c, audit_cases.c
Position = tuple[int, str, int]  # (at_us, petition_id, version): replay's order


@dataclass(frozen=True)
class ActionFilter:
    """``sunshine replay --org/--user/--since/--until``, as the API takes them."""

    org: str | None = None
    user_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    cursor: str | None = None


def petition_timeline(engine: Engine, caller: Caller, petition_id: str) -> dict[str, Any]:
    """Every row of one petition, in replay's order; absent and out of scope answer alike."""
    q = _scoped(caller).where(r.petition_id == petition_id).order_by(r.at_us, r.version)
    with engine.connect() as conn:
        rows = [_shown(x) for x in conn.execute(q).mappings()]
    if not rows:
        raise NoSuchPetition()
    return {"petition_id": petition_id, "rows": rows}


def actions(engine: Engine, caller: Caller, wanted: ActionFilter) -> dict[str, Any]:
    q = _scoped(caller)
    for column, value in ((r.org, wanted.org), (r.user_id, wanted.user_id)):
        if value is not None:
            q = q.where(column == value)
    if wanted.since is not None:
        q = q.where(r.at_us >= micros(wanted.since))
    if wanted.until is not None:
        q = q.where(r.at_us <= micros(wanted.until))
    if wanted.cursor is not None:
        q = q.where(_after(decode_cursor(wanted.cursor)))
    q = q.order_by(r.at_us, r.petition_id, r.version).limit(wanted.limit + 1)
    with engine.connect() as conn:
        found = [dict(x) for x in conn.execute(q).mappings()]
    more = len(found) > wanted.limit
    found = found[: wanted.limit]
    last = found[-1] if more else None
    cursor = encode_cursor((last["at_us"], last["petition_id"], last["version"])) if last else None
    return {"items": [_shown(x) for x in found], "next_cursor": cursor}


def _scoped(caller: Caller) -> Any:
    return (
        select(audit_rows)
        .select_from(audit_rows.join(audit_cases, audit_cases.c.petition_id == r.petition_id))
        .where(_scope(caller))
    )


def _scope(caller: Caller) -> ColumnElement[bool]:
    conds: list[ColumnElement[bool]] = []
    hidden = caller.hidden()
    if hidden:  # ``accused_org`` is set on accusations only
        conds.append(or_(c.accused_org.is_(None), c.accused_org.not_in(sorted(hidden))))
    tree = caller.tree
    mine = tree.subtree(caller.principal.org)
    if not tree.codes <= mine:  # the city's own callers need no list of every code
        orgs = sorted(mine)
        conds.append(
            or_(c.region_code.in_(orgs), c.receiving_org.in_(orgs), c.department.in_(orgs))
        )
    return and_(true(), *conds)


def _after(pos: Position) -> ColumnElement[bool]:
    at, pid, version = pos
    return or_(
        r.at_us > at,
        and_(r.at_us == at, r.petition_id > pid),
        and_(r.at_us == at, r.petition_id == pid, r.version > version),
    )


def _shown(row: Any) -> dict[str, Any]:
    out = {k: row[k] for k in COLUMNS}
    out["what"] = what(out)
    return out


def encode_cursor(pos: Position) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(pos)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Position:
    try:
        at, pid, version = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError) as exc:
        raise BadCursor() from exc
    if not (isinstance(at, int) and isinstance(pid, str) and isinstance(version, int)):
        raise BadCursor()
    if not (-(2**63) <= at < 2**63 and 0 <= version < 2**31 and len(pid) <= 128):
        raise BadCursor()  # the columns' bounds: a database error is never the answer
    return at, pid, version
