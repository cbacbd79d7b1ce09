"""Routing: the work-queue projection rebuilt from a generated log, beside raw aiokafka reading
the same log; and registration to visible in a department's queue, through real intake and
routing processes, at a fixed offered rate.

The log is produced straight to a topic: generated lifecycles (``lifecycle.py``), each event
an ``EventEnvelope`` of the real payload models, encoded once, appended to per-partition
batches (``create_batch``/``send_batch``) keyed and partitioned as intake's relay would.
"""

from __future__ import annotations

import asyncio
import math
import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner
from sqlalchemy import Engine, func, select

from shared.consumer import ProjectionRunner, rebuild
from shared.eventstore.bulk import chunks
from shared.eventstore.migrate import migrate
from shared.runtime.topics import Topics, TopicSpec, ensure_topics
from shared.schemas.catalog import encode_event
from shared.settings import KafkaSettings
from tools.bench.fixtures import fresh_database, service_process
from tools.bench.intake import Registrations, percentile
from tools.bench.kafka import _raw_consume_rate
from tools.bench.lifecycle import City, timeline
from tools.bench.loadgen import Call, Connection
from tools.bench.report import Figure

PARTITIONS = 6
EVENTS_PER_PETITION = 5.9  # what the lifecycles average (see lifecycle.py)


@dataclass
class GeneratedLog:
    topic: str
    events: int
    types: Counter[str]


async def produce_log(
    bootstrap: str, topic: str, n: int, *, seed: int = 7, validate: bool = False
) -> GeneratedLog:
    """About a year of petitions, cut at exactly ``n`` events, produced to ``topic``."""
    city = City(seed)
    city.validate = validate
    # Registrations for 400 days; sized so that the log reaches n events within 300 of them.
    per_day = max(1, math.ceil(n / EVENTS_PER_PETITION / 300))
    types: Counter[str] = Counter()

    def records() -> Iterator[tuple[bytes, bytes]]:
        for count, e in enumerate(timeline(city, per_day, 400), start=1):
            env = e.envelope(validate=validate)
            types[env.event_type] += 1
            yield env.key(), encode_event(env)
            if count >= n:
                return

    count = await produce_records(bootstrap, topic, records())
    if count < n:
        raise RuntimeError(f"the generated log ended at {count} events, short of {n}")
    return GeneratedLog(topic, count, types)


async def produce_records(
    bootstrap: str, topic: str, records: Iterable[tuple[bytes, bytes]]
) -> int:
    """Produce ``(key, value)`` records to a new ``topic`` of ``PARTITIONS`` partitions, in
    per-partition batches (``create_batch``/``send_batch``), keyed and partitioned as the
    relay would; return how many."""
    await ensure_topics(bootstrap, [TopicSpec(topic, PARTITIONS)])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks=1, linger_ms=50)
    await producer.start()
    partitioner = DefaultPartitioner()
    parts = list(range(PARTITIONS))
    batches: dict[int, Any] = {}
    sent: list[asyncio.Future[Any]] = []
    count = 0

    async def flush(p: int) -> None:
        sent.append(await producer.send_batch(batches.pop(p), topic, partition=p))
        if len(sent) > 64:  # bound what is in flight
            await asyncio.gather(*sent)
            sent.clear()

    try:
        for key, value in records:
            p = partitioner(key, parts, parts)
            batch = batches.get(p) or batches.setdefault(p, producer.create_batch())
            if batch.append(key=key, value=value, timestamp=None) is None:
                await flush(p)
                batches[p] = producer.create_batch()
                batches[p].append(key=key, value=value, timestamp=None)
            count += 1
        for p in list(batches):
            await flush(p)
        await asyncio.gather(*sent)
    finally:
        await producer.stop()
    return count


def routing_database(db_url: str | None, folder: Path, name: str, *, bulk: bool = False) -> Any:
    from services.routing.main import MIGRATIONS

    @contextmanager
    def opened() -> Iterator[Engine]:
        with fresh_database(db_url, folder, name, bulk=bulk) as engine:
            migrate(engine, MIGRATIONS, "routing")
            yield engine

    return opened()


def check_queues(engine: Engine, log: GeneratedLog) -> None:
    """The rebuilt queues hold what the log says: one current row per registered petition,
    done for each reply or refusal, closed for each withdrawal."""
    from services.routing.tables import queue_items as q

    with engine.connect() as conn:
        query = select(q.c.state, func.count()).where(q.c.current).group_by(q.c.state)
        states: dict[str, int] = {state: n for state, n in conn.execute(query)}
    t = log.types
    want_done = t["petition.replied"] + t["petition.not_accepted"]
    if sum(states.values()) != t["petition.registered"]:
        raise RuntimeError(f"{sum(states.values())} current queue rows, expected {t}")
    if states.get("done", 0) != want_done or states.get("closed", 0) != t["petition.withdrawn"]:
        raise RuntimeError(f"queue states {states} do not match the log {t}")


