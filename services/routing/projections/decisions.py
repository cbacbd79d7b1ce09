"""The decision consumer: routes each registered petition, routes again when a department
returns it, and notices when intake refuses an assignment.

Commands go out through routing's outbox in the transaction that records the decision and
the runner's tracking row: a decision is never lost and never sent twice.

This is a process manager, not a read model: rebuilding it from offset 0 would decide every
petition again and send every command again, so ``tables`` is empty and ``build_runners``
(what ``sunshine rebuild`` replays) leaves it out.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from services.routing.application import outgoing
from services.routing.application.rulestore import RuleStore, Version
from services.routing.domain import reasons
from services.routing.domain.matcher import (
    Facts,
    Manual,
    Placement,
    decide,
    hard_case_leader,
    is_hard,
    next_level,
)
from services.routing.domain.matcher import case_owner as default_owner
from services.routing.domain.offices import PYRAMID, Offices
from services.routing.tables import cases, commands, transfers
from shared.consumer import InboundMessage, Projection
from shared.consumer.projection import decode_current
from shared.eventstore.store import OutboxMessage, UnitOfWork
from shared.refdata import ReferenceData
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope
from shared.schemas.commands import CommandMessage, CommandOutcome
from shared.schemas.petition import (
    Kind,
    Level,
    PetitionAssigned,
    PetitionClosed,
    PetitionNotAccepted,
    PetitionRegistered,
    PetitionReturned,
    PetitionWithdrawn,
)

NAME = "routing-decisions"
_RANK = {level: i for i, level in enumerate(PYRAMID)}
_CLOSING = (PetitionClosed, PetitionWithdrawn, PetitionNotAccepted)


class Decisions(Projection):
    tables = ()  # see the module docstring: never emptied by a rebuild

    def __init__(
        self, data: ReferenceData, store: RuleStore, topics: Topics, name: str = NAME
    ) -> None:
        self.name = name
        self.data = data
        self.offices = Offices(data)
        self.store = store
        self.topics = (topics.petition_events, topics.command_outcomes)
        self._outcomes = topics.command_outcomes
        self._commands = topics.petition_commands

    def decode(self, msg: InboundMessage) -> Any:
        if msg.topic == self._outcomes:
            return CommandOutcome.model_validate_json(msg.value)
        return decode_current(msg.value)

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        if isinstance(event, CommandOutcome):
            self._outcome(conn, event)
            return
        payload = event.payload
        if isinstance(payload, PetitionRegistered):
            self._registered(conn, event, payload)
        elif isinstance(payload, PetitionAssigned):
            self._assigned(conn, event, payload)
        elif isinstance(payload, PetitionReturned):
            self._returned(conn, event, payload)
        elif isinstance(payload, _CLOSING):
            _set(conn, event.stream_id, status="closed")

    # -- events --------------------------------------------------------------------------

    def _registered(self, conn: Connection, env: EventEnvelope, p: PetitionRegistered) -> None:
        if _case(conn, env.stream_id) is not None:
            return
        case = {
            "petition_id": env.stream_id,
            "region_code": p.region_code,
            "category_code": p.category_code,
            "kind": p.kind.value,
            "responsible_level": p.responsible_level.value,
            "collective": p.collective,
            "headcount": p.headcount,
            "repeat": p.repeat_candidate_of is not None,
            "skip_level": p.skip_level,
            "accused_org": p.accused_org,
            "status": "new",
            "start_level": p.responsible_level.value,
            "returns_at_level": 0,
            "hard_case": False,
        }
        conn.execute(insert(cases), [case])
        self._route(conn, env, case)

    def _assigned(self, conn: Connection, env: EventEnvelope, p: PetitionAssigned) -> None:
        if _case(conn, env.stream_id) is None:
            return  # registered before routing existed: nothing of ours to track
        _set(conn, env.stream_id, status="assigned", department=p.department, rule_id=p.rule_id)
        _history(conn, env, "assigned", p.department, p.rule_id, p.reason, p.assigned_on)

    def _returned(self, conn: Connection, env: EventEnvelope, p: PetitionReturned) -> None:
        case = _case(conn, env.stream_id)
        if case is None:
            return
        _history(conn, env, "returned", p.department, None, p.reason, p.returned_on)
        returns = case["returns_at_level"] + 1
        rules = self.store.active(conn).rules
        if returns >= rules.escalation.returns_per_level:
            # Look above the level of the department that just gave up, not just above
            # where the search started: the case may already have climbed.
            dept = self.data.departments.get(p.department)
            level = dept.level if dept is not None else Level(case["start_level"])
            up = next_level(max(level, Level(case["start_level"]), key=_RANK.__getitem__))
            if up is not None:
                why = reasons.escalated(returns, level.value)
                _history(conn, env, "escalated", None, None, why, p.returned_on)
                case["start_level"], returns = up.value, 0
        case["returns_at_level"] = returns
        self._route(conn, env, case)

    def _outcome(self, conn: Connection, outcome: CommandOutcome) -> None:
        sent = conn.execute(
            select(commands).where(commands.c.command_id == outcome.command_id)
        ).first()
        if sent is None:
            return  # another service's command
        conn.execute(
            update(commands)
            .where(commands.c.command_id == outcome.command_id)
            .values(status=outcome.status, reason=(outcome.reason or "")[:1000] or None)
        )
        case = _case(conn, sent.petition_id)
        refused_assign = outcome.status == "refused" and sent.command == "assign"
        # Only if the case still waits on this very assignment (a person may have acted).
        waiting = case is not None and case["status"] == "assigning"
        if refused_assign and waiting and case and case["department"] == sent.department:
            why = reasons.refused(sent.department, outcome.reason)
            _set(conn, sent.petition_id, status="manual", manual_reason=why)
            _history_row(conn, sent.petition_id, "refused", sent.department, why)

    # -- deciding ------------------------------------------------------------------------

    def _route(self, conn: Connection, env: EventEnvelope, case: dict[str, Any]) -> None:
        version = self.store.active(conn)
        facts = self.facts(case)
        exclude = _returned_departments(conn, env.stream_id)
        exclude |= self.data.org_tree.blocked_for_accusation(case["accused_org"])
        start = Level(case["start_level"])
        decision = decide(version.rules, facts, start_level=start, exclude=exclude)
        changes: dict[str, Any] = {
            "start_level": case["start_level"],
            "returns_at_level": case["returns_at_level"],
            "ruleset_version": version.version,
        }
        if isinstance(decision, Manual):
            office = self.offices.office_for(case["region_code"])
            changes.update(status="manual", department=None, rule_id=None)
            changes["manual_reason"] = decision.reason
            _history(conn, env, "manual", office, None, decision.reason, None)
        else:
            changes.update(self._send(conn, env, facts, decision, version, start))
        _set(conn, env.stream_id, **changes)

    def _send(
        self,
        conn: Connection,
        env: EventEnvelope,
        facts: Facts,
        placement: Placement,
        version: Version,
        start: Level,
    ) -> dict[str, Any]:
        escalated = start != facts.level
        reason = outgoing.assign_reason(placement, escalated)
        messages = [outgoing.assign(env, placement, reason)]
        hard = is_hard(version.rules, facts)
        owner = (
            hard_case_leader(version.rules, placement.rule, facts.region_chain)
            if hard
            else default_owner(version.rules, placement.department, facts.category_code)
        )
        if owner is not None:
            messages.append(outgoing.set_case_owner(env, owner, hard))
        self._emit(conn, messages)
        _history(conn, env, "routed", placement.department, placement.rule.id, reason, None)
        return {
            "status": "assigning",
            "department": placement.department,
            "rule_id": placement.rule.id,
            "manual_reason": None,
            "hard_case": hard,
        }

    def _emit(self, conn: Connection, messages: list[CommandMessage]) -> None:
        rows: list[OutboxMessage] = []
        for m in messages:
            assign = getattr(m.command, "department", None)
            rule_id = getattr(m.command, "rule_id", None)
            conn.execute(
                insert(commands),
                [
                    {
                        "command_id": m.command_id,
                        "petition_id": m.petition_id,
                        "command": m.command.command,
                        "department": assign,
                        "rule_id": rule_id,
                        "status": "sent",
                    }
                ],
            )
            rows.append(outgoing.to_outbox(self._commands, m))
        UnitOfWork(conn, None).add_outbox(rows)

    def facts(self, case: dict[str, Any]) -> Facts:
        return Facts(
            region_chain=self.data.org_tree.region_chain(case["region_code"]),
            category_code=case["category_code"],
            kind=Kind(case["kind"]),
            level=Level(case["responsible_level"]),
            collective=case["collective"],
            headcount=case["headcount"],
            repeat=case["repeat"],
            skip_level=case["skip_level"],
        )


def _case(conn: Connection, petition_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(cases).where(cases.c.petition_id == petition_id)).first()
    return dict(row._mapping) if row is not None else None


def _set(conn: Connection, petition_id: str, **values: Any) -> None:
    conn.execute(update(cases).where(cases.c.petition_id == petition_id).values(**values))


def _returned_departments(conn: Connection, petition_id: str) -> frozenset[str]:
    q = select(transfers.c.department).where(
        transfers.c.petition_id == petition_id, transfers.c.action == "returned"
    )
    return frozenset(d for d in conn.execute(q).scalars() if d)


def _history(
    conn: Connection,
    env: EventEnvelope,
    action: str,
    department: str | None,
    rule_id: str | None,
    reason: str,
    on_date: Any,
) -> None:
    _history_row(conn, env.stream_id, action, department, reason, rule_id, on_date, env.event_id)


def _history_row(
    conn: Connection,
    petition_id: str,
    action: str,
    department: str | None,
    reason: str,
    rule_id: str | None = None,
    on_date: Any = None,
    event_id: str | None = None,
) -> None:
    seq = conn.execute(
        select(func.coalesce(func.max(transfers.c.seq), 0)).where(
            transfers.c.petition_id == petition_id
        )
    ).scalar_one()
    row = {
        "petition_id": petition_id,
        "seq": seq + 1,
        "action": action,
        "department": department,
        "rule_id": rule_id,
        "reason": reason[:1000],
        "on_date": on_date,
        "event_id": event_id,
    }
    conn.execute(insert(transfers), [row])
