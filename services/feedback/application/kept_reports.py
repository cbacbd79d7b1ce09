"""Kept satisfaction reports: the scheduler generates each region's weekly report (周报, the
Monday-to-Sunday week just ended) and monthly report (月报, the month just ended) once, and
keeps the report as it was then; a region's leaders list and reprint them later.

Idempotent: a period already kept is never generated again, so a second tick, or a restart,
keeps exactly one report per region, cadence and period; a tick on any day keeps the latest
finished week and month, so a missed Monday or 1st only catches up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from services.feedback.application import report
from services.feedback.application.satisfaction import scoped
from services.feedback.domain.access import may_see
from services.feedback.domain.errors import NotFound, OutsideScope
from services.feedback.tables import kept_reports
from shared.auth.roles import Principal
from shared.clock import as_utc
from shared.refdata import ReferenceData
from shared.service.logging import get_logger

log = get_logger("services.feedback")

Cadence = Literal["week", "month"]
CADENCES: tuple[Cadence, ...] = ("week", "month")


def finished_period(cadence: Cadence, today: date) -> tuple[date, date]:
    """The latest week (Monday to Sunday) or calendar month that ended before ``today``."""
    if cadence == "week":
        end = today - timedelta(days=today.weekday() + 1)
        return end - timedelta(days=6), end
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


class Keeper:
    """Generates and keeps every region's satisfaction report for the week and month just
    ended."""

    def __init__(
        self,
        engine: Engine,
        refdata: ReferenceData,
        cfg: report.ModelConfig,
        now: Callable[[], datetime],
    ) -> None:
        self.engine = engine
        self.refdata = refdata
        self.cfg = cfg
        self.now = now

    def keep_due(self, today: date) -> int:
        return sum(self.keep(c, *finished_period(c, today)) for c in CADENCES)

    def keep(self, cadence: Cadence, start: date, end: date) -> int:
        k = kept_reports.c
        with self.engine.connect() as conn:
            have = set(
                conn.execute(
                    select(k.region_code).where(k.cadence == cadence, k.period_start == start)
                ).scalars()
            )
            missing = [code for code in self.refdata.regions if code not in have]
            if not missing:
                return 0
            found = report.build(conn, self.refdata, start, end, self.cfg)
        at = self.now()
        rows = [
            {
                "region_code": code,
                "cadence": cadence,
                "period_start": start,
                "period_end": end,
                "generated_at": at,
                "body": json.dumps(
                    scoped(found, self.refdata, code, self.cfg), ensure_ascii=False, default=str
                ),
            }
            for code in missing
        ]
        with self.engine.begin() as conn:
            return insert_new(conn, kept_reports, rows)


def insert_new(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose keys are not there yet (never overwrite); how many went in."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    keys = [c.name for c in table.primary_key.columns]
    stmt = insert(table).on_conflict_do_nothing(index_elements=keys)
    return sum(conn.execute(stmt, [row]).rowcount for row in rows)


def keep_due(keeper: Keeper, today: Callable[[], date]) -> None:
    """One tick of feedback's periodic work (``shared.service.periodic`` runs it)."""
    kept = keeper.keep_due(today())
    if kept:
        log.info("satisfaction reports kept", reports=kept)


def _check(refdata: ReferenceData, principal: Principal, region: str) -> None:
    tree = refdata.org_tree
    if not tree.is_region(region):
        raise NotFound(f"no region {region!r}")
    if not may_see(principal, region, tree):
        raise OutsideScope(region)


def _summary(row: Any, name: str) -> dict[str, Any]:
    return {
        "region": row.region_code,
        "name": name,
        "cadence": row.cadence,
        "period": {"start": row.period_start, "end": row.period_end},
        "generated_at": as_utc(row.generated_at),
    }


def list_kept(
    engine: Engine, refdata: ReferenceData, principal: Principal, region: str
) -> dict[str, Any]:
    """A region's kept reports, newest period first (the caller's own region or below)."""
    _check(refdata, principal, region)
    k = kept_reports.c
    q = (
        select(k.region_code, k.cadence, k.period_start, k.period_end, k.generated_at)
        .where(k.region_code == region)
        .order_by(k.period_start.desc(), k.cadence)
    )
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    name = refdata.region_name(region)
    return {"region": region, "items": [_summary(r, name) for r in rows]}


def read_kept(
    engine: Engine,
    refdata: ReferenceData,
    principal: Principal,
    region: str,
    cadence: Cadence,
    start: date,
) -> dict[str, Any]:
    """One kept report: when and for what it was generated, and its body as it was then."""
    _check(refdata, principal, region)
    k = kept_reports.c
    q = select(kept_reports).where(
        k.region_code == region, k.cadence == cadence, k.period_start == start
    )
    with engine.connect() as conn:
        row = conn.execute(q).one_or_none()
    if row is None:
        raise NotFound(f"no kept {cadence} report of {region} from {start}")
    return {**_summary(row, refdata.region_name(region)), "body": json.loads(row.body)}
