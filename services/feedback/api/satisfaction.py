"""Satisfaction figures, the model (scores, colours, ranks) and the report with charts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from services.feedback import model, report
from services.feedback.access import may_see
from services.feedback.api.context import ApiContext, period
from services.feedback.satisfaction_reads import tallies
from shared.auth.fastapi import require_roles
from shared.auth.roles import Principal, Role
from shared.schemas.fields import Day

READERS = (Role.LEADER, Role.PETITION_OFFICE, Role.INSPECTOR, Role.AUDITOR, Role.HANDLER)
Reader = Annotated[Principal, Depends(require_roles(*READERS))]
Leader = Annotated[
    Principal, Depends(require_roles(Role.LEADER, Role.PETITION_OFFICE, Role.AUDITOR))
]
From = Annotated[Day | None, Query(alias="from")]
To = Annotated[Day | None, Query(alias="to")]


def add_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.get(
        "/satisfaction", summary="Satisfaction rates by department, region, category or month"
    )
    def figures(
        principal: Reader,
        by: Literal["department", "region", "category", "major", "month"] = "region",
        start: From = None,
        end: To = None,
    ) -> Any:
        start, end = period(ctx, start, end)
        with ctx.engine.connect() as conn:
            found = tallies(conn, by, start, end, ctx.refs)
        rows = [
            {"code": k, **model.describe(pair, ctx.model.points)}
            for k, pair in sorted(found.items())
            if by in ("category", "major", "month") or may_see(principal, k, ctx.refs)
        ]
        if by == "region":
            for r in rows:
                r["colour"] = model.colour(r["score"], ctx.model.colours)
        return {"by": by, "from": start, "to": end, "groups": rows}

    @router.get("/satisfaction/report", summary="The satisfaction report for a period (JSON)")
    def full_report(principal: Leader, start: From = None, end: To = None) -> Any:
        return _report(ctx, principal, start, end)

    @router.get(
        "/satisfaction/report/charts/{name}.svg",
        summary="A chart of the report: regions, distribution or trend",
        response_class=Response,
    )
    def chart(name: str, principal: Leader, start: From = None, end: To = None) -> Response:
        from services.feedback import charts  # pygal only where charts are drawn

        if name not in charts.CHARTS:
            raise HTTPException(
                404, detail=f"no chart {name!r}; charts: {', '.join(charts.CHARTS)}"
            )
        svg = charts.render(name, _report(ctx, principal, start, end))
        return Response(svg, media_type="image/svg+xml")


def _report(ctx: ApiContext, principal: Principal, start: date | None, end: date | None) -> Any:
    start, end = period(ctx, start, end)
    with ctx.engine.connect() as conn:
        found = report.build(conn, ctx.refs, start, end, ctx.model)
    if principal.role in (Role.ADMIN, Role.AUDITOR):
        return found
    # A region's leader sees its own subtree, and its own region's roll-up as the total.
    root = ctx.refs.org_region(principal.org)
    found["regions"] = [r for r in found["regions"] if may_see(principal, r["code"], ctx.refs)]
    found["departments"] = [
        d for d in found["departments"] if may_see(principal, d["code"], ctx.refs)
    ]
    mine = next((r for r in found["regions"] if r["code"] == root), None)
    if mine is not None:
        found["overall"] = {k: mine[k] for k in ("rated", "unit", "result", "score")}
    if root != ctx.refs.data.city_code:
        # Category and month breakdowns are city-wide: only the city's leaders see them.
        found["categories"] = found["months"] = []
    return found
