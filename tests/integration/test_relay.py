"""The outbox relay against the real embedded broker, on SQLite and PostgreSQL.

What a user checks: every event reaches the topic, in order per petition, through crashes,
outages and a broker that forgot everything; the backlog metrics tell the truth.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import ConsumerRecord
from prometheus_client import REGISTRY
from sqlalchemy import Engine, select

from shared.eventstore import EventStore, NewEvent
from shared.eventstore.tables import outbox
from shared.outbox import OutboxRelay
from shared.runtime.broker import EmbeddedBroker, free_port
from shared.runtime.topics import TopicSpec, ensure_topics
from shared.schemas.catalog import decode_event
from shared.schemas.envelope import Actor
from shared.schemas.petition import PetitionClosed
from shared.settings import KafkaSettings

pytestmark = pytest.mark.integration

ACTOR = Actor(user_id="registrar-1", role="registrar", org="city")
PARTITIONS = 6


# -- helpers -------------------------------------------------------------------------------


def kafka(bootstrap: str) -> KafkaSettings:
    return KafkaSettings(bootstrap_servers=bootstrap, request_timeout_ms=1500)


def make_relay(engine: Engine, bootstrap: str, topic: str, **kw: object) -> OutboxRelay:
    service = f"svc-{topic}"
    specs = [TopicSpec(topic, PARTITIONS)]
    return OutboxRelay(engine, service=service, kafka=kafka(bootstrap), topic_specs=specs, **kw)  # type: ignore[arg-type]


def append(engine: Engine, topic: str, streams: list[str], per_stream: int) -> list[str]:
    """Append round-robin over the streams, so the outbox interleaves keys; return event ids."""
    store = EventStore(engine, topic)
    ids = []
    for _ in range(per_stream):
        for stream in streams:
            version = store.stream_version(stream)
            new = NewEvent(PetitionClosed(reason=f"step {version + 1}"), ACTOR, "corr-1")
            ids += [env.event_id for env in store.append(stream, version, [new])]
    return ids


def sample(name: str, service: str) -> float:
    return REGISTRY.get_sample_value(name, {"service": service}) or 0.0


async def wait_until(cond: Callable[[], bool], what: str, within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not cond():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def read_topic(
    bootstrap: str, topic: str, want_ids: set[str], within: float = 10.0
) -> list[ConsumerRecord[bytes, bytes]]:
    """Read the topic from the start until every wanted event id was seen; records in log order
    per partition (which is per key order). Asking for all topics never auto-creates one."""
    deadline = time.monotonic() + within
    while not (partitions := await cluster_partitions(bootstrap, topic)):
        if time.monotonic() > deadline:
            pytest.fail(f"topic {topic} never appeared")
        await asyncio.sleep(0.05)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        records: list[ConsumerRecord[bytes, bytes]] = []
        while not want_ids <= {decode_event(r.value).event_id for r in records}:
            if time.monotonic() > deadline:
                pytest.fail(f"only {len(records)} records on {topic}, wanted {len(want_ids)} ids")
            for batch in (await consumer.getmany(timeout_ms=100)).values():
                records += batch
        # Drain what is already there, so duplicates are counted too.
        while batch_map := await consumer.getmany(timeout_ms=200):
            for batch in batch_map.values():
                records += batch
        return records
    finally:
        await consumer.stop()


def first_seen_versions(records: list[ConsumerRecord[bytes, bytes]]) -> dict[str, list[int]]:
    """Per stream, versions in the order a deduplicating consumer first sees them."""
    by_partition: dict[int, list[ConsumerRecord[bytes, bytes]]] = {}
    for r in records:
        by_partition.setdefault(r.partition, []).append(r)
    seen: set[str] = set()
    out: dict[str, list[int]] = {}
    for part in by_partition.values():
        for r in sorted(part, key=lambda r: r.offset):
            ev = decode_event(r.value)
            if ev.event_id not in seen:
                seen.add(ev.event_id)
                out.setdefault(ev.stream_id, []).append(ev.stream_version)
    return out


def assert_complete_and_ordered(
    records: list[ConsumerRecord[bytes, bytes]], ids: list[str], streams: list[str], per_stream: int
) -> None:
    got = {decode_event(r.value).event_id for r in records}
    assert set(ids) <= got, f"lost {len(set(ids) - got)} events"
    assert first_seen_versions(records) == {s: list(range(1, per_stream + 1)) for s in streams}


def crash(b: EmbeddedBroker) -> None:
    """Kill the broker outright (a crash; also quicker than Tansu's graceful shutdown)."""
    if b.process is not None:
        b.process.kill()
        b.process.wait()
        b.process = None


async def cluster_partitions(bootstrap: str, topic: str) -> set[int]:
    """The topic's partitions, from metadata for all topics (naming it would auto-create it)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        metadata = await producer.client.fetch_all_metadata()
        return metadata.partitions_for_topic(topic) or set()
    finally:
        await producer.stop()


@pytest.fixture
def own_broker(tmp_path) -> Iterator[EmbeddedBroker]:  # type: ignore[no-untyped-def]
    """A broker of this test's own (not started), to stop and restart without disturbing others."""
    b = EmbeddedBroker(port=free_port(), log_path=tmp_path / "tansu.log")
    yield b
    crash(b)


# -- tests ---------------------------------------------------------------------------------


async def test_rows_published_once_in_order_per_key(
    engine: Engine, broker: EmbeddedBroker, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}.petition.events"
    streams = [f"p-{i}" for i in range(4)]
    ids = append(engine, topic, streams, per_stream=5)
    relay = make_relay(engine, broker.bootstrap_servers, topic, batch_size=7)

    await relay.drain(timeout=10)

    records = await read_topic(broker.bootstrap_servers, topic, set(ids))
    assert sorted(decode_event(r.value).event_id for r in records) == sorted(ids)  # once each
    assert_complete_and_ordered(records, ids, streams, 5)
    assert all(r.key == decode_event(r.value).stream_id.encode() for r in records)
    assert dict(records[0].headers)["event_type"] == b"petition.closed"
    # The topic came from its spec, not from the broker's auto-create default.
    assert len(await cluster_partitions(broker.bootstrap_servers, topic)) == PARTITIONS
    # The outbox remembers where each event went.
    with engine.connect() as conn:
        marked = {(r.partition, r.offset) for r in conn.execute(select(outbox))}
    assert marked == {(r.partition, r.offset) for r in records}
    assert await relay.publish_once() == 0
    assert relay.healthy
    await relay.stop()


async def test_running_relay_publishes_new_rows_and_stops_cleanly(
    engine: Engine, broker: EmbeddedBroker, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}.petition.events"
    relay = make_relay(engine, broker.bootstrap_servers, topic)
    await relay.start()
    try:
        first = append(engine, topic, ["p-1", "p-2"], per_stream=2)
        await read_topic(broker.bootstrap_servers, topic, set(first))
        more = append(engine, topic, ["p-1", "p-2"], per_stream=2)
        records = await read_topic(broker.bootstrap_servers, topic, set(first + more))
        assert_complete_and_ordered(records, first + more, ["p-1", "p-2"], 4)
        assert relay.healthy
    finally:
        await relay.stop()
        await relay.stop()  # idempotent
    assert relay.backlog()[0] == 0


async def test_a_commit_wakes_an_idle_relay_long_before_its_poll(
    engine: Engine, broker: EmbeddedBroker, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}.petition.events"
    relay = make_relay(engine, broker.bootstrap_servers, topic, poll_interval_s=60)
    await relay.start()
    try:
        first = append(engine, topic, ["p-1"], per_stream=1)
        await wait_until(lambda: relay.backlog()[0] == 0, "the first row published", 20)
        # Idle now, for up to a minute unless woken: by a commit on a worker thread, and by
        # one on this (the loop's) thread.
        await asyncio.to_thread(append, engine, topic, ["p-2"], 1)
        await wait_until(lambda: relay.backlog()[0] == 0, "a row from a worker thread", 10)
        last = append(engine, topic, ["p-3"], per_stream=1)
        await wait_until(lambda: relay.backlog()[0] == 0, "a row from the loop's thread", 10)
        assert len(await read_topic(broker.bootstrap_servers, topic, set(first + last))) == 3
    finally:
        await relay.stop()


async def test_backlog_metrics_reflect_pending_rows(
    engine: Engine, broker: EmbeddedBroker, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}.petition.events"
    relay = make_relay(engine, broker.bootstrap_servers, topic)
    service = f"svc-{topic}"
    assert relay.backlog() == (0, 0.0)
    append(engine, topic, ["p-1", "p-2", "p-3"], per_stream=2)

    pending, age = relay.backlog()
    assert pending == 6
    assert 0.0 <= age < 60
    assert sample("outbox_backlog_messages", service) == 6
    assert sample("outbox_oldest_age_seconds", service) == age

    await relay.drain(timeout=10)
    assert sample("outbox_backlog_messages", service) == 0
    assert sample("outbox_oldest_age_seconds", service) == 0
    assert sample("outbox_published_total", service) == 6
    await relay.stop()


async def test_crash_between_publish_and_mark_loses_nothing(
    engine: Engine, broker: EmbeddedBroker, topic_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = f"{topic_prefix}.petition.events"
    streams = ["p-1", "p-2", "p-3"]
    ids = append(engine, topic, streams, per_stream=4)
    relay = make_relay(engine, broker.bootstrap_servers, topic)
    real_mark = relay._mark
    calls = Counter[str]()

    def mark_then_crash(published):  # type: ignore[no-untyped-def]
        calls["mark"] += 1
        if calls["mark"] == 1:
            raise RuntimeError("process died before the UPDATE")
        real_mark(published)

    monkeypatch.setattr(relay, "_mark", mark_then_crash)
    with pytest.raises(RuntimeError):
        await relay.publish_once()
    assert relay.backlog()[0] == len(ids)  # sent, but not marked
    assert not relay.healthy

    await relay.drain(timeout=10)
    records = await read_topic(broker.bootstrap_servers, topic, set(ids))
    assert len(records) == 2 * len(ids)  # at least once: every event twice, none lost
    assert_complete_and_ordered(records, ids, streams, 4)
    await relay.stop()


async def test_relay_killed_mid_batch_then_restarted(
    engine: Engine, broker: EmbeddedBroker, topic_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = f"{topic_prefix}.petition.events"
    streams = ["p-1", "p-2"]
    ids = append(engine, topic, streams, per_stream=3)
    doomed = make_relay(engine, broker.bootstrap_servers, topic)
    reached_mark = asyncio.Event()

    async def hang(*_: object) -> None:
        reached_mark.set()
        await asyncio.Event().wait()  # never returns: the process is about to be killed

    loop = asyncio.get_running_loop()
    monkeypatch.setattr(asyncio, "to_thread", _to_thread_hanging_on(doomed, hang, loop))
    await doomed.start()
    await asyncio.wait_for(reached_mark.wait(), 10)
    assert doomed._task is not None
    doomed._task.cancel()  # killed between the sends and the UPDATE
    await doomed.stop()
    monkeypatch.undo()

    successor = make_relay(engine, broker.bootstrap_servers, topic)
    await successor.drain(timeout=10)
    records = await read_topic(broker.bootstrap_servers, topic, set(ids))
    assert_complete_and_ordered(records, ids, streams, 3)
    await successor.stop()


def _to_thread_hanging_on(relay: OutboxRelay, hang, loop):  # type: ignore[no-untyped-def]
    """asyncio.to_thread, except that the relay's mark step hangs."""
    real = asyncio.to_thread

    def patched(fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        if getattr(fn, "__name__", "") == "_mark" and getattr(fn, "__self__", None) is relay:
            return hang()
        return real(fn, *args, **kwargs)

    return patched


class _FlakyProducer:
    """Acks every send except the second one of ``bad_key``."""

    def __init__(self, bad_key: bytes) -> None:
        self.bad_key = bad_key
        self.sent: list[tuple[bytes, int]] = []

    async def send_and_wait(self, topic, value, key, headers):  # type: ignore[no-untyped-def]
        version = decode_event(value).stream_version
        self.sent.append((key, version))
        if key == self.bad_key and version == 2:
            raise OSError("send failed")
        await asyncio.sleep(0)
        return _Meta(0, len(self.sent))


class _Meta:
    def __init__(self, partition: int, offset: int) -> None:
        self.partition, self.offset = partition, offset


async def test_failed_send_holds_back_only_that_key(
    engine: Engine, topic_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = f"{topic_prefix}.petition.events"
    append(engine, topic, ["p-bad", "p-ok"], per_stream=3)
    relay = make_relay(engine, "127.0.0.1:1", topic)
    producer = _FlakyProducer(b"p-bad")

    async def no_topic_check(*_: object) -> bool:
        return False

    async def fake_producer() -> _FlakyProducer:
        return producer

    monkeypatch.setattr(relay, "_ensure_producer", fake_producer)
    monkeypatch.setattr(relay, "_prepare_topics", no_topic_check)
    with pytest.raises(OSError):
        await relay.publish_once()

    # p-bad: version 3 is never sent after version 2 failed; p-ok went through.
    assert [v for k, v in producer.sent if k == b"p-bad"] == [1, 2]
    assert [v for k, v in producer.sent if k == b"p-ok"] == [1, 2, 3]
    with engine.connect() as conn:
        q = select(outbox.c.key, outbox.c.published_at.is_not(None)).order_by(outbox.c.id)
        marked = [(bytes(k), bool(m)) for k, m in conn.execute(q)]
    assert [m for k, m in marked if k == b"p-bad"] == [True, False, False]
    assert [m for k, m in marked if k == b"p-ok"] == [True, True, True]
    assert relay.backlog()[0] == 2


async def test_broker_down_at_start_and_crashing_later_loses_nothing(
    engine: Engine, own_broker: EmbeddedBroker, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}.petition.events"
    streams = ["p-1", "p-2", "p-3"]
    relay = make_relay(engine, own_broker.bootstrap_servers, topic)
    service = f"svc-{topic}"
    await relay.start()  # the broker is not there yet: must not fail
    try:
        before = append(engine, topic, streams, per_stream=2)
        await wait_until(lambda: not relay.healthy, "the relay to notice the broker is down")
        assert sample("outbox_publish_failures_total", service) >= 1
        assert relay.backlog()[0] == len(before)

        own_broker.start()
        await read_topic(own_broker.bootstrap_servers, topic, set(before))
        await wait_until(lambda: relay.healthy, "the relay to recover")

        crash(own_broker)  # memory storage: the topic and its records are gone
        during = append(engine, topic, streams, per_stream=2)
        await wait_until(lambda: not relay.healthy, "the relay to notice the crash")
        own_broker.start()

        records = await read_topic(own_broker.bootstrap_servers, topic, set(before + during))
        assert_complete_and_ordered(records, before + during, streams, 4)
        assert sample("outbox_republished_total", service) >= len(before)
        assert len(await cluster_partitions(own_broker.bootstrap_servers, topic)) == PARTITIONS
        await wait_until(lambda: relay.backlog()[0] == 0, "the backlog to empty")
    finally:
        await relay.stop()


async def test_idle_relay_republishes_after_broker_restart(
    engine: Engine, own_broker: EmbeddedBroker, topic_prefix: str
) -> None:
    """Nothing fails from the relay's side: the broker restarts while it is idle and another
    service recreates the topic, empty. The periodic check must notice and republish."""
    topic = f"{topic_prefix}.petition.events"
    streams = ["p-1", "p-2"]
    own_broker.start()
    relay = make_relay(engine, own_broker.bootstrap_servers, topic, verify_interval_s=0.3)
    service = f"svc-{topic}"
    await relay.start()
    try:
        ids = append(engine, topic, streams, per_stream=3)
        await read_topic(own_broker.bootstrap_servers, topic, set(ids))

        own_broker.restart()
        await ensure_topics(own_broker.bootstrap_servers, [TopicSpec(topic, PARTITIONS)])
        await wait_until(
            lambda: sample("outbox_republished_total", service) > 0 and relay.backlog()[0] == 0,
            "the relay to republish",
        )

        records = await read_topic(own_broker.bootstrap_servers, topic, set(ids))
        assert_complete_and_ordered(records, ids, streams, 3)
        assert sample("outbox_republished_total", service) == len(ids)
        assert relay.healthy
    finally:
        await relay.stop()


async def test_told_the_broker_restarted_the_relay_republishes_every_row(
    engine: Engine, own_broker: EmbeddedBroker, topic_prefix: str
) -> None:
    """What ``sunshine run`` does after a broker crash: it tells the relay, which must not wait
    for its periodic probe (here an hour away) and must requeue published rows too."""
    topic = f"{topic_prefix}.petition.events"
    streams = ["p-1", "p-2", "p-3"]
    own_broker.start()
    relay = make_relay(engine, own_broker.bootstrap_servers, topic, verify_interval_s=3600)
    service = f"svc-{topic}"
    await relay.start()
    try:
        ids = append(engine, topic, streams, per_stream=3)
        await read_topic(own_broker.bootstrap_servers, topic, set(ids))
        await wait_until(lambda: relay.backlog()[0] == 0, "everything published")

        crash(own_broker)
        relay.broker_restarted()  # before the new broker listens, as the supervisor does
        own_broker.start()

        records = await read_topic(own_broker.bootstrap_servers, topic, set(ids), within=20)
        assert_complete_and_ordered(records, ids, streams, 3)
        assert sample("outbox_republished_total", service) == len(ids)
        await wait_until(lambda: relay.backlog()[0] == 0, "the backlog to empty")
    finally:
        await relay.stop()
