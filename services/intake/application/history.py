"""The domain's ``PetitionHistory`` port over the ``petitions`` table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select

from services.intake.domain import EarlierPetition
from services.intake.tables import petitions
from shared.schemas.petition import Level

_COLUMNS = (
    petitions.c.id,
    petitions.c.tracking_code,
    petitions.c.category_code,
    petitions.c.received_on,
    petitions.c.receiving_level,
    petitions.c.status,
)
# Enough for any real petitioner; a bound keeps a pathological key from loading a table.
_MAX_EARLIER = 500


def _earlier(r: Mapping[Any, Any]) -> EarlierPetition:
    return EarlierPetition(
        petition_id=r["id"],
        tracking_code=r["tracking_code"],
        category_code=r["category_code"],
        received_on=r["received_on"],
        receiving_level=Level(r["receiving_level"]),
        concluded=r["status"] == "re_reviewed",
    )


class SqlHistory:
    """Earlier petitions, read on the unit of work's connection (so it sees its own writes)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def by_petitioner(self, petitioner_key: str) -> Sequence[EarlierPetition]:
        rows = self._conn.execute(_BY_PETITIONER, {"key": petitioner_key}).mappings()
        return [_earlier(r) for r in rows]

    def get(self, petition_id: str) -> EarlierPetition | None:
        found = self._conn.execute(_BY_ID, {"pid": petition_id}).mappings().first()
        return _earlier(found) if found is not None else None


# Built once: registration runs the petitioner look-up on every call.
_BY_PETITIONER = (
    select(*_COLUMNS)
    .where(petitions.c.petitioner_key == bindparam("key"))
    .order_by(petitions.c.received_on.desc())
    .limit(_MAX_EARLIER)
)
_BY_ID = select(*_COLUMNS).where(petitions.c.id == bindparam("pid"))
