"""Index: every region's scorecard for a year of facts from 1,000,000 petitions, and a stored
scorecard read, each beside raw SQL over the same tables.

The facts are generated through the real projection: a year of generated lifecycles
(``lifecycle.py``, the log as it stands at the year's end) folded by ``Facts.apply_batch``
in big transactions, without Kafka (a million petitions are about six million events, more
than the embedded broker should hold in memory), so the counters and petition rows are
exactly what the service's projection writes.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from shared.eventstore.migrate import migrate
from shared.runtime.topics import Topics
from tools.bench.fixtures import fresh_database
from tools.bench.lifecycle import DAY0, City, timeline
from tools.bench.report import Figure
from tools.bench.stats import StatsRebuild, api_figure

_BATCH = 20_000
YEAR_END = date(DAY0.year, 12, 31)


@contextmanager
def index_database(db_url: str | None, folder: Path, name: str) -> Iterator[Engine]:
    from services.index.main import MIGRATIONS

    with fresh_database(db_url, folder, name) as engine:
        migrate(engine, MIGRATIONS, "index")
        yield engine


def seed(
    engine: Engine,
    petitions: int,
    *,
    validate: bool = False,
    also: Callable[[list[Any]], None] | None = None,
) -> int:
    """A year of at least ``petitions`` (spread evenly over its days, so up to a day's worth
    more); returns the events folded. ``also`` is given every batch too (the statistics)."""
    from services.index.projections.facts import Facts
    from shared.refdata import load_refdata

    projection = Facts(load_refdata(), Topics())
    city = City(seed=13)
    city.validate = validate
    days = (YEAR_END - DAY0).days + 1
    per_day = max(1, math.ceil(petitions / days))  # at least ``petitions`` in all
    batch: list[tuple[Any, Any]] = []
    events = 0

    def flush() -> None:
        with engine.begin() as conn:
            projection.apply_batch(conn, batch)
        if also is not None:
            also([e for e, _ in batch])
        batch.clear()

    for e in timeline(city, per_day, days, until=YEAR_END):
        batch.append((e.envelope(validate=validate), None))
        events += 1
        if len(batch) >= _BATCH:
            flush()
    if batch:
        flush()
    return events


def bench_index(
    db_url: str | None, folder: Path, repeats: int, petitions: int, queries: int = 21
) -> list[Figure]:
    from services.index.application.modelfile import load_model
    from services.index.application.scorecards import Scorer
    from services.index.domain.periods import Period
    from services.index.tables import facts, scorecards
    from shared.refdata import load_refdata

    refs = load_refdata()
    year = Period("custom", DAY0, YEAR_END)
    with index_database(db_url, folder, "index") as engine:
        start = time.perf_counter()
        stats = StatsRebuild(engine)
        events = seed(engine, petitions, also=stats)
        with engine.connect() as conn:
            rows = conn.execute(select(func.count()).select_from(facts)).scalar_one()
            registered = conn.execute(select(func.sum(facts.c.registered))).scalar_one()
        print(
            f"  index: {registered:,} petitions, {events:,} events folded into {rows:,} fact "
            f"rows in {time.perf_counter() - start:.0f} s"
        )
        scorer = Scorer(engine, refs, load_model())
        runs: list[float] = []
        raws: list[float] = []
        cards: dict[str, Any] = {}
        for _ in range(repeats):
            with engine.connect() as conn:
                raws.append(_seconds(lambda c=conn: c.execute(_RAW_SUMS, _span(year)).all()))
            took = _seconds(lambda: cards.update(scorer.regions(year)))
            runs.append(took)
        city = cards[refs.city_code]
        if len(cards) != len(refs.regions) or city["counts"]["registered"] != registered:
            raise RuntimeError(f"{len(cards)} scorecards; the city's counts {city['counts']}")
        codes = random.Random(5).choices(sorted(cards), k=queries)
        reads: list[float] = []
        raw_reads: list[float] = []
        for code in codes:
            found: dict[str, Any] = {}
            reads.append(
                _seconds(lambda c=code, f=found: f.update(scorer.get("region", c, year))) * 1000
            )
            if found["total"] != cards[code]["total"]:
                raise RuntimeError(f"stored scorecard of {code} differs from the computed one")
            with engine.connect() as conn:
                q = select(scorecards.c.body).where(
                    scorecards.c.subject_kind == "region",
                    scorecards.c.subject == code,
                    scorecards.c.period_start == year.start,
                    scorecards.c.period_end == year.end,
                )
                raw_reads.append(_seconds(lambda c=conn, q=q: c.execute(q).scalar_one()) * 1000)
        stats_api = api_figure(engine, repeats, registered)
    return [
        Figure("index", f"yearly scorecards of all {len(cards)} regions, "
               f"{registered:,} petitions", "s", runs,
               "raw SUM … GROUP BY region over the year", raws, max_value=60),
        Figure("index", "stored scorecard query", "ms", reads,
               "raw SELECT of the stored body", raw_reads, max_value=100),
        stats.figure(),
        stats_api,
    ]  # fmt: skip


def _seconds(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _span(period: Any) -> dict[str, Any]:
    return {"start": period.start, "end": period.end}


_RAW_SUMS = text(
    "SELECT region_code, sum(registered), sum(replied), sum(replied_on_time), sum(rated), "
    "sum(satisfied) FROM index_facts WHERE day BETWEEN :start AND :end GROUP BY region_code"
)
