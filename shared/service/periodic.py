"""Periodic work of a service (the index's surges, grades and kept health checks, feedback's
kept satisfaction reports): a tick in a worker thread every interval, after the service's
projections have caught up with their topics.

Why wait: a tick reads the projections. Right after a start on a log the database has not
applied yet (a rebuild, a new instance) they are behind, and a grade or a kept report made
then would be made of part of the period and never made again (each tick keeps only what is
missing). Each tick is idempotent, so a restart or a missed tick only catches up.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence

from shared.service.logging import get_logger

log = get_logger("shared.service.periodic")

_READY_POLL_S = 1.0
_READY_LOG_EVERY_S = 30.0

Ready = Callable[[], Awaitable[bool]]


class Periodic:
    def __init__(
        self,
        name: str,
        tick: Callable[[], None],
        interval_s: float,
        ready: Sequence[Ready] = (),
    ) -> None:
        self.name = name
        self.tick = tick
        self.interval_s = interval_s
        self.ready = list(ready)
        self.ticks = 0
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._stop.clear()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        await self._wait_until_ready()
        while not self._stop.is_set():
            try:
                await asyncio.to_thread(self.tick)
                self.ticks += 1
            except Exception:  # the database is away, say: the next tick catches up
                log.exception("periodic work failed; will retry", work=self.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.interval_s)

    async def _wait_until_ready(self) -> None:
        waited = 0.0
        while not self._stop.is_set():
            try:
                if all([await check() for check in self.ready]):
                    return
            except Exception as exc:  # the broker is away: keep waiting, never work on stale
                log.warning("catch-up check failed", work=self.name, error_type=type(exc).__name__)
            if waited % _READY_LOG_EVERY_S < _READY_POLL_S:
                log.info("periodic work waits for the projections to catch up", work=self.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), _READY_POLL_S)
            waited += _READY_POLL_S
