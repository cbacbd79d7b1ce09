"""Kept health checks (体检表): the scheduler generates each region's weekly report (周报,
the Monday-to-Sunday week just ended) and monthly report (月报, the month just ended) once,
and keeps the report's body as it was then; leaders list and reprint them later.

Generation is idempotent: a period already kept is never generated again, so the scheduler
ticking twice, or a restart, keeps exactly one report per region, cadence and period. A tick
on any day keeps the latest finished week and month: a missed Monday or 1st only catches up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from services.index.application.scorecards import Scorer
from services.index.domain import report
from services.index.domain.access import ensure_may_read
from services.index.domain.errors import Unknown
from services.index.domain.periods import Period, month_of, week_of
from services.index.tables import kept_reports
from shared.auth.roles import Principal
from shared.clock import as_utc
from shared.refdata import ReferenceData

Cadence = Literal["week", "month"]
CADENCES: tuple[Cadence, ...] = ("week", "month")


def finished_period(cadence: Cadence, today: date) -> Period:
    """The latest week (Monday to Sunday) or calendar month that ended before ``today``."""
    if cadence == "week":
        return week_of(today - timedelta(days=today.weekday() + 1))
    return month_of(today.replace(day=1) - timedelta(days=1))


class Keeper:
    """Generates and keeps every region's health check for the finished week and month."""

    def __init__(self, scorer: Scorer, now: Callable[[], datetime]) -> None:
        self.scorer = scorer
        self.now = now

    def keep_due(self, today: date) -> int:
        """Keep the reports of the week and month just ended not kept yet; how many."""
        return sum(self.keep(cadence, finished_period(cadence, today)) for cadence in CADENCES)

    def keep(self, cadence: Cadence, period: Period) -> int:
        tree = self.scorer.data.org_tree
        with self.scorer.engine.connect() as conn:
            have = set(
                conn.execute(
                    select(kept_reports.c.region_code).where(
                        kept_reports.c.cadence == cadence,
                        kept_reports.c.period_start == period.start,
                    )
                ).scalars()
            )
        missing = [code for code in self.scorer.data.regions if code not in have]
        if not missing:
            return 0
        cards = self.scorer.regions(period)
        at = self.now()
        rows = [
            {
                "region_code": code,
                "cadence": cadence,
                "period_start": period.start,
                "period_end": period.end,
                "generated_at": at,
                "body": json.dumps(
                    report.build(
                        cards[code], [cards[c] for c in tree.children.get(code, ()) if c in cards]
                    ),
                    ensure_ascii=False,
                ),
            }
            for code in missing
        ]
        with self.scorer.engine.begin() as conn:
            return insert_new(conn, kept_reports, rows)


def insert_new(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose keys are not there yet (never overwrite); how many went in."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    keys = [c.name for c in table.primary_key.columns]
    stmt = insert(table).on_conflict_do_nothing(index_elements=keys)
    return sum(conn.execute(stmt, [row]).rowcount for row in rows)


def _summary(row: Any, name: str) -> dict[str, Any]:
    return {
        "region": row.region_code,
        "name": name,
        "cadence": row.cadence,
        "period": {"start": row.period_start, "end": row.period_end},
        "generated_at": as_utc(row.generated_at),
    }


def list_kept(
    engine: Engine, data: ReferenceData, principal: Principal, region: str
) -> dict[str, Any]:
    """A region's kept reports, newest period first (the caller's own region or below)."""
    tree = data.org_tree
    if not tree.is_region(region):
        raise Unknown(f"no region {region!r}")
    ensure_may_read(principal, region, tree)
    k = kept_reports.c
    q = (
        select(k.region_code, k.cadence, k.period_start, k.period_end, k.generated_at)
        .where(k.region_code == region)
        .order_by(k.period_start.desc(), k.cadence)
    )
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    name = data.region_name(region)
    return {"region": region, "items": [_summary(r, name) for r in rows]}


def read_kept(
    engine: Engine,
    data: ReferenceData,
    principal: Principal,
    region: str,
    cadence: Cadence,
    start: date,
) -> dict[str, Any]:
    """One kept report: when and for what it was generated, and its body as it was then."""
    tree = data.org_tree
    if not tree.is_region(region):
        raise Unknown(f"no region {region!r}")
    ensure_may_read(principal, region, tree)
    k = kept_reports.c
    q = select(kept_reports).where(
        k.region_code == region, k.cadence == cadence, k.period_start == start
    )
    with engine.connect() as conn:
        row = conn.execute(q).one_or_none()
    if row is None:
        raise Unknown(f"no kept {cadence} report of {region} from {start}")
    return {**_summary(row, data.region_name(region)), "body": json.loads(row.body)}
