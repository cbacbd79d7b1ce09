"""Campaign (专题征集) and screening commands. Each runs in one transaction: the read table,
feedback's own event, and (for a leader's answer) the notice to the author."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from services.feedback import texts
from services.feedback.ledger import append_own
from services.feedback.outreach import record_notification
from services.feedback.revisits import NotFound, Refused
from services.feedback.tables import campaigns, contacts, screening, suggestions
from shared.runtime.topics import Topics
from shared.schemas.envelope import Actor, utcnow
from shared.schemas.feedback import (
    CampaignClosed,
    CampaignOpened,
    LeaderAnswered,
    SuggestionForwarded,
    SuggestionScreened,
)

_NOTICES = uuid.UUID("9d4e2f1a-3b5c-4d6e-8f70-a1b2c3d4e5f6")


@dataclass(frozen=True)
class NewCampaign:
    campaign_id: str
    topic: str
    description: str
    starts_on: date
    ends_on: date
    target: str
    target_count: int | None
    region_code: str


def campaign(conn: Connection, campaign_id: str) -> dict[str, Any]:
    row = conn.execute(select(campaigns).where(campaigns.c.campaign_id == campaign_id)).first()
    if row is None:
        raise NotFound(campaign_id)
    return dict(row._mapping)


def open_campaign(engine: Engine, topics: Topics, new: NewCampaign, actor: Actor) -> dict[str, Any]:
    if new.ends_on < new.starts_on:
        raise ValueError("ends_on is before starts_on")
    with engine.begin() as conn:
        exists = conn.execute(
            select(campaigns.c.campaign_id).where(campaigns.c.campaign_id == new.campaign_id)
        ).first()
        if exists is not None:
            raise Refused(f"campaign {new.campaign_id} exists")
        conn.execute(insert(campaigns).values(**new.__dict__, state="open"))
        fields = {k: v for k, v in new.__dict__.items() if k != "region_code"}
        event = CampaignOpened(**fields)
        append_own(conn, topics.feedback_events, f"campaign-{new.campaign_id}", event, actor)
        return campaign(conn, new.campaign_id)


def close_campaign(
    engine: Engine, topics: Topics, campaign_id: str, today: date, actor: Actor
) -> dict[str, Any]:
    with engine.begin() as conn:
        if campaign(conn, campaign_id)["state"] != "open":
            raise Refused("the campaign is closed")
        conn.execute(
            update(campaigns)
            .where(campaigns.c.campaign_id == campaign_id)
            .values(state="closed", closed_on=today)
        )
        event = CampaignClosed(campaign_id=campaign_id, closed_on=today)
        append_own(conn, topics.feedback_events, f"campaign-{campaign_id}", event, actor)
        return campaign(conn, campaign_id)


def _screening(conn: Connection, petition_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(screening).where(screening.c.petition_id == petition_id)).first()
    return dict(row._mapping) if row is not None else None


def _suggestion_exists(conn: Connection, petition_id: str) -> None:
    q = select(suggestions.c.petition_id).where(suggestions.c.petition_id == petition_id)
    if conn.execute(q).first() is None:
        raise NotFound(petition_id)


def screen(
    engine: Engine, topics: Topics, petition_id: str, valuable: bool, note: str, actor: Actor
) -> None:
    with engine.begin() as conn:
        _suggestion_exists(conn, petition_id)
        current = _screening(conn, petition_id)
        if current is not None and current["state"] != "screened":
            raise Refused("already forwarded to the leaders")
        values = {"state": "screened", "valuable": valuable, "note": note}
        if current is None:
            conn.execute(insert(screening).values(petition_id=petition_id, **values))
        else:
            conn.execute(
                update(screening).where(screening.c.petition_id == petition_id).values(**values)
            )
        event = SuggestionScreened(petition_id=petition_id, valuable=valuable, note=note)
        append_own(conn, topics.feedback_events, f"suggestion-{petition_id}", event, actor)


def forward(
    engine: Engine,
    topics: Topics,
    petition_id: str,
    summary: str,
    to_org: str,
    today: date,
    actor: Actor,
) -> None:
    """摘报: only a suggestion screened as valuable goes to the leaders."""
    with engine.begin() as conn:
        _suggestion_exists(conn, petition_id)
        current = _screening(conn, petition_id)
        if current is None or not current["valuable"] or current["state"] != "screened":
            raise Refused("only a suggestion screened as valuable, not yet forwarded")
        conn.execute(
            update(screening)
            .where(screening.c.petition_id == petition_id)
            .values(state="forwarded", summary=summary, forwarded_to=to_org, forwarded_on=today)
        )
        event = SuggestionForwarded(
            petition_id=petition_id, summary=summary, to_org=to_org, forwarded_on=today
        )
        append_own(conn, topics.feedback_events, f"suggestion-{petition_id}", event, actor)


def answer(
    engine: Engine, topics: Topics, petition_id: str, text: str, today: date, actor: Actor
) -> None:
    """The leaders' answer, recorded; the author is told (through the dispatcher)."""
    with engine.begin() as conn:
        current = _screening(conn, petition_id)
        if current is None or current["state"] != "forwarded":
            raise Refused("only a forwarded suggestion can be answered")
        conn.execute(
            update(screening)
            .where(screening.c.petition_id == petition_id)
            .values(state="answered", answer=text, answered_on=today)
        )
        event = LeaderAnswered(petition_id=petition_id, answer=text, answered_on=today)
        append_own(conn, topics.feedback_events, f"suggestion-{petition_id}", event, actor)
        _notify_author(conn, petition_id, today, utcnow())


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
