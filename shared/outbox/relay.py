"""Publish a service's outbox to Kafka: in order per key, at least once, through outages.

Per key (topic, key) rows go out one at a time, each waiting for its ack, so a failed send can
never be overtaken by a later row of the same stream; different keys go out concurrently, which
is where the throughput comes from. A pass reads one batch (one SELECT) and marks what the
broker acknowledged (one UPDATE); a crash between the two only causes duplicates.

Between passes the relay waits for a commit in its process that wrote outbox rows
(``shared.eventstore.commits``), or for its poll interval, whichever comes first.

When the embedded broker restarted (``broker_restarted``: ``sunshine run`` says so before the
new broker listens) every row of every topic this outbox published to is queued again and
republished in id order, published ones too; otherwise ``verify`` finds lost topics by probing
the last record of each partition. A send in flight during the crash may still reach the new
broker (the old producer flushes it while closing, before the republish starts), so a later
version of a stream can land ahead of the republished ones; consumers treat it as a gap and
apply it when it comes again (DESIGN.md, rule 4). Against Apache Kafka the idempotent producer
keeps one key's order across retries (``producer_settings``).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.cluster import ClusterMetadata
from aiokafka.errors import KafkaError
from sqlalchemy import Engine

from shared.eventstore.commits import on_outbox_commit
from shared.outbox import metrics, rows
from shared.outbox.probe import absent_topics, lost_topics, recreate_topics, short_topics
from shared.outbox.rows import PendingRow, Published
from shared.runtime.topics import TopicSpec, ensure_topics
from shared.settings import KafkaSettings

log = structlog.get_logger()

LINGER_MS = 2
MAX_BATCH_BYTES = 512 * 1024
BACKOFF_MIN_S = 0.1
BACKOFF_MAX_S = 5.0
GAUGE_INTERVAL_S = 1.0


class OutboxRelay:
    def __init__(
        self,
        engine: Engine,
        *,
        service: str,
        kafka: KafkaSettings,
        batch_size: int = 5000,
        poll_interval_s: float = 0.05,
        topic_specs: Sequence[TopicSpec] = (),
        verify_interval_s: float = 10.0,
    ) -> None:
        self._engine = engine
        self._service = service
        self._kafka = kafka
        self._batch_size = batch_size
        self._poll_interval_s = poll_interval_s
        self._specs = {s.name: s for s in topic_specs}
        self._verify_interval_s = verify_interval_s
        self._producer: AIOKafkaProducer | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        # Set by ``wake`` (a commit wrote outbox rows) and by ``stop``: ends an idle wait.
        self._nudge = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._unlisten: Callable[[], None] | None = None
        # One pass at a time: the loop, drain() and verify() must not publish the same rows.
        self._lock = asyncio.Lock()
        self._healthy = True
        self._known_topics: set[str] | None = None  # topics this outbox has published to
        # Broker restarts announced, and the last one whose topics were queued again.
        self._restarts = 0
        self._requeued_for = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        if self._task is not None:
            return
        self._stopping.clear()
        self._loop = asyncio.get_running_loop()
        self._unlisten = on_outbox_commit(self._engine, self.wake)
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self._service}")
        log.info("outbox_relay.started", service=self._service)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if self._unlisten is not None:
            self._unlisten()
            self._unlisten = None
        if task is not None:
            self._stopping.set()
            self._nudge.set()
            # A pass in flight is bounded by the producer's request timeout; let it mark.
            done, _ = await asyncio.wait({task}, timeout=self._kafka.request_timeout_ms / 1000 + 5)
            if not done:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            log.info("outbox_relay.stopped", service=self._service)
        await self._close_producer()

    def wake(self) -> None:
        """Publish now instead of at the next poll: outbox rows were just committed. Safe from
        any thread (a commit may happen on a worker thread)."""
        loop = self._loop
        if loop is not None and not self._nudge.is_set() and not loop.is_closed():
            loop.call_soon_threadsafe(self._nudge.set)

    def broker_restarted(self) -> None:
        """The broker came back empty: queue every row again before publishing on. Call on
        the relay's event loop."""
        self._restarts += 1
        self._nudge.set()

    @property
    def healthy(self) -> bool:
        return self._healthy

    # -- the loop ----------------------------------------------------------------------------

    async def _run(self) -> None:
        backoff = 0.0
        must_verify = True  # at startup: the broker may have restarted while we were down
        verify_due = 0.0
        gauges_due = 0.0
        while not self._stopping.is_set():
            if time.monotonic() >= gauges_due:
                gauges_due = time.monotonic() + GAUGE_INTERVAL_S
                await self._refresh_gauges()
            try:
                restarted = self._restarts > self._requeued_for
                if must_verify or restarted or time.monotonic() >= verify_due:
                    await self.verify()
                    must_verify = False
                    verify_due = time.monotonic() + self._verify_interval_s
                published = await self.publish_once()
            except Exception as exc:
                self._on_failure(exc)
                must_verify = True  # after an outage, check what the broker still holds
                await self._close_producer()
                backoff = min(BACKOFF_MAX_S, max(BACKOFF_MIN_S, backoff * 2))
                await self._pause(backoff)
                continue
            if backoff:
                log.info("outbox_relay.recovered", service=self._service)
                backoff = 0.0
            if published < self._batch_size:
                await self._idle()

    def _on_failure(self, exc: Exception) -> None:
        self._healthy = False
        metrics.FAILURES.labels(self._service).inc()
        # Kafka errors carry no payload; database errors may echo parameters, so name them only.
        detail = str(exc) if isinstance(exc, KafkaError | TimeoutError | OSError) else ""
        log.warning(
            "outbox_relay.pass_failed",
            service=self._service,
            error=type(exc).__name__,
            detail=detail,
        )

    async def _idle(self) -> None:
        # Until a commit in this process wakes us; rows another process wrote (a CLI, a
        # second replica) are found by the poll.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._nudge.wait(), self._poll_interval_s)
        # Rows committed after this point wake the next wait; rows committed before it are
        # already visible to the next pass's read.
        self._nudge.clear()

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def _refresh_gauges(self) -> None:
        try:
            await asyncio.to_thread(self.backlog)
        except Exception as exc:  # the database being away must not stop the relay
            log.warning(
                "outbox_relay.backlog_failed", service=self._service, error=type(exc).__name__
            )

    # -- publishing --------------------------------------------------------------------------

    async def publish_once(self) -> int:
        async with self._lock:
            try:
                count = await self._publish_batch()
            except Exception:
                self._healthy = False
                raise
            self._healthy = True
            return count

    async def _publish_batch(self) -> int:
        batch = await asyncio.to_thread(rows.fetch_pending, self._engine, self._batch_size)
        if not batch:
            return 0
        producer = await self._ensure_producer()
        if await self._prepare_topics(producer, {r.topic for r in batch}):
            # Topics were (re)created and rows may have been queued again: read afresh.
            batch = await asyncio.to_thread(rows.fetch_pending, self._engine, self._batch_size)
            producer = await self._ensure_producer()
        published, error = await self._send(producer, batch)
        if published:
            await asyncio.to_thread(self._mark, published)
            metrics.PUBLISHED.labels(self._service).inc(len(published))
            self._known().update(r.topic for r in batch)
        if error is not None:
            raise error
        return len(published)

    def _mark(self, published: Sequence[Published]) -> None:
        rows.mark_published(self._engine, published)

    async def _send(
        self, producer: AIOKafkaProducer, batch: Sequence[PendingRow]
    ) -> tuple[list[Published], Exception | None]:
        by_key: dict[tuple[str, bytes], list[PendingRow]] = {}
        for row in batch:
            by_key.setdefault((row.topic, row.key), []).append(row)
        results = await asyncio.gather(*(_send_in_order(producer, g) for g in by_key.values()))
        published = [p for done, _ in results for p in done]
        errors = [e for _, e in results if e is not None]
        return published, (errors[0] if errors else None)

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = AIOKafkaProducer(**producer_settings(self._kafka))
            try:
                await producer.start()
            except BaseException:
                with contextlib.suppress(Exception):
                    await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def _close_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await producer.stop()

    # -- a broker that lost what it had ------------------------------------------------------

    def _known(self) -> set[str]:
        if self._known_topics is None:
            self._known_topics = rows.published_topics(self._engine)
        return self._known_topics

    async def _prepare_topics(self, producer: AIOKafkaProducer, topics: set[str]) -> bool:
        """Before a produce can auto-create a topic with the broker's default partition count
        (Tansu does), create it from its spec; if it held our records, queue them again."""
        metadata = await producer.client.fetch_all_metadata()
        absent = absent_topics(metadata, topics)
        if not absent:
            return False
        known = await asyncio.to_thread(self._known)
        lost = absent & known
        fresh = [self._specs[t] for t in sorted(absent - known) if t in self._specs]
        if fresh:
            await ensure_topics(
                self._kafka.bootstrap_servers, fresh, self._kafka.request_timeout_ms
            )
        if lost:
            await self._requeue(lost, metadata)
        return bool(lost or fresh)

    async def verify(self) -> None:
        """Check that the broker still holds the latest record of every partition we wrote."""
        async with self._lock:
            restarts = self._restarts
            producer = await self._ensure_producer()
            metadata = await producer.client.fetch_all_metadata()
            known = await asyncio.to_thread(self._known)
            if restarts > self._requeued_for:
                if known:
                    await self._requeue(set(known), metadata)
                self._requeued_for = restarts
                return
            gone = absent_topics(metadata, known)
            marks = await asyncio.to_thread(rows.latest_marks, self._engine)
            marks = [m for m in marks if m.topic not in gone]
            timeout_s = self._kafka.request_timeout_ms / 1000
            gone |= await lost_topics(
                self._kafka.bootstrap_servers,
                marks,
                metadata,
                timeout_s,
                self._kafka.request_timeout_ms,
            )
            if gone:
                await self._requeue(gone, metadata)

    async def _requeue(self, topics: set[str], metadata: ClusterMetadata) -> None:
        # Close the producer first: when it reconnects it asks for its topics by name, and
        # Tansu auto-creates a missing topic with its default partition count.
        await self._close_producer()
        specs = [self._specs[t] for t in sorted(topics) if t in self._specs]
        short = short_topics(metadata, specs)
        if short:
            log.warning(
                "outbox_relay.recreating_topics",
                service=self._service,
                topics=[s.name for s in short],
            )
            await recreate_topics(
                self._kafka.bootstrap_servers, short, self._kafka.request_timeout_ms
            )
        if specs:  # before republishing, so the topics come back with their partition counts
            await ensure_topics(
                self._kafka.bootstrap_servers, specs, self._kafka.request_timeout_ms
            )
        count = await asyncio.to_thread(rows.reset_topics, self._engine, sorted(topics))
        metrics.REPUBLISHED.labels(self._service).inc(count)
        log.warning(
            "outbox_relay.broker_lost_data",
            service=self._service,
            topics=sorted(topics),
            rows=count,
        )

    # -- backlog -----------------------------------------------------------------------------

    def backlog(self) -> tuple[int, float]:
        count, oldest = rows.backlog(self._engine)
        age = (datetime.now(UTC) - oldest).total_seconds() if oldest is not None else 0.0
        metrics.BACKLOG.labels(self._service).set(count)
        metrics.OLDEST_AGE.labels(self._service).set(max(age, 0.0))
        return count, max(age, 0.0)

    async def drain(self, timeout: float) -> None:  # noqa: ASYNC109 (the agreed API)
        """Publish until nothing is pending (tests, benchmarks); TimeoutError past ``timeout``."""
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while True:
            pending, _ = await asyncio.to_thread(self.backlog)
            if pending == 0:
                return
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{pending} outbox rows still unpublished") from last_error
            try:
                await self.publish_once()
            except Exception as exc:
                last_error = exc
                await asyncio.sleep(BACKOFF_MIN_S)


