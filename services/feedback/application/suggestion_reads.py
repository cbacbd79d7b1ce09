"""Searching the suggestion database: full text (FTS5 bigrams on SQLite, ILIKE elsewhere)
plus filters, and the per-campaign statistics."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, and_, func, literal_column, or_, select, text

from services.feedback.domain.grams import fts_match
from services.feedback.tables import campaigns, screening, suggestions

_COLUMNS = (
    suggestions,
    screening.c.state.label("screening_state"),
    screening.c.valuable,
)


@dataclass(frozen=True)
class SuggestionFilter:
    q: str | None = None
    campaign_id: str | None = None
    channel: str | None = None
    category: str | None = None  # a major or minor code: every code under it
    regions: Collection[str] | None = None  # None: everywhere
    received_from: date | None = None
    received_to: date | None = None
    state: str | None = None  # new | screened | forwarded | answered
    valuable: bool | None = None


def _base() -> Select[Any]:
    on = screening.c.petition_id == suggestions.c.petition_id
    return select(*_COLUMNS).select_from(suggestions.outerjoin(screening, on))


def _text_condition(conn: Connection, q: str) -> Any:
    s = suggestions.c
    if conn.dialect.name == "sqlite":
        match = fts_match(q)
        if match is None:
            return None
        ids = text("SELECT petition_id FROM fb_suggestion_fts WHERE grams MATCH :m").bindparams(
            m=match
        )
        return s.petition_id.in_(ids.columns(suggestions.c.petition_id))
    terms = [t for t in q.split() if t]
    like = [
        or_(s.title.ilike(f"%{_escape(t)}%"), s.content.ilike(f"%{_escape(t)}%")) for t in terms
    ]
    return and_(*like) if like else None


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(conn: Connection, f: SuggestionFilter) -> list[Any]:
    s = suggestions.c
    found: list[Any] = []
    if f.q:
        cond = _text_condition(conn, f.q)
        if cond is not None:
            found.append(cond)
    if f.campaign_id is not None:
        found.append(s.campaign_id == f.campaign_id)
    if f.channel is not None:
        found.append(s.channel == f.channel)
    if f.category is not None:
        found.append(s.category_code.startswith(f.category, autoescape=True))
    if f.regions is not None:
        found.append(s.region_code.in_(sorted(f.regions)))
    if f.received_from is not None:
        found.append(s.received_on >= f.received_from)
    if f.received_to is not None:
        found.append(s.received_on <= f.received_to)
    if f.state == "new":
        found.append(screening.c.state.is_(None))
    elif f.state is not None:
        found.append(screening.c.state == f.state)
    if f.valuable is not None:
        found.append(screening.c.valuable.is_(f.valuable))
    return found


def search(conn: Connection, f: SuggestionFilter, limit: int, offset: int) -> list[dict[str, Any]]:
    q = (
        _base()
        .where(*_conditions(conn, f))
        .order_by(suggestions.c.received_on.desc(), suggestions.c.petition_id)
        .limit(limit)
        .offset(offset)
    )
    return [_shown(r) for r in conn.execute(q)]


def count(conn: Connection, f: SuggestionFilter) -> int:
    q = select(func.count()).select_from(_base().where(*_conditions(conn, f)).subquery())
    return int(conn.execute(q).scalar_one())


def one(conn: Connection, petition_id: str) -> dict[str, Any] | None:
    row = conn.execute(_base().where(suggestions.c.petition_id == petition_id)).first()
    return _shown(row) if row is not None else None


def _shown(row: Any) -> dict[str, Any]:
    d = dict(row._mapping)
    d["screening_state"] = d["screening_state"] or "new"
    return d


def campaign_stats(conn: Connection, campaign_id: str) -> dict[str, Any]:
    s, sc = suggestions.c, screening.c
    on = sc.petition_id == s.petition_id
    base = suggestions.outerjoin(screening, on)
    where = s.campaign_id == campaign_id
    by_channel: dict[str, int] = dict(
        conn.execute(select(s.channel, func.count()).where(where).group_by(s.channel)).all()
    )
    by_region: dict[str, int] = dict(
        conn.execute(select(s.region_code, func.count()).where(where).group_by(s.region_code)).all()
    )
    # A literal, not a bound parameter: PostgreSQL must see one expression in both places.
    state = func.coalesce(sc.state, literal_column("'new'"))
    states: dict[str, int] = dict(
        conn.execute(
            select(state, func.count()).select_from(base).where(where).group_by(state)
        ).all()
    )
    valuable = conn.execute(
        select(func.count()).select_from(base).where(where, sc.valuable.is_(True))
    ).scalar_one()
    total = sum(by_channel.values())
    target = conn.execute(
        select(campaigns.c.target_count).where(campaigns.c.campaign_id == campaign_id)
    ).scalar()
    return {
        "suggestions": total,
        "by_channel": by_channel,
        "by_region": by_region,
        "by_state": states,
        "valuable": int(valuable),
        "target_count": target,
        "progress": round(total / target, 4) if target else None,
    }
