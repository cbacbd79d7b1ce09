"""The event store's contract, run on every backend (SQLite always, PostgreSQL when set).

Rules 1 and 2 of DESIGN.md: one winner per stream version, outbox rows commit with their
events, and a reader of the global order never skips a row that committed late.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, func, select

from shared.eventstore import ConcurrencyConflict, EventStore, NewEvent, UnitOfWork
from shared.eventstore.tables import events, outbox
from shared.schemas import Actor
from shared.schemas.petition import PetitionClosed, PetitionWithdrawn

ACTOR = Actor(user_id="registrar-1", role="registrar", org="320800")
TOPIC = "petition.events"


def _new(reason: str = "") -> NewEvent:
    return NewEvent(PetitionClosed(reason=reason), ACTOR, correlation_id="corr-1")


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_append_then_read_stream_in_version_order(engine: Engine) -> None:
    store = EventStore(engine, TOPIC)
    store.append("p-1", 0, [_new("a"), _new("b")])
    store.append("p-1", 2, [NewEvent(PetitionWithdrawn(reason="c"), ACTOR, "corr-2")])
    stream = store.read_stream("p-1")
    assert [e.stream_version for e in stream] == [1, 2, 3]
    assert [e.event_type for e in stream] == [
        "petition.closed",
        "petition.closed",
        "petition.withdrawn",
    ]
    assert all(e.global_position is not None and e.recorded_at is not None for e in stream)
    assert stream[2].actor == ACTOR and stream[2].correlation_id == "corr-2"
    assert store.stream_version("p-1") == 3
    assert store.read_stream("p-1", from_version=3) == stream[2:]


def test_wrong_expected_version_is_a_conflict_and_writes_nothing(engine: Engine) -> None:
    store = EventStore(engine, TOPIC)
    store.append("p-1", 0, [_new()])
    with pytest.raises(ConcurrencyConflict) as info:
        store.append("p-1", 0, [_new(), _new()])
    assert (info.value.expected, info.value.actual) == (0, 1)
    with pytest.raises(ConcurrencyConflict):
        store.append("p-1", 5, [_new()])
    assert store.stream_version("p-1") == 1
    assert _count(engine, events) == 1
    assert _count(engine, outbox) == 1


def test_outbox_rows_commit_with_their_events(engine: Engine) -> None:
    store = EventStore(engine, TOPIC)
    stored = store.append("p-1", 0, [_new(), _new()])
    with engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.message_id, outbox.c.topic, outbox.c.key).order_by(outbox.c.id)
        ).all()
    assert [r.message_id for r in rows] == [e.event_id for e in stored]
    assert {(r.topic, r.key) for r in rows} == {(TOPIC, b"p-1")}


def test_a_failed_unit_of_work_leaves_no_event_and_no_outbox_row(engine: Engine) -> None:
    store = EventStore(engine, TOPIC)
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        uow.append("p-1", 0, [_new()])
        raise RuntimeError("handler failed after appending")
    assert _count(engine, events) == 0
    assert _count(engine, outbox) == 0


async def test_transact_commits_its_work_or_nothing_and_runs_where_the_backend_wants(
    engine: Engine,
) -> None:
    store = EventStore(engine, TOPIC)
    threads: list[threading.Thread] = []

    def work(uow: UnitOfWork) -> int:
        threads.append(threading.current_thread())
        return uow.append("p-1", 0, [_new()])[0].stream_version

    assert await store.transact(work) == 1

    def fails(uow: UnitOfWork) -> None:
        uow.append("p-2", 0, [_new()])
        raise RuntimeError("handler failed after appending")

    with pytest.raises(RuntimeError):
        await store.transact(fails)
    assert _count(engine, events) == 1 and store.stream_version("p-2") == 0
    # SQLite: right on the loop's thread; a database across the network: a worker thread.
    on_loop = threads[0] is threading.current_thread()
    assert on_loop == (engine.dialect.name == "sqlite")


def test_read_all_returns_global_order_after_a_position(engine: Engine) -> None:
    store = EventStore(engine, TOPIC)
    for i in range(5):
        store.append(f"p-{i}", 0, [_new()])
    everything = store.read_all()
    positions = [e.global_position for e in everything]
    assert positions == sorted(positions) and len(positions) == 5
    assert [e.global_position for e in store.read_all(after=positions[2])] == positions[3:]
    assert len(store.read_all(after=0, limit=2)) == 2


def test_concurrent_appends_to_one_stream_one_winner_per_version(engine: Engine) -> None:
    store = EventStore(engine, TOPIC)
    writers, rounds = 8, 10
    wins: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(writers)

    def writer(n: int) -> int:
        start.wait()
        conflicts = 0
        for _ in range(rounds):
            version = store.stream_version("hot")
            try:
                stored = store.append("hot", version, [_new(f"w{n}")])
            except ConcurrencyConflict:
                conflicts += 1
                continue
            with lock:
                wins.append(stored[0].stream_version)
        return conflicts

    with ThreadPoolExecutor(writers) as pool:
        conflicts = sum(pool.map(writer, range(writers)))
    versions = [e.stream_version for e in store.read_stream("hot")]
    assert versions == list(range(1, len(versions) + 1)), "no lost or duplicated versions"
    assert sorted(wins) == versions, "every win is exactly one stored version"
    assert len(wins) + conflicts == writers * rounds
    assert conflicts > 0, "the race did happen"


def test_reader_of_global_order_never_skips_a_late_commit(engine: Engine) -> None:
    """Writers hold their transactions open for random moments while a reader follows
    ``read_all(after=last)``; the reader must end up with every committed event."""
    store = EventStore(engine, TOPIC)
    writers, per_writer = 6, 25
    done = threading.Event()
    seen: list[str] = []

    def writer(n: int) -> None:
        rng = random.Random(n)
        for i in range(per_writer):
            with store.unit_of_work() as uow:
                uow.append(f"w{n}-{i}", 0, [_new()])
                # Hold the transaction open so commits land out of position order
                # if the store let them.
                time.sleep(rng.random() * 0.004)

    def reader() -> None:
        last = 0
        while True:
            finished = done.is_set()
            batch = store.read_all(after=last, limit=50)
            seen.extend(e.event_id for e in batch)
            if batch:
                last = batch[-1].global_position or last
            elif finished:
                return

    follow = threading.Thread(target=reader)
    follow.start()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(writer, range(writers)))
    done.set()
    follow.join(timeout=60)
    assert not follow.is_alive()
    committed = [e.event_id for e in store.read_all(limit=10_000)]
    assert len(committed) == writers * per_writer
    assert seen == committed, "the follower saw every event once, in global order"
