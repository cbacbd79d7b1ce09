"""The index's statistics (issue 17) over the index bench's generated year: the rebuild rate
of the statistics projection and the p95 of its three APIs.

The rebuild goes through the projection's runner, as ``sunshine rebuild index`` feeds it: the
events as bytes (encoded before the clock starts), decoded, ordered per stream, folded and
written with their tracking rows in one transaction per batch; only the Kafka fetch is left
out. The APIs are asked through the index's ASGI app in process (auth, validation and the
JSON included), a city leader for the city, a county leader for each county.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select

from shared.consumer import InboundMessage, ProjectionRunner
from shared.runtime.topics import Topics
from shared.schemas import encode_event
from tools.bench.report import Figure

MAX_P95_MS = 200
MIN_EVENTS_S = 20_000
_TODAY = date(2025, 12, 31)  # the generated year's last day


class StatsRebuild:
    """Feeds the statistics runner the same batches the facts get, timing only the runner."""

    def __init__(self, engine: Engine) -> None:
        from services.index.projections.stats import Stats
        from shared.refdata import load_refdata

        topics = Topics()
        self.topic = topics.petition_events
        self.runner = ProjectionRunner(
            Stats(load_refdata(), topics), engine, service="index", dead_letter_topic="bench.dlq"
        )
        self.events = 0
        self.seconds = 0.0

    def __call__(self, batch: Sequence[Any]) -> None:
        messages = [
            InboundMessage(self.topic, 0, self.events + i, e.key(), encode_event(e))
            for i, e in enumerate(batch)
        ]
        start = time.perf_counter()
        result = self.runner.process_batch(messages)
        self.seconds += time.perf_counter() - start
        self.events += len(messages)
        if result.dead_lettered or result.gaps:
            raise RuntimeError(f"the statistics refused events: {result}")

    def figure(self) -> Figure:
        rate = self.events / self.seconds if self.seconds else 0.0
        return Figure(
            "index",
            f"statistics rebuild, {self.events:,} events (decode, fold, write)",
            "events/s",
            [rate],
            min_value=MIN_EVENTS_S,
        )


def _paths(city: str, counties: Sequence[str]) -> list[tuple[str, str]]:
    """(org of the asking leader, path) for every statistics read the cockpit makes."""
    by = ("region", "major", "minor", "channel", "kind", "level", "department", "status", "month")
    periods = ("period=year&from=2025-06-01", "period=custom&from=2025-02-15&to=2025-11-20")
    found = []
    for region in (city, *counties):
        for period in periods:
            q = f"region={region}&{period}"
            found += [(region, f"counts?by={b}&{q}") for b in by]
            found += [(region, f"counts?by=day&{q}"), (region, f"counts?by=region&{q}&category=01")]
            found += [(region, f"rates?{q}"), (region, f"hot-words?{q}")]
    return found


def api_figure(engine: Engine, repeats: int, registered: int) -> Figure:
    from fastapi.testclient import TestClient

    from services.index.api import make_routers
    from services.index.api.context import ApiContext
    from services.index.application.modelfile import load_model
    from services.index.main import MIGRATIONS
    from services.index.settings import Settings
    from services.index.tables import stat_counts
    from shared.auth import Principal, Role, mint_token
    from shared.eventstore import EventStore
    from shared.refdata import load_refdata
    from shared.service.app import ServiceParts, create_service_app
    from shared.settings import DEV_JWT_SECRET

    refs = load_refdata()
    with engine.connect() as conn:  # the city's year holds every petition the facts hold
        q = select(func.sum(stat_counts.c.petitions)).where(
            stat_counts.c.region_code == refs.city_code,
            stat_counts.c.dim == "total",
            stat_counts.c.grain == "m",
        )
        counted = int(conn.execute(q).scalar_one() or 0)
    if counted != registered:
        raise RuntimeError(f"the statistics count {counted:,} petitions, the facts {registered:,}")
    ctx = ApiContext(EventStore(engine, Topics().index_events), refs, load_model(), lambda: _TODAY)
    url = engine.url.render_as_string(hide_password=False)
    parts = ServiceParts(
        name="index",
        settings=Settings(database_url=url),
        engine=engine,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
    )
    counties = sorted(c for c, r in refs.regions.items() if r.level.value == "county")
    headers = {}
    for org in (refs.city_code, *counties):
        leader = Principal(user_id=f"u-{org}", role=Role.LEADER, org=org)
        headers[org] = {"Authorization": f"Bearer {mint_token(leader, DEV_JWT_SECRET)}"}
    paths = _paths(refs.city_code, counties)
    runs: list[float] = []
    with TestClient(create_service_app(parts)) as client:
        for org, path in paths[:3]:  # warm: jieba, the first connection, the routes
            client.get(f"/api/v1/stats/{path}", headers=headers[org])
        for _ in range(repeats):
            took: list[float] = []
            for org, path in paths:
                start = time.perf_counter()
                r = client.get(f"/api/v1/stats/{path}", headers=headers[org])
                took.append((time.perf_counter() - start) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{path}: {r.status_code} {r.text[:200]}")
            runs.append(statistics.quantiles(took, n=20, method="inclusive")[18])
    return Figure(
        "index",
        f"statistics APIs p95, {len(paths)} reads (counts, rates, hot words) of a year",
        "ms",
        runs,
        max_value=MAX_P95_MS,
    )
