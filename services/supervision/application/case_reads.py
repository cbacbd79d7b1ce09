"""Read queries for the views: light counts, the red list, a department's view, instruction
cases, and the rates of a region and period. Lights are worked out here, from today."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, true

from services.supervision.application.sweep_sql import light_expr
from services.supervision.domain.lights import LightRules
from services.supervision.tables import actions, cases, followups
from services.supervision.tables import pauses as pauses_table

Within = Callable[[dict[str, Any]], bool]
_ROW = (
    cases.c.petition_id,
    cases.c.tracking_code,
    cases.c.region_code,
    cases.c.category_code,
    cases.c.kind,
    cases.c.accused_org,
    cases.c.department,
    cases.c.step_org,
    cases.c.handler,
    cases.c.case_owner,
    cases.c.case_owner_name,
    cases.c.step,
    cases.c.due_on,
    cases.c.paused_since_day,
)


def not_hidden(hidden: frozenset[str]) -> Any:
    """Cases that are not an accusation against one of ``hidden`` (``accused_org`` is set on
    accusations only)."""
    if not hidden:
        return true()
    return or_(cases.c.accused_org.is_(None), cases.c.accused_org.not_in(sorted(hidden)))


def light_counts(
    conn: Connection, today: date, rules: LightRules, by: str, scope: Any = None
) -> Any:
    """``{group: {green, yellow, red}}`` over running deadlines, in one GROUP BY over the
    covering index ``ix_sv_cases_lights``; ``scope`` is a SQL condition (``None``: all)."""
    lit = light_expr(today, rules).label("light")
    group = {
        "region": cases.c.region_code,
        "department": cases.c.step_org,
        "category": func.substr(cases.c.category_code, 1, 2),
    }[by]
    where = [cases.c.is_open, cases.c.step.is_not(None)]
    if scope is not None:
        where.append(scope)
    q = select(group.label("g"), lit, func.count()).where(*where).group_by(group, lit)
    out: dict[str, Counter[str]] = {}
    for g, light, n in conn.execute(q):
        out.setdefault(g or "-", Counter())[light] += n
    return {g: {k: c[k] for k in ("green", "yellow", "red")} for g, c in sorted(out.items())}


def running(conn: Connection, today: date, rules: LightRules, *where: Any) -> list[dict[str, Any]]:
    lit = light_expr(today, rules).label("light")
    q = select(*_ROW, lit).where(cases.c.is_open, cases.c.step.is_not(None), *where)
    return [dict(r) for r in conn.execute(q.order_by(cases.c.due_day)).mappings()]


def red_list(conn: Connection, today: date, rules: LightRules) -> list[dict[str, Any]]:
    return running(conn, today, rules, light_expr(today, rules) == "red")


def department_view(
    conn: Connection,
    dept: str,
    today: date,
    rules: LightRules,
    hidden: frozenset[str],
    owner: str | None = None,
    petition_id: str | None = None,
) -> Any:
    """The department's running deadlines and the urgings on it; with ``owner`` (a case
    owner's user id) only the petitions that owner owns, and the actions on them; with
    ``petition_id`` only that petition's deadlines and actions."""
    mine = and_(or_(cases.c.step_org == dept, cases.c.department == dept), not_hidden(hidden))
    if owner is not None:
        mine = and_(mine, cases.c.case_owner == owner)
    if petition_id is not None:
        mine = and_(mine, cases.c.petition_id == petition_id)
    items = running(conn, today, rules, mine)
    kept = select(cases.c.petition_id).where(~not_hidden(hidden))
    of_cases = actions.c.petition_id.in_(select(cases.c.petition_id).where(mine, cases.c.is_open))
    # An action on the department itself (no petition of the owner's) is not the owner's.
    about = of_cases if owner is not None else or_(actions.c.department == dept, of_cases)
    q = select(actions).where(about, actions.c.petition_id.not_in(kept))
    if petition_id is not None:
        q = q.where(actions.c.petition_id == petition_id)
    acts = [_action(dict(r), today) for r in conn.execute(q.order_by(actions.c.due_on)).mappings()]
    return {"deadlines": items, "actions": acts}


