"""Guidance letters on file: whether a region has one for a period, and issuing the next
of the year's series (the weak points it names are ``domain.letters``)."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from services.index.domain.access import ensure_may_read
from services.index.domain.periods import Period
from services.index.tables import letters
from shared.auth.roles import Principal
from shared.refdata import OrgTree
from shared.schemas.index import GuidanceLetterIssued, WeakPoint


def already_issued(conn: Connection, region: str, period: Period) -> bool:
    q = select(letters.c.letter_id).where(
        letters.c.region_code == region,
        letters.c.period_start == period.start,
        letters.c.period_end == period.end,
    )
    return conn.execute(q).first() is not None


def issue(
    conn: Connection, region: str, period: Period, points: list[WeakPoint], issued_on: date
) -> GuidanceLetterIssued:
    """Take the next number of the year and record the letter (the caller appends the event
    in the same transaction; the unique (year, number) refuses a concurrent duplicate)."""
    year = issued_on.year
    last = conn.execute(select(func.max(letters.c.number)).where(letters.c.year == year)).scalar()
    letter = GuidanceLetterIssued(
        letter_id=uuid.uuid4().hex,
        year=year,
        number=(last or 0) + 1,
        region_code=region,
        period_start=period.start,
        period_end=period.end,
        issued_on=issued_on,
        weak_points=tuple(points),
    )
    conn.execute(
        insert(letters).values(
            letter_id=letter.letter_id,
            year=year,
            number=letter.number,
            region_code=region,
            period_start=period.start,
            period_end=period.end,
            issued_on=issued_on,
            body=json.dumps(letter.model_dump(mode="json"), ensure_ascii=False),
        )
    )
    return letter


def list_letters(
    engine: Engine, tree: OrgTree, principal: Principal, region: str
) -> dict[str, Any]:
    """The guidance letters sent to a region, as issued."""
    ensure_may_read(principal, region, tree)
    q = select(letters.c.body).where(letters.c.region_code == region)
    with engine.connect() as conn:
        return {"items": [json.loads(b) for b in conn.execute(q).scalars()]}
