"""Reading petitions as a caller may: one petition with its events, or a search."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Connection, Engine, select

from services.intake.application.petition_reads import Filters, filter_clause, scope_clause, search
from services.intake.domain import PetitionNotFound
from services.intake.domain.access import petition_facts
from services.intake.projections.rows import Row
from services.intake.projections.store import get_row, read_stream
from services.intake.tables import attachments
from shared.auth import Principal
from shared.auth.scope import can_read, kept_from, may_see_content, read_filter
from shared.blobstore import BlobMissing, BlobStore
from shared.errors import NotFound
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


def read_attachment(
    engine: Engine,
    tree: OrgTree,
    blobs: BlobStore,
    petition_id: uuid.UUID,
    attachment_id: uuid.UUID,
    principal: Principal,
    today: date,
) -> tuple[str, str, bytes]:
    """An attachment's name, type and bytes, for whoever may read the petition's content
    (an accusation's attachments are kept from the accused unit, Art. 30). Every refusal is
    the same 404."""
    row, _, _ = load_petition(engine, tree, petition_id, principal, today)
    missing = NotFound("no such attachment")
    if not may_see_content(principal, petition_facts(row, today), tree):
        raise missing
    q = select(attachments).where(
        attachments.c.id == str(attachment_id), attachments.c.petition_id == row["id"]
    )
    with engine.connect() as conn:
        found = read_only(conn).execute(q).first()
    if found is None:
        raise missing
    try:
        return found.name, found.media_type, blobs.get(found.id)
    except BlobMissing:
        raise missing from None


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
        rows, cursor = search(read_only(conn), where, limit=limit, after=after)
    if filters.tracking_code is not None:
        # Found by its code only where the caller may see the code (an auditor of the
        # accused unit reads that an accusation exists, never its code): else the search
        # would tell which petition a code it holds belongs to. One code, one row at most.
        rows = [r for r in rows if may_see_content(principal, petition_facts(r, today), tree)]
    return rows, cursor