async def bench_routing_rebuild(
    db_url: str | None, folder: Path, bootstrap: str, repeats: int, n: int
) -> list[Figure]:
    from services.routing.projections.queues import Queues
    from shared.refdata import load_refdata

    topics = Topics(prefix=f"bench{uuid.uuid4().hex[:6]}.")
    kafka = KafkaSettings(bootstrap_servers=bootstrap)
    started = time.perf_counter()
    log = await produce_log(bootstrap, topics.petition_events, n)
    print(f"  routing: {log.events:,} events produced in {time.perf_counter() - started:.0f} s")
    refs = load_refdata()
    rates: list[float] = []
    raw: list[float] = []
    for r in range(repeats):
        raw.append(await _raw_consume_rate(kafka, log.topic, log.events, PARTITIONS))
        with routing_database(db_url, folder, f"routing{r}", bulk=True) as engine:
            runner = ProjectionRunner(
                Queues(refs, topics), engine, service="routing", dead_letter_topic="bench.dlq"
            )
            stats = await rebuild(runner, kafka)
            if stats.events != log.events:
                raise RuntimeError(f"rebuild applied {stats.events} events, not {log.events}")
            await asyncio.to_thread(check_queues, engine, log)
            rates.append(stats.events / stats.seconds)
    return [
        Figure(
            "routing",
            f"queue rebuild, {log.events:,} events",
            "events/s",
            rates,
            "raw aiokafka consume + JSON decode",
            raw,
            min_value=20_000,
        )
    ]


# -- registration to visible in the queue --------------------------------------------------


async def _register(conn: Connection, call: Call) -> str:
    """Register; return the new petition's id (the last part of its ``Location``)."""
    status = await conn.send(call)
    if status != 201:
        raise RuntimeError(f"registration failed with {status}")
    return conn.headers["location"].rsplit("/", 1)[-1]


class QueueWatch:
    """Polls routing's database: when did each petition show up in a department's queue
    (assigned: ``new``), or on the petition office's manual list (``unrouted`` with a
    manual decision)? Asks only about petitions still awaited, by primary key, so a poll
    costs the same however many petitions the earlier runs left in the tables."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[str, float] = {}
        self.manual: set[str] = set()

    def poll(self, awaited: Iterable[str]) -> None:
        ids = [p for p in awaited if p not in self.seen and p not in self.manual]
        if not ids:
            return
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)
        try:
            rows, manual = [], []
            for chunk in chunks(ids):
                marks = ",".join("?" * len(chunk))
                rows += conn.execute(
                    "SELECT petition_id FROM routing_queue_items"
                    f" WHERE petition_id IN ({marks}) AND current AND state = 'new'",
                    chunk,
                ).fetchall()
                manual += conn.execute(
                    "SELECT petition_id FROM routing_cases"
                    f" WHERE petition_id IN ({marks}) AND status = 'manual'",
                    chunk,
                ).fetchall()
        finally:
            conn.close()
        now = time.perf_counter()
        for (pid,) in rows:
            self.seen.setdefault(pid, now)
        self.manual.update(pid for (pid,) in manual)


async def _visible_run(
    port: int, watch: QueueWatch, regs: Registrations, rate: float, seconds: float
) -> tuple[list[float], list[float], int]:
    """Open loop at ``rate``; (registration→visible latencies, HTTP latencies, manual)."""
    calls = [regs.call() for _ in range(int(rate * seconds))]
    idle: list[Connection] = []
    sent: dict[str, float] = {}
    http: list[float] = []

    async def one(call: Call, at: float) -> None:
        conn = idle.pop() if idle else Connection("127.0.0.1", port)
        pid = await _register(conn, call)
        http.append(time.perf_counter() - at)
        sent[pid] = at
        idle.append(conn)

    stop = asyncio.Event()

    async def poller() -> None:
        while not stop.is_set():
            await asyncio.to_thread(watch.poll, list(sent))
            await asyncio.sleep(0.01)

    polling = asyncio.create_task(poller())
    start = time.perf_counter()
    tasks = []
    for i, call in enumerate(calls):
        at = start + i / rate
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        tasks.append(asyncio.create_task(one(call, at)))
    await asyncio.gather(*tasks)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if all(p in watch.seen or p in watch.manual for p in sent):
            break
        await asyncio.sleep(0.05)
    stop.set()
    await polling
    await asyncio.gather(*(c.close() for c in idle))
    routed = [p for p in sent if p not in watch.manual]
    missing = [p for p in routed if p not in watch.seen]
    if missing:
        raise RuntimeError(f"{len(missing)} of {len(sent)} petitions never reached a queue")
    latencies = [watch.seen[p] - sent[p] for p in routed]
    return latencies, http, len(sent) - len(routed)


async def bench_routing_latency(
    bootstrap: str, folder: Path, repeats: int, rate: float, seconds: float
) -> list[Figure]:
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    topics = Topics(prefix=prefix)
    await ensure_topics(bootstrap, topics.specs())
    env = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_TOPIC_PREFIX": prefix}
    regs = Registrations()
    p50: list[float] = []
    p99: list[float] = []
    http99: list[float] = []
    manual = 0
    with (
        service_process("intake", prefix, folder, env) as (intake_port, _),
        service_process("routing", prefix, folder, env),
    ):
        watch = QueueWatch(folder / f"routing-{prefix}sqlite3")
        # One registration through the whole loop first: consumers joined, topics warm.
        await _visible_run(intake_port, watch, regs, 5, 1)
        for _ in range(repeats):
            lat, http, m = await _visible_run(intake_port, watch, regs, rate, seconds)
            manual += m
            p50.append(percentile(lat, 0.50) * 1000)
            p99.append(percentile(lat, 0.99) * 1000)
            http99.append(percentile(http, 0.99) * 1000)
    label = f"at {rate:g}/s offered"
    if manual:
        print(f"  routing: {manual} petitions went to the manual queue (not timed)")
    return [
        Figure("routing", f"registration→in queue p50 {label}", "ms", p50),
        Figure("routing", f"registration→in queue p99 {label}", "ms", p99,
               "registration HTTP p99 (same requests)", http99, max_value=1000),
    ]  # fmt: skip
