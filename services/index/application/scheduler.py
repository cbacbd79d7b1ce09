"""The index's periodic work: surges for yesterday, grades for last month, and the kept
health checks (weekly and monthly reports) of the week and month just ended."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from services.index.application.assessment import Assessor
from services.index.application.kept_reports import Keeper
from services.index.domain.periods import month_of
from shared.service.logging import get_logger

log = get_logger("services.index")


class Scheduler:
    """Checks surges for yesterday, grades last month and keeps the health checks of the
    week and month just ended, at each tick (``shared.service.periodic`` runs it). Each is
    idempotent, so a restart or a missed tick only catches up."""

    def __init__(
        self, assessor: Assessor, today: Callable[[], date], keeper: Keeper | None = None
    ) -> None:
        self.assessor = assessor
        self.keeper = keeper
        self.today = today

    def tick(self) -> None:
        today = self.today()
        yesterday = today - timedelta(days=1)
        self.assessor.check_surges(yesterday)
        self.assessor.assess(month_of(today.replace(day=1) - timedelta(days=1)), today)
        if self.keeper is not None:
            kept = self.keeper.keep_due(today)
            if kept:
                log.info("health checks kept", reports=kept)
