"""HTTP API: scorecards, health-check reports, measures, letters, surges, statistics (reads);
disputes, staff scores, assessments and surge checks (commands); custom charts (saved by
their owners). Routes parse, check the role, call."""

from __future__ import annotations

from fastapi import APIRouter

from services.index.api import (
    assessments,
    charts,
    disputes,
    kept_reports,
    letters,
    measures,
    scorecards,
    staff_scores,
    stats,
    surges,
)
from services.index.api.context import ApiContext


def make_routers(ctx: ApiContext) -> list[APIRouter]:
    return [
        scorecards.make_router(ctx),
        measures.make_router(ctx),
        letters.make_router(ctx),
        surges.make_router(ctx),
        disputes.make_router(ctx),
        staff_scores.make_router(ctx),
        assessments.make_router(ctx),
        stats.make_router(ctx),
        kept_reports.make_router(ctx),
        charts.make_router(ctx),
    ]


__all__ = ["make_routers"]