async def _send_in_order(
    producer: AIOKafkaProducer, group: Sequence[PendingRow]
) -> tuple[list[Published], Exception | None]:
    """One key's rows, each after the previous one's ack; stop at the first failure."""
    done: list[Published] = []
    for row in group:
        try:
            md = await producer.send_and_wait(
                row.topic, row.value, key=row.key, headers=row.headers
            )
        except Exception as exc:
            return done, exc
        done.append(Published(row.id, md.partition, md.offset if md.offset >= 0 else None))
    return done, None


def producer_settings(kafka: KafkaSettings) -> dict[str, Any]:
    """The relay's producer. Per key, the relay sends a row only after the previous one was
    acknowledged, so a retry can never be overtaken by a later row of its key. Within the
    producer, aiokafka has one produce request in flight per broker and mutes the partitions
    in it until it is answered (in effect ``max_in_flight=1``; it has no setting to raise it),
    so its own retries keep the order too. With ``enable_idempotence`` (Apache Kafka:
    ``KAFKA_ENABLE_IDEMPOTENCE=true``, which ``KafkaSettings`` accepts only with ``acks=all``)
    the broker also drops a retried batch it already wrote, so a retry adds no duplicate."""
    return {
        "bootstrap_servers": kafka.bootstrap_servers,
        "acks": _acks(kafka.acks),
        "enable_idempotence": kafka.enable_idempotence,
        "request_timeout_ms": kafka.request_timeout_ms,
        "linger_ms": LINGER_MS,
        "max_batch_size": MAX_BATCH_BYTES,
    }


def _acks(value: str) -> int | str:
    return "all" if value == "all" else int(value)
