"""The audit log (审计): every petition event as the row ``sunshine replay`` shows for it,
so the workbench reads the auditor's timeline from a table instead of the whole topic.

Rows come from ``domain.timeline.row_for``, the function replay uses, over the same fold
(``CaseFold``); the fold's case of each petition is kept in ``sv_audit_cases`` for the next
event's deadlines. Keyed by event id and ordered by the events' own times, so a rebuild
(which interleaves partitions differently) gives the same table. Only staff ids, roles, orgs
and dates are written: no content, no petitioner, not even the petitioner key.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from services.supervision.domain.fold import Case, CaseFold, Effects
from services.supervision.domain.timeline import row_for
from services.supervision.tables import AUDIT_LOG, audit_cases, audit_rows
from shared.consumer import InboundMessage, Projection
from shared.eventstore.bulk import chunks
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope

NAME = "supervision-audit"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DATES = ("received_on", "due_on", "forward_due", "accepted_on", "replied_on")
# What the fold keeps that no audit row reads, and that is none of the audit log's business.
_LEFT_OUT = ("petitioner_key", "tracking_code", "case_owner_name")


def micros(at: datetime) -> int:
    """Microseconds since 1970 (a naive time is UTC, as every envelope's is)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return (aware - _EPOCH) // timedelta(microseconds=1)


class AuditLog(Projection):
    tables = AUDIT_LOG

    def __init__(self, topics: Topics, revisit_days: int = 15, name: str = NAME) -> None:
        self.name = name
        self.topics = (topics.petition_events,)
        self.fold = CaseFold(revisit_days)

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self.apply_batch(conn, [(event, msg)])

    def apply_batch(self, conn: Connection, batch: Sequence[tuple[Any, InboundMessage]]) -> None:
        envs: list[EventEnvelope] = [e for e, _ in batch if e.event_type.startswith("petition.")]
        cases = _load(conn, sorted({e.stream_id for e in envs}))
        rows: list[dict[str, Any]] = []
        changed: set[str] = set()
        for env in envs:
            fx = Effects()  # replay's fold drops the effects too: the rows need only steps
            after = self.fold.apply(cases.get(env.stream_id), env, fx)
            if after is not None:
                cases[env.stream_id] = after
                changed.add(env.stream_id)
            rows.append(_stored(row_for(env, fx, after), env))
        if rows:
            conn.execute(insert(audit_rows), rows)
        _store(conn, [cases[i] for i in sorted(changed)])


def _stored(row: dict[str, Any], env: EventEnvelope) -> dict[str, Any]:
    return {**row, "at_us": micros(env.occurred_at)}


def _encode(case: Case) -> str:
    kept = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in case.items()}
    for key in _LEFT_OUT:
        kept[key] = None
    return json.dumps(kept, sort_keys=True)


def _decode(state: str) -> Case:
    case: Case = json.loads(state)
    for key in _DATES:
        if case.get(key) is not None:
            case[key] = date.fromisoformat(case[key])
    return case


def _load(conn: Connection, ids: list[str]) -> dict[str, Case]:
    found: dict[str, Case] = {}
    for chunk in chunks(ids):
        q = select(audit_cases.c.petition_id, audit_cases.c.state)
        for pid, state in conn.execute(q.where(audit_cases.c.petition_id.in_(chunk))):
            found[pid] = _decode(state)
    return found


def _store(conn: Connection, cases: list[Case]) -> None:
    ids = [c["petition_id"] for c in cases]
    for chunk in chunks(ids):
        conn.execute(delete(audit_cases).where(audit_cases.c.petition_id.in_(chunk)))
    if cases:
        conn.execute(
            insert(audit_cases),
            [
                {
                    "petition_id": c["petition_id"],
                    "region_code": c["region_code"],
                    "receiving_org": c["receiving_org"],
                    "department": c["department"],
                    "kind": c["kind"],
                    "accused_org": c["accused_org"],
                    "state": _encode(c),
                }
                for c in cases
            ],
        )
