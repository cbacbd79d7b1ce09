"""Feedback's bench figures (issue 6, item 7): the read models' rebuild rate over a generated
log, and the year's region satisfaction report.

``python -m services.feedback.bench --events 1000000`` prints them; ``figures()`` returns
``shared.bench.report.Figure``s for ``sunshine bench``. The rebuild is measured in process
(decode + apply + tracking, batches of 2000, as ``shared.consumer.rebuild`` feeds the runner);
the Kafka fetch is the platform bench's figure.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from services.feedback import report
from services.feedback.main import MIGRATIONS
from services.feedback.readmodels import ReadModels
from services.feedback.refs import Refs, load_refs
from services.feedback.testing import Stream as TestStream
from services.feedback.testing import handled, message, suggestion
from shared.bench.report import Figure
from shared.consumer import InboundMessage, ProjectionRunner
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.runtime.topics import Topics
from shared.schemas.petition import Rating

BATCH = 2000
YEAR_START = date(2025, 1, 1)
_RATINGS = list(Rating)


def generate(events: int, refs: Refs, seed: int = 7) -> Iterator[InboundMessage]:
    """Petition lifecycles of five events (1 in 10 a suggestion, one event), spread over a
    year, regions and departments as the reference data has them."""
    rnd = random.Random(seed)
    depts = [d for d in refs.data.departments.values() if not d.petition_office]
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
            region=dept.region, on=on, category=rnd.choice(list(refs.data.minors)),
        ):  # fmt: skip
            yield message(e)
            made += 1


def rebuild_rate(db_url: str, messages: list[InboundMessage]) -> float:
    engine = make_engine(db_url)
    migrate(engine, MIGRATIONS, "feedback")
    topics = Topics()
    runners = [
        ProjectionRunner(ReadModels(topics), engine, service="feedback", dead_letter_topic="dl")
    ]
    started = time.perf_counter()
    for start in range(0, len(messages), BATCH):
        batch = messages[start : start + BATCH]
        for runner in runners:
            runner.process_batch(batch)
    took = time.perf_counter() - started
    engine.dispose()
    return len(messages) / took


def report_seconds(db_url: str, refs: Refs) -> float:
    engine = make_engine(db_url)
    started = time.perf_counter()
    with engine.connect() as conn:
        report.regions(conn, refs, YEAR_START, date(2025, 12, 31), report.ModelConfig())
    took = time.perf_counter() - started
    engine.dispose()
    return took


def figures(events: int, folder: Path, repeats: int = 1) -> list[Figure]:
    refs = load_refs()
    messages = list(generate(events, refs))
    rates, reports = [], []
    for r in range(repeats):
        url = f"sqlite:///{folder / f'feedback-bench-{r}.sqlite3'}"
        rates.append(rebuild_rate(url, messages))
        reports.append(report_seconds(url, refs) * 1000)
    return [
        Figure("feedback", "read-model rebuild", "events/s", rates, min_value=20_000),
        Figure("feedback", "year region report", "ms", reports, max_value=500),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="feedback-bench-") as tmp:
        for f in figures(args.events, Path(tmp), args.repeats):
            print(f"{f.part:9} {f.name:22} {f.median:12,.1f} {f.unit:9} target {f.target()}")


if __name__ == "__main__":
    main()
