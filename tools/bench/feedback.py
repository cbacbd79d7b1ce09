"""Feedback's bench figures (issue 6, item 7): the read models' rebuild rate over a generated
log, and the year's region satisfaction report.

The log is produced to a topic of the embedded broker (or KAFKA_BOOTSTRAP_SERVERS) and the
read models are rebuilt from it by ``shared.consumer.rebuild``, exactly as
``sunshine rebuild feedback`` does, beside raw aiokafka reading the same log. Then the
year's report is timed on what the rebuild built. ``sunshine bench -p feedback`` runs it;
``python -m tools.bench.feedback --events 1000000`` too, alone.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine

from services.feedback.application import report
from services.feedback.main import MIGRATIONS
from services.feedback.projections.readmodels import ReadModels
from shared.consumer import InboundMessage, ProjectionRunner, rebuild
from shared.eventstore.migrate import migrate
from shared.refdata import ReferenceData, load_refdata
from shared.runtime.topics import Topics
from shared.schemas.petition import Rating
from shared.settings import KafkaSettings
from tools.bench.feedback_log import Stream as TestStream
from tools.bench.feedback_log import handled, message, suggestion
from tools.bench.fixtures import broker_address, fresh_database
from tools.bench.kafka import _raw_consume_rate
from tools.bench.report import Figure
from tools.bench.routing import PARTITIONS, produce_records

BATCH = 2000
YEAR_START = date(2025, 1, 1)
_RATINGS = list(Rating)


def generate(events: int, refs: ReferenceData, seed: int = 7) -> Iterator[InboundMessage]:
    """Petition lifecycles of five events (1 in 10 a suggestion, one event), spread over a
    year, regions and departments as the reference data has them."""
    rnd = random.Random(seed)
    depts = [d for d in refs.departments.values() if not d.petition_office]
    made, n = 0, 0
    while made < events:
        n += 1
        pid = f"b{n}"
        on = YEAR_START + timedelta(days=rnd.randrange(330))
        if n % 10 == 0:
            s = TestStream(pid)
            yield message(s.event(suggestion("公交线路优化建议", "建议增加夜间公交班次。" * 3)))
            made += 1
            continue
        dept = rnd.choice(depts)
        for e in handled(
            pid, rnd.choice(_RATINGS), rnd.choice(_RATINGS), department=dept.code,
            region=dept.region, on=on, category=rnd.choice(list(refs.minors)),
        ):  # fmt: skip
            yield message(e)
            made += 1


def report_seconds(engine: Engine, refs: ReferenceData) -> float:
    started = time.perf_counter()
    with engine.connect() as conn:
        report.regions(conn, refs, YEAR_START, date(2025, 12, 31), report.ModelConfig())
    return time.perf_counter() - started


async def figures(
    db_url: str | None, folder: Path, bootstrap: str, repeats: int, events: int
) -> list[Figure]:
    refs = load_refdata()
    topics = Topics(prefix=f"bench{uuid.uuid4().hex[:6]}.")
    records = ((m.key or b"", m.value) for m in generate(events, refs))
    started = time.perf_counter()
    n = await produce_records(bootstrap, topics.petition_events, records)
    print(f"  feedback: {n:,} events produced in {time.perf_counter() - started:.0f} s")
    kafka = KafkaSettings(bootstrap_servers=bootstrap)
    rates, raw, reports = [], [], []
    for r in range(repeats):
        raw.append(await _raw_consume_rate(kafka, topics.petition_events, n, PARTITIONS))
        with fresh_database(db_url, folder, f"feedback{r}", bulk=True) as engine:
            migrate(engine, MIGRATIONS, "feedback")
            runner = ProjectionRunner(
                ReadModels(topics), engine, service="feedback", dead_letter_topic="bench.dlq"
            )
            stats = await rebuild(runner, kafka)
            if stats.events != n:
                raise RuntimeError(f"rebuild applied {stats.events} events, not {n}")
            rates.append(stats.events_per_second)
            reports.append(await asyncio.to_thread(report_seconds, engine, refs) * 1000)
    return [
        Figure("feedback", f"read-model rebuild, {n:,} events", "events/s", rates,
               "raw aiokafka consume + JSON decode", raw, min_value=20_000),
        Figure("feedback", "year region report", "ms", reports, max_value=500),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="feedback-bench-") as tmp, broker_address() as kafka:
        found = asyncio.run(figures(None, Path(tmp), kafka, args.repeats, args.events))
    for f in found:
        print(f"{f.part:9} {f.name:36} {f.median:12,.1f} {f.unit:9} target {f.target()}")


if __name__ == "__main__":
    main()
