"""A service's periodic work (shared/service/periodic.py) does nothing before its projections
have caught up, then ticks every interval, and a failing tick is retried, not fatal."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from shared.service.periodic import Periodic

DEADLINE_S = 5.0


async def until(what: str, done: Callable[[], bool]) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + DEADLINE_S
    while not done():
        assert loop.time() < end, f"{what} within {DEADLINE_S} s"
        await asyncio.sleep(0.01)


async def test_no_tick_before_the_projections_have_caught_up() -> None:
    ticks: list[int] = []
    caught_up = False
    asked = 0

    async def ready() -> bool:
        nonlocal asked
        asked += 1
        return caught_up

    work = Periodic("test", lambda: ticks.append(1), interval_s=0.01, ready=[ready])
    await work.start()
    try:
        await until("the readiness asked", lambda: asked >= 1)
        assert ticks == []  # asked, not ready: no tick
        caught_up = True
        await until("a tick once caught up", lambda: len(ticks) >= 2)
    finally:
        await work.stop()
    assert 2 <= work.ticks <= len(ticks)  # a tick cut short by the stop is not counted


async def test_a_failing_tick_is_retried() -> None:
    calls: list[int] = []

    def tick() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the database is away")

    work = Periodic("test", tick, interval_s=0.01)
    await work.start()
    try:
        await until("a second tick after the failure", lambda: len(calls) >= 2)
    finally:
        await work.stop()
    assert 1 <= work.ticks <= len(calls) - 1  # the failed one is not counted
