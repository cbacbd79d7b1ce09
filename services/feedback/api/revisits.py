"""Revisit tasks (回头看) in the units' queues, their outcomes, and the notice records."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import or_, select

from services.feedback import revisits
from services.feedback.access import hidden_from, may_see, visible_regions
from services.feedback.api.context import REFUSED, ApiContext, fail
from services.feedback.tables import contacts, notifications
from shared.auth.fastapi import forbidden, require_roles
from shared.auth.roles import Principal, Role
from shared.schemas.fields import Day, Prose

QUEUE_READERS = (Role.HANDLER, Role.PETITION_OFFICE, Role.LEADER, Role.AUDITOR)
QueueReader = Annotated[Principal, Depends(require_roles(*QUEUE_READERS))]
Reviser = Annotated[Principal, Depends(require_roles(Role.HANDLER, Role.PETITION_OFFICE))]
NOTICE_READERS = (Role.PETITION_OFFICE, Role.LEADER, Role.INSPECTOR, Role.AUDITOR)
NoticeReader = Annotated[Principal, Depends(require_roles(*NOTICE_READERS))]


class OutcomeBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    outcome: Prose = Field(min_length=1, max_length=2000)
    resolved: bool
    revisited_on: Day | None = None  # defaults to today


def add_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.get("/revisits", summary="Revisit tasks of a unit (or all the caller may see)")
    def queue(
        principal: QueueReader,
        department: Annotated[str | None, Query(max_length=64)] = None,
        state: Literal["open", "done", "all"] = "open",
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> Any:
        if principal.role is Role.HANDLER:
            department = department or principal.org
        if department is not None and not may_see(principal, department, ctx.refs):
            raise forbidden(f"the queue of {department} is outside your org")
        r = revisits.revisits.c
        q = select(revisits.revisits).order_by(r.due_on, r.petition_id).limit(limit)
        if department is not None:
            q = q.where(r.department == department)
        if state != "all":
            q = q.where(r.state == state)
        hidden = hidden_from(principal, ctx.refs)
        if hidden:
            q = q.where(r.petition_id.not_in(_kept_petitions(hidden)))
        with ctx.engine.connect() as conn:
            rows = _blinded(
                conn, ctx, principal, [_task(row._mapping, ctx) for row in conn.execute(q)]
            )
        items = [t for t in rows if may_see(principal, t["department"], ctx.refs)]
        return {"today": ctx.today(), "items": items}

    @router.get("/revisits/{petition_id}", summary="One revisit task")
    def one(petition_id: str, principal: QueueReader) -> Any:
        task = _load(ctx, petition_id, principal)
        with ctx.engine.connect() as conn:
            return _blinded(conn, ctx, principal, [_task(task, ctx)])[0]

    @router.post(
        "/revisits/{petition_id}/outcome",
        summary="Record what the revisit found",
        responses=REFUSED,
    )
    def outcome(petition_id: str, body: OutcomeBody, principal: Reviser) -> Any:
        task = _load(ctx, petition_id, principal)
        if not may_see(principal, task["department"], ctx.refs):
            raise forbidden("this revisit belongs to another unit")
        today = ctx.today()
        on = body.revisited_on or today
        if on > today:
            raise HTTPException(422, detail="revisited_on is in the future")
        found = revisits.Outcome(body.outcome, body.resolved, on)
        try:
            done = revisits.record_outcome(
                ctx.engine, ctx.topics, petition_id, found, principal.actor()
            )
        except (revisits.NotFound, revisits.Refused) as exc:
            fail(exc)
        return _task(done, ctx)

    @router.get("/notices", summary="Notices to petitioners and units, for the notice duty")
    def notices(
        principal: NoticeReader,
        petition_id: Annotated[str | None, Query(max_length=128)] = None,
        kind: Annotated[str | None, Query(max_length=32)] = None,
        late: bool = False,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> Any:
        return {"items": _notices(ctx, principal, petition_id, kind, late, limit)}


def _kept_petitions(hidden: frozenset[str]) -> Any:
    """The petitions that are accusations against one of ``hidden``."""
    return select(contacts.c.petition_id).where(contacts.c.accused_org.in_(sorted(hidden)))


def _blinded(
    conn: Any, ctx: ApiContext, principal: Principal, tasks: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """An auditor of the accused unit sees its accusations' tasks (``kept_from`` spares it)
    without their tracking code, which opens the public page with the reply."""
    if principal.role is not Role.AUDITOR or not tasks:
        return tasks
    own = _kept_petitions(ctx.refs.accused_units_over(principal.org))
    ids = [t["petition_id"] for t in tasks]
    blind = set(conn.execute(own.where(contacts.c.petition_id.in_(ids))).scalars())
    return [{**t, "tracking_code": None} if t["petition_id"] in blind else t for t in tasks]


def _load(ctx: ApiContext, petition_id: str, principal: Principal) -> Any:
    with ctx.engine.connect() as conn:
        try:
            task = revisits.load(conn, petition_id)
            hidden = hidden_from(principal, ctx.refs)
            if (
                hidden
                and conn.execute(
                    _kept_petitions(hidden).where(contacts.c.petition_id == petition_id)
                ).first()
            ):
                raise revisits.NotFound(petition_id)  # as for an absent one (Art. 30)
        except revisits.NotFound as exc:
            fail(exc)
    if not may_see(principal, task["department"], ctx.refs):
        raise forbidden("this revisit belongs to another unit")
    return task


def _task(row: Any, ctx: ApiContext) -> dict[str, Any]:
    task = dict(row)
    task.pop("survey_token_hash", None)
    task["overdue"] = task["state"] == "open" and task["due_on"] < ctx.today()
    return task


def _notices(
    ctx: ApiContext,
    principal: Principal,
    petition_id: str | None,
    kind: str | None,
    late: bool,
    limit: int,
) -> list[dict[str, Any]]:
    n, c = notifications.c, contacts.c
    # Never the recipient or the text: both are personal data.
    cols = [n.id, n.petition_id, n.kind, n.audience, n.status, n.attempts, n.event_on]
    cols += [n.due_on, n.sent_at, n.last_error, c.region_code]
    q = select(*cols).select_from(notifications.outerjoin(contacts, c.petition_id == n.petition_id))
    if petition_id is not None:
        q = q.where(n.petition_id == petition_id)
    if kind is not None:
        q = q.where(n.kind == kind)
    if late:
        q = q.where(n.due_on.is_not(None))
    regions = visible_regions(principal, ctx.refs)
    if regions is not None:
        q = q.where(c.region_code.in_(sorted(regions)))
    hidden = hidden_from(principal, ctx.refs)
    if hidden:
        q = q.where(or_(c.accused_org.is_(None), c.accused_org.not_in(sorted(hidden))))
    q = q.order_by(n.event_on, n.id).limit(limit)
    with ctx.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
    today = ctx.today()
    for row in rows:
        row["on_time"] = _on_time(row, today)
    return [r for r in rows if not late or r["on_time"] is False]


def _on_time(row: dict[str, Any], today: date) -> bool | None:
    """Sent by its due day; None while it still can be (or when the law sets no day)."""
    due = row["due_on"]
    if due is None:
        return None
    if row["sent_at"] is None:
        return None if row["status"] == "pending" and today <= due else False
    return bool(row["sent_at"].date() <= due)
