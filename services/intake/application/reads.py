"""Reading petitions as a caller may: one petition with its events, or a search."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Connection, Engine

from services.intake.application.petition_reads import Filters, filter_clause, scope_clause, search
from services.intake.domain import PetitionNotFound
from services.intake.domain.access import petition_facts
from services.intake.projections.rows import Row
from services.intake.projections.store import get_row, read_stream
from shared.auth import Principal
from shared.auth.scope import can_read, kept_from, read_filter
from shared.eventstore.db import read_only
from shared.refdata import OrgTree
from shared.schemas.catalog import EventEnvelope

# Where a petition names another (the row's columns).
LINK_FIELDS = ("repeat_candidate_of", "linked_to")


def load_petition(
    engine: Engine, tree: OrgTree, petition_id: uuid.UUID, principal: Principal, today: date
) -> tuple[Row, list[EventEnvelope], frozenset[str]]:
    """The row, its events, and the petitions it links to that are kept from the caller."""
    with engine.connect() as conn:
        conn = read_only(conn)
        pid = str(petition_id)
        row = get_row(conn, pid)
        # One answer for "absent" and "not yours": the accused unit learns nothing.
        if row is None or not can_read(principal, petition_facts(row, today), tree):
            raise PetitionNotFound(pid)
        return row, read_stream(conn, pid), _kept_links(conn, row, tree, principal, today)


def _kept_links(
    conn: Connection, row: Row, tree: OrgTree, principal: Principal, today: date
) -> frozenset[str]:
    """An earlier accusation of the same petitioner must not show through a later petition
    the accused unit may read (Art. 30)."""
    linked = (get_row(conn, row[k]) for k in LINK_FIELDS if row.get(k))
    return frozenset(
        o["id"] for o in linked if o and kept_from(principal, petition_facts(o, today), tree)
    )


def search_petitions(
    engine: Engine,
    tree: OrgTree,
    principal: Principal,
    today: date,
    filters: Filters,
    *,
    limit: int,
    after: int | None,
) -> tuple[list[Row], str | None]:
    """The petitions the caller may see that match ``filters``, newest first, a page at a
    time (``after``: the position a cursor names); and the next page's cursor."""
    where = scope_clause(read_filter(principal), tree, today) & filter_clause(filters, tree, today)
    with engine.connect() as conn:
        return search(read_only(conn), where, limit=limit, after=after)
