"""Uploaded attachments (``POST /api/v1/public/attachments``) taken by a petition: the
portal's submission, a registrar's registration and a handler's reply link them alike, in
the transaction that writes the event naming them, so a refused command leaves them free.

An attachment is taken once, by one petition: its row's ``petition_id`` is what lets
``GET /api/v1/petitions/{id}/attachments/{aid}`` serve it. The details the event records
(name, type, size, hash) are the upload's own, never the caller's.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select, update

from services.intake.domain.errors import PortalRefusal
from services.intake.tables import attachments
from shared.schemas.commands import AttachmentDetails

GONE = "附件已失效，请重新上传"
DESCRIBED_ONLY = "已上传的附件请通过 attachment_ids 关联"


def too_many(limit: int) -> str:
    return f"附件最多 {limit} 个"


def take(
    conn: Connection, ids: Sequence[str], limit: int, field: str = "body.attachment_ids"
) -> list[AttachmentDetails]:
    """The uploads named, in order, as the event records them; each must be uploaded, not
    taken by a petition yet and named once, and there may be at most ``limit``."""
    if len(ids) > limit:
        raise PortalRefusal(field, too_many(limit))
    if not ids:
        return []
    found = conn.execute(select(attachments).where(attachments.c.id.in_(list(ids)))).all()
    rows = {r.id: r for r in found}
    out: list[AttachmentDetails] = []
    for i, aid in enumerate(ids):
        row = rows.get(aid)
        if row is None or row.petition_id is not None or list(ids).index(aid) != i:
            raise PortalRefusal(f"{field}[{i}]", GONE)
        out.append(
            AttachmentDetails(
                id=row.id,
                name=row.name,
                media_type=row.media_type,
                size_bytes=row.size_bytes,
                sha256=row.sha256,
            )
        )
    return out


def check_described(described: Sequence[AttachmentDetails]) -> None:
    """Attachments a registrar only describes (a letter's enclosures kept on paper) name no
    stored file: an ``id`` there would be a link to bytes the petition never took."""
    for i, a in enumerate(described):
        if a.id is not None:
            raise PortalRefusal(f"body.attachments[{i}].id", DESCRIBED_ONLY)


def link(
    conn: Connection, ids: Sequence[str], petition_id: str, field: str = "body.attachment_ids"
) -> None:
    """The uploads now belong to ``petition_id``; one a concurrent command took since
    ``take`` read it refuses this one (the transaction writes nothing)."""
    if not ids:
        return
    done = conn.execute(
        update(attachments)
        .where(attachments.c.id.in_(list(ids)), attachments.c.petition_id.is_(None))
        .values(petition_id=petition_id)
    )
    if done.rowcount != len(ids):
        raise PortalRefusal(field, GONE)
