"""Supervision: the deadline sweep over 100,000 open deadlines, and the light summary over
them, each beside raw SQL over the same table.

Seeding goes through the real projection: generated lifecycles (``lifecycle.py``) cut short
of their ending, so every petition is still open, folded by ``Deadlines.apply_batch`` in big
transactions, so the rows are exactly what the service would hold (steps ended, running
step, due day). A first sweep, not timed, sends what was already due, as the running
service would have; then each timed sweep is the daily one, a day later each time, with a
fake clock: every open deadline checked, the ones that turned yellow or red that day
signalled (events, outbox rows, signal rows).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from shared.eventstore.migrate import migrate
from shared.runtime.topics import Topics
from tools.bench.fixtures import fresh_database
from tools.bench.lifecycle import DAY0, City, timeline
from tools.bench.report import Figure

SEED_DAYS = 100
_BATCH = 5000


@contextmanager
def supervision_database(db_url: str | None, folder: Path, name: str) -> Iterator[Engine]:
    from services.supervision.main import MIGRATIONS

    with fresh_database(db_url, folder, name) as engine:
        migrate(engine, MIGRATIONS, "supervision")
        yield engine


def seed(engine: Engine, n: int, *, validate: bool = False) -> date:
    """``n`` open petitions received over ``SEED_DAYS`` days; returns the last day."""
    from services.supervision.projections.deadlines import Deadlines

    projection = Deadlines(Topics())
    city = City(seed=11)
    city.validate = validate
    per_day = max(1, n // SEED_DAYS)
    last = DAY0 + timedelta(days=SEED_DAYS - 1)
    batch: list[tuple[Any, Any]] = []

    def flush() -> None:
        with engine.begin() as conn:
            projection.apply_batch(conn, batch)
        batch.clear()

    for e in timeline(city, per_day, SEED_DAYS, until=last, open_only=True):
        batch.append((e.envelope(validate=validate), None))
        if len(batch) >= _BATCH:
            flush()
    if batch:
        flush()
    return last


def open_deadlines(engine: Engine) -> int:
    from services.supervision.tables import cases

    q = select(func.count()).where(cases.c.is_open, cases.c.step.is_not(None))
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def bench_supervision(
    db_url: str | None, folder: Path, repeats: int, n: int, queries: int = 11
) -> list[Figure]:
    from services.supervision.application import case_reads
    from services.supervision.application.scheduler import Scheduler
    from services.supervision.application.sweep_sql import changed_lights
    from services.supervision.domain.lights import LightRules
    from shared.clock import FakeClock

    rules = LightRules()
    with supervision_database(db_url, folder, "supervision") as engine:
        seconds, last = _timed(lambda: seed(engine, n))
        found = open_deadlines(engine)
        print(f"  supervision: {found:,} open deadlines seeded in {seconds:.0f} s")
        if found != n - n % SEED_DAYS:
            raise RuntimeError(f"{found} open deadlines after seeding {n} open petitions")
        clock = FakeClock(last)
        scheduler = Scheduler(engine, Topics(), clock, rules)
        first = scheduler.sweep()  # what was already due: the running service sent it
        print(f"  supervision: catch-up sweep sent {first}")
        sweeps: list[float] = []
        selects: list[float] = []
        signalled: list[int] = []
        for _ in range(repeats):
            clock.advance()
            today = clock.today()
            with engine.connect() as conn:
                took, _ = _timed(lambda c=conn, t=today: c.execute(changed_lights(t, rules)).all())
            selects.append(took * 1000)
            took, result = _timed(scheduler.sweep)
            sweeps.append(took * 1000)
            signalled.append(result.yellow + result.red + result.late)
            if signalled[-1] == 0:
                raise RuntimeError(f"the sweep of {today} signalled nothing")
            with engine.connect() as conn:
                left = conn.execute(changed_lights(today, rules)).all()
            if left:
                raise RuntimeError(f"{len(left)} light changes left unsignalled on {today}")
        today = clock.today()
        everything: dict[str, Any] = {}

        def summary() -> None:
            with engine.connect() as conn:
                everything.update(case_reads.light_counts(conn, today, rules, "region"))

        def raw() -> None:
            with engine.connect() as conn:
                conn.execute(_RAW_SUMMARY).all()

        summaries = [_timed(summary)[0] * 1000 for _ in range(queries)]
        raws = [_timed(raw)[0] * 1000 for _ in range(queries)]
        counted = sum(sum(c.values()) for c in everything.values())
        if counted != found:
            raise RuntimeError(f"light summary counted {counted} deadlines, not {found}")
    print(f"  supervision: daily sweeps signalled {signalled} deadlines")
    return [
        Figure("supervision", f"daily sweep of {found:,} open deadlines", "ms", sweeps,
               "its SELECT of changed lights alone", selects, max_value=5000),
        Figure("supervision", f"light summary by region, {found:,} open", "ms",
               summaries, "raw COUNT … GROUP BY region", raws, max_value=200),
    ]  # fmt: skip


_RAW_SUMMARY = text(
    "SELECT region_code, count(*) FROM sv_cases "
    "WHERE is_open AND step IS NOT NULL GROUP BY region_code"
)
