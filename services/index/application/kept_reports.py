"""Kept health checks (体检表, ``shared.service.kept``): each region's weekly and monthly
report, generated once from the scorecards of the period and kept as it was then."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from services.index.application.scorecards import Scorer
from services.index.domain import report
from services.index.domain.access import ensure_may_read
from services.index.domain.errors import Unknown
from services.index.domain.periods import Period, month_of, week_of
from services.index.tables import kept_reports
from shared.auth.roles import Principal
from shared.refdata import ReferenceData
from shared.service.kept import CADENCES, Cadence, Shelf, finished_period

SHELF = Shelf(kept_reports)


class Keeper:
    """Generates and keeps every region's health check for the finished week and month."""

    def __init__(self, scorer: Scorer, now: Callable[[], datetime]) -> None:
        self.scorer = scorer
        self.now = now

    def keep_due(self, today: date) -> int:
        """Keep the reports of the week and month just ended not kept yet; how many."""
        return sum(self.keep(cadence, _period(cadence, today)) for cadence in CADENCES)

    def keep(self, cadence: Cadence, period: Period) -> int:
        data = self.scorer.data
        with self.scorer.engine.connect() as conn:
            missing = SHELF.missing(conn, list(data.regions), cadence, period.start)
        if not missing:
            return 0
        cards = self.scorer.regions(period)
        children = data.org_tree.children
        bodies = {
            code: report.build(
                cards[code], [cards[c] for c in children.get(code, ()) if c in cards]
            )
            for code in missing
        }
        with self.scorer.engine.begin() as conn:
            return SHELF.put(conn, cadence, (period.start, period.end), self.now(), bodies)


def _period(cadence: Cadence, today: date) -> Period:
    start, _ = finished_period(cadence, today)
    return week_of(start) if cadence == "week" else month_of(start)


def _check(data: ReferenceData, principal: Principal, region: str) -> None:
    tree = data.org_tree
    if not tree.is_region(region):
        raise Unknown(f"no region {region!r}")
    ensure_may_read(principal, region, tree)


def list_kept(
    engine: Engine, data: ReferenceData, principal: Principal, region: str
) -> dict[str, Any]:
    """A region's kept reports, newest period first (the caller's own region or below)."""
    _check(data, principal, region)
    return SHELF.list(engine, region, data.region_name(region))


def read_kept(
    engine: Engine,
    data: ReferenceData,
    principal: Principal,
    region: str,
    cadence: Cadence,
    start: date,
) -> dict[str, Any]:
    """One kept report: when and for what it was generated, and its body as it was then."""
    _check(data, principal, region)
    found = SHELF.read(engine, region, data.region_name(region), cadence, start)
    if found is None:
        raise Unknown(f"no kept {cadence} report of {region} from {start}")
    return found
