"""Kept satisfaction reports (``shared.service.kept``): each region's weekly and monthly
report, generated once from the city's report of the period cut to the region, and kept as it
was then."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from services.feedback.application import report
from services.feedback.application.satisfaction import scoped
from services.feedback.domain.access import may_see
from services.feedback.domain.errors import NotFound, OutsideScope
from services.feedback.tables import kept_reports
from shared.auth.roles import Principal
from shared.refdata import ReferenceData
from shared.service.kept import CADENCES, Cadence, Shelf, finished_period
from shared.service.logging import get_logger

log = get_logger("services.feedback")
SHELF = Shelf(kept_reports)


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
        with self.engine.connect() as conn:
            missing = SHELF.missing(conn, list(self.refdata.regions), cadence, start)
            if not missing:
                return 0
            found = report.build(conn, self.refdata, start, end, self.cfg)
        bodies = {code: scoped(found, self.refdata, code, self.cfg) for code in missing}
        with self.engine.begin() as conn:
            return SHELF.put(conn, cadence, (start, end), self.now(), bodies)


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


def list_kept(
    engine: Engine, refdata: ReferenceData, principal: Principal, region: str
) -> dict[str, Any]:
    """A region's kept reports, newest period first (the caller's own region or below)."""
    _check(refdata, principal, region)
    return SHELF.list(engine, region, refdata.region_name(region))


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
    found = SHELF.read(engine, region, refdata.region_name(region), cadence, start)
    if found is None:
        raise NotFound(f"no kept {cadence} report of {region} from {start}")
    return found