def instructions(
    conn: Connection, today: date, petition_id: str | None = None
) -> list[dict[str, Any]]:
    """Every instruction case (of one petition, with ``petition_id``), the earliest due first."""
    q = (
        select(
            actions,
            cases.c.region_code,
            cases.c.case_owner,
            cases.c.kind.label("petition_kind"),  # ``kind`` is the action's
            cases.c.accused_org,
            cases.c.replied_on,
            cases.c.is_open,
        )
        .select_from(actions.outerjoin(cases, cases.c.petition_id == actions.c.petition_id))
        .where(actions.c.kind == "instruction")
        .order_by(actions.c.due_on)
    )
    if petition_id is not None:
        q = q.where(actions.c.petition_id == petition_id)
    return [_action(dict(r), today) for r in conn.execute(q).mappings()]


def pauses(conn: Connection, petition_id: str) -> list[dict[str, Any]]:
    """The pauses and resumes of one petition's clock, in the order they happened."""
    p = pauses_table.c
    q = select(pauses_table).where(p.petition_id == petition_id).order_by(p.at, p.event_id)
    return [dict(r) for r in conn.execute(q).mappings()]


def case(conn: Connection, petition_id: str) -> dict[str, Any] | None:
    """The case row of a petition (for its scope), or None when supervision has none."""
    found = conn.execute(select(cases).where(cases.c.petition_id == petition_id)).mappings()
    row = found.first()
    return dict(row) if row is not None else None


def _action(row: dict[str, Any], today: date) -> dict[str, Any]:
    # Done when the petition was answered (or closed) after the action was issued.
    done = row.get("replied_on") is not None and row["replied_on"] >= row["issued_on"]
    done = done or row.get("is_open") is False
    row["status"] = "done" if done else ("overdue" if today > row["due_on"] else "open")
    return row


def rates(conn: Connection, start: date, end: date, keep: Within) -> dict[str, Any]:
    """On-time completion, average handling days, first-visit one-time resolution, over the
    petitions answered in [start, end]."""
    c = cases.c
    q = select(
        c.petition_id,
        c.region_code,
        c.kind,
        c.accused_org,
        c.department,
        c.received_on,
        c.replied_on,
        c.reply_on_time,
        c.repeat_of,
        c.skip_level,
        c.reviews,
        c.last_rating,
    )
    rows = [
        dict(r)
        for r in conn.execute(q.where(and_(c.replied_on >= start, c.replied_on <= end))).mappings()
    ]
    rows = [r for r in rows if keep(r)]
    if not rows:
        return {
            "answered": 0,
            "on_time_rate": None,
            "average_handling_days": None,
            "first_visit_resolution_rate": None,
        }
    timed = [r for r in rows if r["reply_on_time"] is not None]
    on_time = sum(1 for r in timed if r["reply_on_time"])
    days = sum((r["replied_on"] - r["received_on"]).days for r in rows) / len(rows)
    first = [r for r in rows if r["repeat_of"] is None and not r["skip_level"]]
    came_back = _came_back(conn, [r["petition_id"] for r in first])
    once = [
        r
        for r in first
        if r["reviews"] == 0
        and r["last_rating"] != "dissatisfied"
        and r["petition_id"] not in came_back
    ]
    return {
        "answered": len(rows),
        "on_time_rate": round(on_time / len(timed), 4) if timed else None,
        "average_handling_days": round(days, 2),
        "first_visit_resolution_rate": round(len(once) / len(first), 4) if first else None,
    }


def _came_back(conn: Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        q = select(followups.c.earlier_id).where(
            followups.c.earlier_id.in_(ids[start : start + 500])
        )
        found.update(r for (r,) in conn.execute(q))
    return found
