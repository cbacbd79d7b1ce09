"""The record of notices to petitioners and units, for the notice duty: never the recipient
or the text (both are personal data)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, or_, select

from services.feedback.domain.access import visible_regions
from services.feedback.domain.notices import on_time
from services.feedback.tables import contacts, notifications
from shared.auth.roles import Principal
from shared.refdata import OrgTree


def notices(
    engine: Engine,
    tree: OrgTree,
    principal: Principal,
    *,
    petition_id: str | None,
    kind: str | None,
    late: bool,
    limit: int,
    today: date,
) -> list[dict[str, Any]]:
    """The notices the caller may see; ``late``: only those not sent by their due day."""
    n, c = notifications.c, contacts.c
    cols = [n.id, n.petition_id, n.kind, n.audience, n.status, n.attempts, n.event_on]
    cols += [n.due_on, n.sent_at, n.last_error, c.region_code]
    q = select(*cols).select_from(notifications.outerjoin(contacts, c.petition_id == n.petition_id))
    if petition_id is not None:
        q = q.where(n.petition_id == petition_id)
    if kind is not None:
        q = q.where(n.kind == kind)
    if late:
        q = q.where(n.due_on.is_not(None))
    regions = visible_regions(principal, tree)
    if regions is not None:
        q = q.where(c.region_code.in_(sorted(regions)))
    hidden = tree.hidden_from(principal)
    if hidden:
        q = q.where(or_(c.accused_org.is_(None), c.accused_org.not_in(sorted(hidden))))
    q = q.order_by(n.event_on, n.id).limit(limit)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
    for row in rows:
        row["on_time"] = on_time(row["due_on"], row["sent_at"], row["status"], today)
    return [r for r in rows if not late or r["on_time"] is False]
