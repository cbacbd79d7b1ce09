"""Campaigns (专题征集): opening and closing them (each in one transaction with feedback's own
event), and reading them with their statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from services.feedback.application.ledger import append_own
from services.feedback.application.suggestion_reads import campaign_stats
from services.feedback.domain.access import may_see
from services.feedback.domain.campaigns import check_close, check_dates
from services.feedback.domain.errors import Forbidden, Missing, Refused
from services.feedback.tables import campaigns
from shared.auth.roles import Principal
from shared.refdata import OrgTree
from shared.runtime.topics import Topics
from shared.schemas.feedback import CampaignClosed, CampaignOpened


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
        raise Missing(campaign_id)
    return dict(row._mapping)


def open_campaign(
    engine: Engine, topics: Topics, tree: OrgTree, principal: Principal, fields: dict[str, Any]
) -> dict[str, Any]:
    """A campaign of the caller's region; ``fields`` are ``NewCampaign``'s but the region."""
    new = NewCampaign(**fields, region_code=tree.home_region(principal.org))
    check_dates(new.starts_on, new.ends_on)
    with engine.begin() as conn:
        exists = conn.execute(
            select(campaigns.c.campaign_id).where(campaigns.c.campaign_id == new.campaign_id)
        ).first()
        if exists is not None:
            raise Refused(f"campaign {new.campaign_id} exists", zh="这个征集专题已经存在")
        conn.execute(insert(campaigns).values(**new.__dict__, state="open"))
        event = CampaignOpened(**{k: v for k, v in new.__dict__.items() if k != "region_code"})
        stream = f"campaign-{new.campaign_id}"
        append_own(conn, topics.feedback_events, stream, event, principal.actor())
        return campaign(conn, new.campaign_id)


def close_campaign(
    engine: Engine,
    topics: Topics,
    tree: OrgTree,
    principal: Principal,
    campaign_id: str,
    today: date,
) -> dict[str, Any]:
    with engine.connect() as conn:
        _visible(conn, tree, principal, campaign_id)
    with engine.begin() as conn:
        check_close(campaign(conn, campaign_id)["state"])
        conn.execute(
            update(campaigns)
            .where(campaigns.c.campaign_id == campaign_id)
            .values(state="closed", closed_on=today)
        )
        event = CampaignClosed(campaign_id=campaign_id, closed_on=today)
        stream = f"campaign-{campaign_id}"
        append_own(conn, topics.feedback_events, stream, event, principal.actor())
        return campaign(conn, campaign_id)


def list_campaigns(
    engine: Engine, tree: OrgTree, principal: Principal, state: str | None
) -> list[dict[str, Any]]:
    """The campaigns of the regions the caller may see, newest first."""
    q = select(campaigns).order_by(campaigns.c.starts_on.desc())
    if state is not None:
        q = q.where(campaigns.c.state == state)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
    return [r for r in rows if may_see(principal, r["region_code"], tree)]


def one_campaign(
    engine: Engine, tree: OrgTree, principal: Principal, campaign_id: str
) -> dict[str, Any]:
    with engine.connect() as conn:
        found = _visible(conn, tree, principal, campaign_id)
        found["statistics"] = campaign_stats(conn, campaign_id)
    return found


def open_today(engine: Engine, today: date) -> list[dict[str, Any]]:
    """The campaigns open for suggestions today (the public page lists them)."""
    c = campaigns.c
    q = (
        select(c.campaign_id, c.topic, c.description, c.starts_on, c.ends_on, c.target)
        .where(c.state == "open", c.starts_on <= today, c.ends_on >= today)
        .order_by(c.ends_on)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def _visible(
    conn: Connection, tree: OrgTree, principal: Principal, campaign_id: str
) -> dict[str, Any]:
    found = campaign(conn, campaign_id)
    if not may_see(principal, found["region_code"], tree):
        raise Forbidden("this campaign is outside your region", zh="这个征集专题不在您的地区")
    return found
