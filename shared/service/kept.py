"""Kept reports, as the index keeps its health checks (体检表) and feedback its satisfaction
reports: a scheduled tick generates each region's weekly report (周报, the Monday-to-Sunday
week just ended) and monthly report (月报, the month just ended) once, and keeps its body as it
was then, so a leader files and reprints the same report later.

Each service keeps its own in a table of its own database (``kept_table``), command side and
never emptied by a rebuild. What a service adds is how a report is made and who may read it;
the table, the periods, the idempotent write and the answers are here.

Idempotent: a period already kept is never generated again, so a second tick or a restart
keeps exactly one report per region, cadence and period; a tick on any day keeps the latest
finished week and month, so a missed Monday or 1st only catches up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from shared.clock import as_utc

Cadence = Literal["week", "month"]
CADENCES: tuple[Cadence, ...] = ("week", "month")


def kept_table(name: str, metadata: MetaData) -> Table:
    """One report per region, cadence and period, with the body as JSON text."""
    return Table(
        name,
        metadata,
        Column("region_code", String(64), primary_key=True),
        Column("cadence", String(8), primary_key=True),  # "week" or "month"
        Column("period_start", Date, primary_key=True),
        Column("period_end", Date, nullable=False),
        Column("generated_at", DateTime(timezone=True), nullable=False),
        Column("body", Text, nullable=False),
    )


def finished_period(cadence: Cadence, today: date) -> tuple[date, date]:
    """The latest week (Monday to Sunday) or calendar month that ended before ``today``:
    its first and last day."""
    if cadence == "week":
        end = today - timedelta(days=today.weekday() + 1)
        return end - timedelta(days=6), end
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


@dataclass(frozen=True)
class Shelf:
    """A service's kept reports, in ``table`` (made by ``kept_table``)."""

    table: Table

    def missing(
        self, conn: Connection, regions: list[str], cadence: Cadence, start: date
    ) -> list[str]:
        """The regions whose report of the period is not kept yet."""
        k = self.table.c
        q = select(k.region_code).where(k.cadence == cadence, k.period_start == start)
        have = set(conn.execute(q).scalars())
        return [code for code in regions if code not in have]

    def put(
        self,
        conn: Connection,
        cadence: Cadence,
        period: tuple[date, date],
        at: datetime,
        bodies: dict[str, Any],
    ) -> int:
        """Keep each region's body unless one is kept already (never overwrite); how many
        went in."""
        rows = [
            {
                "region_code": code,
                "cadence": cadence,
                "period_start": period[0],
                "period_end": period[1],
                "generated_at": at,
                "body": json.dumps(body, ensure_ascii=False, default=str),
            }
            for code, body in bodies.items()
        ]
        insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        keys = [c.name for c in self.table.primary_key.columns]
        stmt = insert(self.table).on_conflict_do_nothing(index_elements=keys)
        return sum(conn.execute(stmt, [row]).rowcount for row in rows)

    def list(self, engine: Engine, region: str, name: str) -> dict[str, Any]:
        """A region's kept reports, newest period first (``KeptList``)."""
        k = self.table.c
        q = (
            select(k.region_code, k.cadence, k.period_start, k.period_end, k.generated_at)
            .where(k.region_code == region)
            .order_by(k.period_start.desc(), k.cadence)
        )
        with engine.connect() as conn:
            rows = conn.execute(q).all()
        return {"region": region, "items": [_summary(r, name) for r in rows]}

    def read(
        self, engine: Engine, region: str, name: str, cadence: Cadence, start: date
    ) -> dict[str, Any] | None:
        """One kept report as it was generated (``KeptReport``), or None."""
        k = self.table.c
        q = select(self.table).where(
            k.region_code == region, k.cadence == cadence, k.period_start == start
        )
        with engine.connect() as conn:
            row = conn.execute(q).one_or_none()
        if row is None:
            return None
        return {**_summary(row, name), "body": json.loads(row.body)}


def _summary(row: Any, name: str) -> dict[str, Any]:
    return {
        "region": row.region_code,
        "name": name,
        "cadence": row.cadence,
        "period": {"start": row.period_start, "end": row.period_end},
        "generated_at": as_utc(row.generated_at),
    }


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KeptPeriod(_Answer):
    start: date
    end: date  # inclusive


class KeptSummary(_Answer):
    region: str
    name: str
    cadence: Cadence
    period: KeptPeriod
    generated_at: datetime


class KeptList(_Answer):
    region: str
    items: list[KeptSummary]


class KeptReport(KeptSummary):
    body: dict[str, Any]
