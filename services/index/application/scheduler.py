"""The index's periodic work: surges for yesterday, grades for last month, and the kept
health checks (weekly and monthly reports) of the week and month just ended."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import date, timedelta

from services.index.application.assessment import Assessor
from services.index.application.kept_reports import Keeper
from services.index.domain.periods import month_of
from shared.service.logging import get_logger

log = get_logger("services.index")


class Scheduler:
    """Checks surges for yesterday and grades last month, every interval. Both are
    idempotent, so a restart or a missed tick only catches up."""

    def __init__(
        self,
        assessor: Assessor,
        today: Callable[[], date],
        interval_s: float,
        keeper: Keeper | None = None,
    ) -> None:
        self.assessor = assessor
        self.keeper = keeper
        self.today = today
        self.interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.tick)
            except Exception:
                log.exception("index schedule failed; will retry")
            await asyncio.sleep(self.interval_s)

    def tick(self) -> None:
        today = self.today()
        yesterday = today - timedelta(days=1)
        self.assessor.check_surges(yesterday)
        self.assessor.assess(month_of(today.replace(day=1) - timedelta(days=1)), today)
        if self.keeper is not None:
            kept = self.keeper.keep_due(today)
            if kept:
                log.info("health checks kept", reports=kept)
