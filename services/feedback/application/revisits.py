"""Revisit (回头看) tasks: the units' queues, one task, the outcome a unit records, and what
intake's answer does to the task.

An outcome runs in one transaction: the task, now ``sent``, and the ``RecordRevisitOutcome``
command to intake on ``petition.commands`` commit together. The task is done only when
intake's ``petition.revisit_outcome_recorded`` arrives (then feedback's own
``feedback.revisit_completed`` is appended); intake's refusal, a ``CommandOutcome`` on
``petition.command-outcomes``, gives it back to the unit with the reason. Both come through
the outreach consumer (``projections/outreach.py``), in its transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import structlog
from sqlalchemy import Connection, Engine, Select, select, update

from services.feedback.application.ledger import append_own, send_command
from services.feedback.domain.access import may_see
from services.feedback.domain.errors import Forbidden, Missing, Refused
from services.feedback.domain.revisits import (
    DONE,
    OPEN,
    SENT,
    Answer,
    Outcome,
    check_outcome,
    closes,
    command_id,
    overdue,
    refusal_in_chinese,
    reopens,
    revisit_day,
)
from services.feedback.tables import contacts, revisits
from shared.auth.roles import Principal, Role
from shared.refdata import OrgTree
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope
from shared.schemas.commands import CommandMessage, RecordRevisitOutcome
from shared.schemas.envelope import Actor, new_id
from shared.schemas.feedback import RevisitCompleted
from shared.schemas.petition import RevisitOutcomeRecorded

log = structlog.get_logger(__name__)
# What the API leaves out of a task: a secret's hash, and the plumbing of telling intake.
_INTERNAL = ("survey_token_hash", "attempts", "command_id")


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
        raise Forbidden(
            f"the queue of {department} is outside your org", zh="这个单位的回访不归您查看"
        )
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
    """What the revisit found: sent to intake, and the task waits for its answer."""
    with engine.connect() as conn:
        _visible(conn, tree, principal, petition_id)
    found = Outcome(outcome, resolved, revisit_day(revisited_on, today))
    actor = principal.actor()
    with engine.begin() as conn:
        task = load(conn, petition_id)
        check_outcome(task["state"], task["rated_on"], found)
        attempt = task["attempts"] + 1
        command = _command(petition_id, attempt, found, actor, new_id())
        r = revisits.c
        sent = conn.execute(
            update(revisits)
            # Only from the state just read: of two units' clicks at once, one is sent.
            .where(r.petition_id == petition_id, r.state == OPEN, r.attempts == task["attempts"])
            .values(
                state=SENT,
                outcome=found.outcome,
                resolved=found.resolved,
                revisited_on=found.revisited_on,
                attempts=attempt,
                command_id=command.command_id,
                refused_code=None,
                refused_reason=None,
            )
        )
        if sent.rowcount != 1:  # changed since read: refused as its state now says
            check_outcome(load(conn, petition_id)["state"], task["rated_on"], found)
            raise Refused(
                "the revisit task changed meanwhile; reload it",
                zh="这项回访刚被其他人修改过，请刷新后再试",
            )
        send_command(conn, topics.petition_commands, command)
        return _task(load(conn, petition_id), today)


def answered(conn: Connection, petition_id: str, answer: Answer) -> None:
    """Intake answered a command on ``petition_id``: a refusal of the outcome the task waits
    on reopens it, with intake's reason; any other answer is none of the task's business."""
    r = revisits.c
    task = conn.execute(select(r.state, r.command_id).where(r.petition_id == petition_id)).first()
    if task is None or not reopens(task.state, task.command_id, answer):
        return
    conn.execute(
        update(revisits)
        .where(r.petition_id == petition_id)
        .values(
            state=OPEN,
            outcome=None,
            resolved=None,
            revisited_on=None,
            refused_code=(answer.code or "refused")[:32],
            refused_reason=(answer.reason or "")[:1000] or None,
        )
    )
    # No reason in the log: intake's words are its own, and a task id says enough.
    log.info("revisit outcome refused by intake", petition_id=petition_id, code=answer.code)


def recorded(conn: Connection, topic: str, env: EventEnvelope, p: RevisitOutcomeRecorded) -> None:
    """Intake recorded a revisit outcome: the task is done with what intake recorded, and
    feedback's own event says so, dated and signed as intake's (the unit's member sent it)."""
    pid = env.stream_id
    r = revisits.c
    task = conn.execute(select(r.state).where(r.petition_id == pid)).first()
    if task is None or not closes(task.state):
        return
    conn.execute(
        update(revisits)
        .where(r.petition_id == pid)
        .values(
            state=DONE,
            outcome=p.outcome,
            resolved=p.resolved,
            revisited_on=p.revisited_on,
            refused_code=None,
            refused_reason=None,
        )
    )
    event = RevisitCompleted(
        petition_id=pid, outcome=p.outcome, resolved=p.resolved, revisited_on=p.revisited_on
    )
    append_own(
        conn, topic, f"revisit-{pid}", event, env.actor,
        correlation_id=env.correlation_id, causation_id=env.event_id,
        occurred_at=env.occurred_at,
    )  # fmt: skip


def _command(
    petition_id: str, attempt: int, o: Outcome, actor: Actor, correlation: str
) -> CommandMessage:
    return CommandMessage(
        command_id=command_id(petition_id, attempt),
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
        raise Forbidden("this revisit belongs to another unit", zh="这项回访属于其他单位")
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
    """A task as the API shows it. ``state``: ``open`` (the unit's to do; after a refusal
    ``refused_code`` and ``refused_reason`` say why, ``refused_reason_zh`` in Chinese),
    ``sent`` (the outcome went to intake: awaiting its answer) or ``done``."""
    task = {k: v for k, v in dict(row).items() if k not in _INTERNAL}
    task["overdue"] = overdue(task["state"], task["due_on"], today)
    task["refused_reason_zh"] = refusal_in_chinese(task["refused_code"], task["refused_reason"])
    return task
