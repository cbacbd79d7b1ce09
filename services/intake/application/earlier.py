"""Earlier petitions of one person, while a registrar types the ID number: the repeat
candidate registration will record (``registration.find_repeat``) before it is recorded.

The ID number becomes the petitioner key (an HMAC, ``identity.petitioner_key``) at once and is
never stored, logged or returned; the look-up runs on the key's index, cut to the petitions
the caller may read, exactly as a search would cut it (``scope_clause``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from services.intake.application.petition_reads import scope_clause
from services.intake.domain.access import petition_facts
from services.intake.domain.context import EarlierPetition
from services.intake.domain.identity import petitioner_key
from services.intake.domain.registration import find_repeat
from services.intake.projections.rows import Row
from services.intake.tables import petitions
from shared.auth import Principal
from shared.auth.scope import may_see_content, read_filter
from shared.eventstore.db import read_only
from shared.eventstore.tables import events
from shared.refdata import OrgTree
from shared.schemas.catalog import decode_event
from shared.schemas.petition import Level

# A registrar needs the recent ones; a bound keeps one key from loading a table.
MAX_EARLIER = 50


@dataclass(frozen=True)
class Lookup:
    id_number: str
    category_code: str | None
    window_days: int


def earlier_petitions(
    engine: Engine,
    tree: OrgTree,
    secret: bytes,
    principal: Principal,
    today: date,
    lookup: Lookup,
) -> list[dict[str, Any]]:
    """The caller's readable petitions of the person, the same category first, then the
    newest; ``repeat_candidate`` marks the one registering today would name."""
    key = petitioner_key(lookup.id_number, secret)
    p = petitions.c
    where = (p.petitioner_key == key) & scope_clause(read_filter(principal), tree, today)
    q = select(petitions).where(where).order_by(p.received_on.desc(), p.seq.desc())
    with engine.connect() as conn:
        conn = read_only(conn)
        rows = [dict(r) for r in conn.execute(q.limit(MAX_EARLIER)).mappings()]
        titles = _titles(conn, [r["id"] for r in rows])
    repeat = _repeat_of(rows, lookup, today)
    items = [_item(r, titles.get(r["id"]), lookup, repeat, principal, tree, today) for r in rows]
    items.sort(key=lambda i: not i["same_category"])  # stable: newest first within each
    return items


def _repeat_of(rows: list[Row], lookup: Lookup, today: date) -> str | None:
    if lookup.category_code is None:
        return None
    earlier = [
        EarlierPetition(
            r["id"],
            r["tracking_code"],
            r["category_code"],
            r["received_on"],
            Level(r["receiving_level"]),
        )
        for r in rows
    ]
    found = find_repeat(earlier, lookup.category_code, today, lookup.window_days)
    return found.petition_id if found else None


def _titles(conn: Any, ids: list[str]) -> dict[str, str]:
    """Each petition's title, from its registration (the table holds no content)."""
    if not ids:
        return {}
    q = select(events.c.stream_id, events.c.data).where(
        events.c.stream_id.in_(ids), events.c.stream_version == 1
    )
    found: dict[str, str] = {}
    for stream_id, data in conn.execute(q):
        title = getattr(decode_event(data).payload, "title", None)
        if isinstance(title, str):
            found[stream_id] = title
    return found


def _item(
    row: Row,
    title: str | None,
    lookup: Lookup,
    repeat: str | None,
    principal: Principal,
    tree: OrgTree,
    today: date,
) -> dict[str, Any]:
    # Who may read the petition but not its content (an auditor of an accused unit cannot
    # get here: only registrars and petition offices look up) still gets no title or code.
    content = may_see_content(principal, petition_facts(row, today), tree)
    return {
        "id": row["id"],
        "tracking_code": row["tracking_code"] if content else None,
        "category_code": row["category_code"],
        "status": row["status"],
        "received_on": row["received_on"],
        "title": title if content else None,
        "same_category": lookup.category_code == row["category_code"],
        "repeat_candidate": row["id"] == repeat,
    }
