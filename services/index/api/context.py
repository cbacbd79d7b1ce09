"""What the index's routes share: the store (and its engine), reference data, the factor
model and a clock; and the role and period parameters its routes declare."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict

from services.index.application.assessment import Assessor
from services.index.application.scorecards import Scorer
from services.index.domain.model import Model
from services.index.domain.periods import PeriodQuery
from shared.auth.roles import Principal, Role
from shared.eventstore import EventStore
from shared.refdata import OrgTree, ReferenceData
from shared.schemas.fields import Day
from shared.service.auth import AUTH_RESPONSES, require_roles

READERS = (Role.LEADER, Role.PETITION_OFFICE, Role.INSPECTOR, Role.AUDITOR)
Reader = Annotated[Principal, Depends(require_roles(*READERS))]
Office = Annotated[Principal, Depends(require_roles(Role.PETITION_OFFICE))]
PeriodKind = Literal["day", "week", "month", "custom"]


class Body(BaseModel):
    """A command's body: unknown fields refused, text trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


@dataclass(frozen=True)
class ApiContext:
    store: EventStore
    refdata: ReferenceData
    model: Model
    today: Callable[[], date]

    @property
    def tree(self) -> OrgTree:
        return self.refdata.org_tree

    @property
    def scorer(self) -> Scorer:
        return Scorer(self.store.engine, self.refdata, self.model)

    @property
    def assessor(self) -> Assessor:
        return Assessor(self.store, self.refdata, self.model)


async def period_query(  # async: no I/O, so no worker-thread hop
    period: Annotated[PeriodKind, Query(description="day, week, month or custom")] = "month",
    start: Annotated[Day | None, Query(description="a day in the period; default today")] = None,
    end: Annotated[Day | None, Query(description="last day, for a custom period")] = None,
) -> PeriodQuery:
    return PeriodQuery(period, start, end)


PeriodArgs = Annotated[PeriodQuery, Depends(period_query)]


def index_router() -> APIRouter:
    """Every index router: one prefix, one tag, the answers of the auth layer."""
    return APIRouter(prefix="/api/v1/index", tags=["index"], responses=AUTH_RESPONSES)
