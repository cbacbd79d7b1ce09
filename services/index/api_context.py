"""What the index's routes share: the engine, store, reference data, model and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Query

from services.index.access import may_read
from services.index.assessment import Assessor
from services.index.model import Model
from services.index.periods import Period, make_period
from services.index.refs import Refs
from services.index.scorecards import Scorer
from shared.auth.fastapi import forbidden, require_roles
from shared.auth.roles import Principal, Role
from shared.eventstore import EventStore
from shared.schemas.fields import Day

READERS = (Role.LEADER, Role.PETITION_OFFICE, Role.INSPECTOR, Role.AUDITOR)
Reader = Annotated[Principal, Depends(require_roles(*READERS))]
Office = Annotated[Principal, Depends(require_roles(Role.PETITION_OFFICE))]
PeriodKind = Literal["day", "week", "month", "custom"]


@dataclass(frozen=True)
class ApiContext:
    store: EventStore
    refs: Refs
    model: Model
    today: Callable[[], date]

    @property
    def scorer(self) -> Scorer:
        return Scorer(self.store.engine, self.refs, self.model)

    @property
    def assessor(self) -> Assessor:
        return Assessor(self.store, self.refs, self.model)

    def check_read(self, principal: Principal, subject: str) -> None:
        if not may_read(principal, subject, self.refs):
            raise forbidden(f"{subject} is outside your org")


async def period_query(  # async: no I/O, so no worker-thread hop
    period: Annotated[PeriodKind, Query(description="day, week, month or custom")] = "month",
    start: Annotated[Day | None, Query(description="a day in the period; default today")] = None,
    end: Annotated[Day | None, Query(description="last day, for a custom period")] = None,
) -> tuple[PeriodKind, date | None, date | None]:
    return period, start, end


def to_period(ctx: ApiContext, raw: tuple[PeriodKind, date | None, date | None]) -> Period:
    kind, start, end = raw
    try:
        return make_period(kind, start or ctx.today(), end)
    except ValueError as exc:
        raise HTTPException(422, detail=str(exc)) from None
