"""Satisfaction as its readers see it: figures by group, the report and its charts, each cut
to what the caller may see."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine

from services.feedback.application import report
from services.feedback.application.satisfaction_reads import By, tallies
from services.feedback.domain import model
from services.feedback.domain.access import may_see
from services.feedback.domain.errors import NotFound, OutsideScope
from services.feedback.domain.model import Pair
from services.feedback.domain.period import period
from shared.auth.roles import Principal, Role
from shared.refdata import ReferenceData

# The views not keyed by an org: every reader sees all of them.
_CITY_WIDE = ("category", "major", "month")


def figures(
    engine: Engine,
    refdata: ReferenceData,
    cfg: report.ModelConfig,
    principal: Principal,
    by: By,
    *,
    start: date | None,
    end: date | None,
    today: date,
) -> dict[str, Any]:
    """Each group's figures for the period (the year to date by default); regions coloured."""
    start, end = period(today, start, end)
    with engine.connect() as conn:
        found = tallies(conn, by, start, end, refdata)
    tree = refdata.org_tree
    rows = [
        {"code": k, **model.describe(pair, cfg.points)}
        for k, pair in sorted(found.items())
        if by in _CITY_WIDE or may_see(principal, k, tree)
    ]
    if by == "region":
        for r in rows:
            r["colour"] = model.colour(r["score"], cfg.colours)
    return {"by": by, "from": start, "to": end, "groups": rows}


def satisfaction_report(
    engine: Engine,
    refdata: ReferenceData,
    cfg: report.ModelConfig,
    principal: Principal,
    *,
    start: date | None,
    end: date | None,
    today: date,
    region: str | None = None,
) -> dict[str, Any]:
    """The report the caller may see: ``region``'s (theirs or one below it) or, by default,
    their own region's; auditors and admins see the whole city unless they name a region."""
    tree = refdata.org_tree
    if region is not None:
        if not tree.is_region(region):
            raise NotFound(f"no region {region!r}")
        if not may_see(principal, region, tree):
            raise OutsideScope(region)
    start, end = period(today, start, end)
    with engine.connect() as conn:
        found = report.build(conn, refdata, start, end, cfg)
    if region is None and principal.role in (Role.ADMIN, Role.AUDITOR):
        return {**found, "analysis": report.analysis(found, refdata.region_name(refdata.city_code))}
    return scoped(found, refdata, region or tree.home_region(principal.org), cfg)


def scoped(
    found: dict[str, Any], refdata: ReferenceData, root: str, cfg: report.ModelConfig
) -> dict[str, Any]:
    """The city's report cut to ``root``'s subtree, with ``root``'s own roll-up as the total
    (nobody rated in it: no figures, never the city's)."""
    tree = refdata.org_tree
    found = dict(found)
    found["regions"] = [r for r in found["regions"] if tree.is_within(r["code"], root)]
    found["departments"] = [d for d in found["departments"] if tree.is_within(d["code"], root)]
    mine = next((r for r in found["regions"] if r["code"] == root), None)
    if mine is not None:
        found["overall"] = {k: mine[k] for k in ("rated", "unit", "result", "score")}
    elif root != refdata.city_code:
        found["overall"] = model.describe(Pair(), cfg.points)
    if root != refdata.city_code:
        # Category and month breakdowns are city-wide: only the city's leaders see them.
        found["categories"] = found["months"] = []
    found["analysis"] = report.analysis(found, refdata.region_name(root))
    return found


def chart(
    engine: Engine,
    refdata: ReferenceData,
    cfg: report.ModelConfig,
    principal: Principal,
    name: str,
    *,
    start: date | None,
    end: date | None,
    today: date,
) -> bytes:
    """One chart of the caller's report, as SVG."""
    from services.feedback.application import charts  # pygal only where charts are drawn

    if name not in charts.CHARTS:
        raise NotFound(f"no chart {name!r}; charts: {', '.join(charts.CHARTS)}")
    found = satisfaction_report(engine, refdata, cfg, principal, start=start, end=end, today=today)
    return charts.render(name, found)
