"""Revisit (回头看) tasks: the units' queues, one task, and the outcome a unit records.

An outcome runs in one transaction: the read table, feedback's own event and the
``RecordRevisitOutcome`` command to intake on ``petition.commands`` commit together.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, Select, select, update

from services.feedback.application.ledger import append_own, send_command
from services.feedback.domain.access import may_see
from services.feedback.domain.errors import Forbidden, Missing
from services.feedback.domain.revisits import Outcome, check_outcome, overdue, revisit_day
from services.feedback.tables import contacts, revisits
from shared.auth.roles import Principal, Role
from shared.refdata import OrgTree
from shared.runtime.topics import Topics
from shared.schemas.commands import CommandMessage, RecordRevisitOutcome
from shared.schemas.envelope import Actor, new_id
from shared.schemas.feedback import RevisitCompleted

_COMMANDS = uuid.UUID("5e0c2b7a-94f1-4d2e-8b3a-6f7e8d9c0a1b")


def load(conn: Connection, petition_id: str) -> dict[str, Any]:
    row = conn.execute(select(revisits).where(revisits.c.petition_id == petition_id)).first()
    if row is None:
        raise Missing(petition_id)
    return dict(row._mapping)


def kept_petitions(hidden: frozenset[str]) -> Select[Any]:
    """The petitions that are accusations against one of ``hidden``."""
    return select(contacts.c.petition_id).where(contacts.c.accused_org.in_(sorted(hidden)))


def queue(
    engine: Engine,
    tree: OrgTree,
    principal: Principal,
    *,
    department: str | None,
    state: str,
    limit: int,
    today: date,
) -> dict[str, Any]:
    """A unit's tasks (a handler's own by default), or all the caller may see."""
    if principal.role is Role.HANDLER:
        department = department or principal.org
    if department is not None and not may_see(principal, department, tree):
        raise Forbidden(f"the queue of {department} is outside your org")
    r = revisits.c
    q = select(revisits).order_by(r.due_on, r.petition_id).limit(limit)
    if department is not None:
        q = q.where(r.department == department)
    if state != "all":
        q = q.where(r.state == state)
    hidden = tree.hidden_from(principal)
    if hidden:
        q = q.where(r.petition_id.not_in(kept_petitions(hidden)))
    with engine.connect() as conn:
        tasks = [_task(row._mapping, today) for row in conn.execute(q)]
        rows = _blinded(conn, tree, principal, tasks)
    items = [t for t in rows if may_see(principal, t["department"], tree)]
    return {"today": today, "items": items}


def one(
    engine: Engine, tree: OrgTree, principal: Principal, petition_id: str, today: date
) -> dict[str, Any]:
    with engine.connect() as conn:
        task = _visible(conn, tree, principal, petition_id)
        return _blinded(conn, tree, principal, [_task(task, today)])[0]


def record_outcome(
    engine: Engine,
    topics: Topics,
    tree: OrgTree,
    principal: Principal,
    petition_id: str,
    *,
    outcome: str,
    resolved: bool,
    revisited_on: date | None,
    today: date,
) -> dict[str, Any]:
    """What the revisit found; the task is done and intake is told."""
    with engine.connect() as conn:
        _visible(conn, tree, principal, petition_id)
    found = Outcome(outcome, resolved, revisit_day(revisited_on, today))
    actor = principal.actor()
    with engine.begin() as conn:
        task = load(conn, petition_id)
        check_outcome(task["state"], task["rated_on"], found)
        conn.execute(
            update(revisits)
            .where(revisits.c.petition_id == petition_id)
            .values(
                state="done",
                outcome=found.outcome,
                resolved=found.resolved,
                revisited_on=found.revisited_on,
            )
        )
        correlation = new_id()
        event = RevisitCompleted(petition_id=petition_id, **found.__dict__)
        append_own(
            conn, topics.feedback_events, f"revisit-{petition_id}", event, actor,
            correlation_id=correlation,
        )  # fmt: skip
        send_command(
            conn, topics.petition_commands, _command(petition_id, found, actor, correlation)
        )
        return _task(load(conn, petition_id), today)


def _command(petition_id: str, o: Outcome, actor: Actor, correlation: str) -> CommandMessage:
    return CommandMessage(
        # One outcome per revisit: a resend of the same outcome is the same command.
        command_id=str(uuid.uuid5(_COMMANDS, f"{petition_id}|revisit_outcome")),
        petition_id=petition_id,
        actor=actor,
        correlation_id=correlation,
        command=RecordRevisitOutcome(
            outcome=o.outcome, resolved=o.resolved, revisited_on=o.revisited_on
        ),
    )


def _visible(
    conn: Connection, tree: OrgTree, principal: Principal, petition_id: str
) -> dict[str, Any]:
    """The task, if the caller may see it: an accusation kept from the caller is absent."""
    task = load(conn, petition_id)
    hidden = tree.hidden_from(principal)
    kept = kept_petitions(hidden).where(contacts.c.petition_id == petition_id)
    if hidden and conn.execute(kept).first():
        raise Missing(petition_id)  # as for an absent one (Art. 30)
    if not may_see(principal, task["department"], tree):
        raise Forbidden("this revisit belongs to another unit")
    return task


def _blinded(
    conn: Connection, tree: OrgTree, principal: Principal, tasks: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """An auditor of the accused unit sees its accusations' tasks (``kept_from`` spares it)
    without their tracking code, which opens the public page with the reply."""
    if principal.role is not Role.AUDITOR or not tasks:
        return tasks
    own = kept_petitions(tree.accused_units_over(principal.org))
    ids = [t["petition_id"] for t in tasks]
    blind = set(conn.execute(own.where(contacts.c.petition_id.in_(ids))).scalars())
    return [{**t, "tracking_code": None} if t["petition_id"] in blind else t for t in tasks]


def _task(row: Any, today: date) -> dict[str, Any]:
    task = dict(row)
    task.pop("survey_token_hash", None)
    task["overdue"] = overdue(task["state"], task["due_on"], today)
    return task
