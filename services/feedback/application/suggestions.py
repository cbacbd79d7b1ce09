"""The suggestion database (人民建议征集) as the staff use it: searching it, screening a
suggestion, forwarding it to the leaders (摘报) and their answer. Each step runs in one
transaction with feedback's own event (and, for the answer, the notice to the author)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from services.feedback.application import suggestion_reads as reads
from services.feedback.application.ledger import append_own, record_notification
from services.feedback.domain import texts
from services.feedback.domain.access import may_see, visible_regions
from services.feedback.domain.campaigns import check_answer, check_forward, check_screen
from services.feedback.domain.errors import Forbidden, Missing, NotFound
from services.feedback.domain.orgs import region_subtree
from services.feedback.tables import contacts, screening, suggestions
from shared.auth.roles import Principal
from shared.refdata import OrgTree
from shared.runtime.topics import Topics
from shared.schemas.envelope import utcnow
from shared.schemas.feedback import LeaderAnswered, SuggestionForwarded, SuggestionScreened

_NOTICES = uuid.UUID("9d4e2f1a-3b5c-4d6e-8f70-a1b2c3d4e5f6")


def search(
    engine: Engine,
    tree: OrgTree,
    principal: Principal,
    f: reads.SuggestionFilter,
    *,
    region: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """The page of matches and their total, within ``region`` and what the caller may see."""
    allowed = visible_regions(principal, tree)
    if region is not None:
        if not may_see(principal, region, tree):
            raise Forbidden(f"region {region} is outside your org", zh="这个地区不在您的范围内")
        allowed = region_subtree(tree, region)
    f = dataclasses.replace(f, regions=allowed)
    with engine.connect() as conn:
        return {"total": reads.count(conn, f), "items": reads.search(conn, f, limit, offset)}


def one(engine: Engine, tree: OrgTree, principal: Principal, petition_id: str) -> dict[str, Any]:
    """One suggestion and its screening, if it lies in the caller's region."""
    with engine.connect() as conn:
        found = reads.one(conn, petition_id)
    if found is None:
        raise NotFound(f"no suggestion {petition_id!r}", zh="没有找到这条建议")
    if not may_see(principal, found["region_code"], tree):
        raise Forbidden("this suggestion is outside your region", zh="这条建议不在您的地区")
    return found


def screen(
    engine: Engine,
    topics: Topics,
    tree: OrgTree,
    principal: Principal,
    petition_id: str,
    *,
    valuable: bool,
    note: str,
) -> dict[str, Any]:
    one(engine, tree, principal, petition_id)
    with engine.begin() as conn:
        _exists(conn, petition_id)
        current = _screening(conn, petition_id)
        check_screen(current)
        values = {"state": "screened", "valuable": valuable, "note": note}
        if current is None:
            conn.execute(insert(screening).values(petition_id=petition_id, **values))
        else:
            conn.execute(
                update(screening).where(screening.c.petition_id == petition_id).values(**values)
            )
        event = SuggestionScreened(petition_id=petition_id, valuable=valuable, note=note)
        _append(conn, topics, petition_id, event, principal)
    return one(engine, tree, principal, petition_id)


def forward(
    engine: Engine,
    topics: Topics,
    tree: OrgTree,
    principal: Principal,
    petition_id: str,
    *,
    summary: str,
    to_org: str | None,
    today: date,
) -> dict[str, Any]:
    """摘报: only a suggestion screened as valuable goes to the leaders (by default those of
    the caller's region)."""
    one(engine, tree, principal, petition_id)
    to_org = to_org or tree.home_region(principal.org)
    with engine.begin() as conn:
        _exists(conn, petition_id)
        check_forward(_screening(conn, petition_id))
        conn.execute(
            update(screening)
            .where(screening.c.petition_id == petition_id)
            .values(state="forwarded", summary=summary, forwarded_to=to_org, forwarded_on=today)
        )
        event = SuggestionForwarded(
            petition_id=petition_id, summary=summary, to_org=to_org, forwarded_on=today
        )
        _append(conn, topics, petition_id, event, principal)
    return one(engine, tree, principal, petition_id)


def answer(
    engine: Engine,
    topics: Topics,
    tree: OrgTree,
    principal: Principal,
    petition_id: str,
    *,
    text: str,
    today: date,
) -> dict[str, Any]:
    """The leaders' answer, recorded; the author is told (through the dispatcher)."""
    one(engine, tree, principal, petition_id)
    with engine.begin() as conn:
        check_answer(_screening(conn, petition_id))
        conn.execute(
            update(screening)
            .where(screening.c.petition_id == petition_id)
            .values(state="answered", answer=text, answered_on=today)
        )
        event = LeaderAnswered(petition_id=petition_id, answer=text, answered_on=today)
        _append(conn, topics, petition_id, event, principal)
        _notify_author(conn, petition_id, today, utcnow())
    return one(engine, tree, principal, petition_id)


def _append(
    conn: Connection, topics: Topics, petition_id: str, event: Any, principal: Principal
) -> None:
    stream = f"suggestion-{petition_id}"
    append_own(conn, topics.feedback_events, stream, event, principal.actor())


def _screening(conn: Connection, petition_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(screening).where(screening.c.petition_id == petition_id)).first()
    return dict(row._mapping) if row is not None else None


def _exists(conn: Connection, petition_id: str) -> None:
    q = select(suggestions.c.petition_id).where(suggestions.c.petition_id == petition_id)
    if conn.execute(q).first() is None:
        raise Missing(petition_id)


def _notify_author(conn: Connection, petition_id: str, today: date, at: datetime) -> None:
    row = conn.execute(
        select(contacts.c.phone, contacts.c.tracking_code).where(
            contacts.c.petition_id == petition_id
        )
    ).first()
    tracking = row.tracking_code if row is not None else petition_id
    phone = row.phone if row is not None else None
    nid = str(uuid.uuid5(_NOTICES, f"{petition_id}|leader_answer"))
    body = texts.leader_answer(tracking)
    record_notification(
        conn, nid, petition_id, "leader_answer", "petitioner", phone, body, today, None, at
    )
