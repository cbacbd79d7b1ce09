"""The projection runner on a temporary SQLite database: one effect per message, poison
messages set aside as dead letters in the outbox, transient failures leave nothing behind,
each stream applied in strict version order."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import structlog
from prometheus_client import REGISTRY
from sqlalchemy import Connection, Engine, func, select
from structlog.testing import capture_logs

from shared.consumer import (
    InboundMessage,
    Projection,
    ProjectionRunner,
    RetryableError,
    message_id,
    metrics,
)
from shared.consumer.peek import Skipped, decode_only
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.eventstore.tables import outbox, processed_messages, stream_gaps, stream_positions
from shared.schemas.catalog import decode_event
from shared.schemas.deadletter import MAX_ERROR_CHARS, DeadLetter
from tests.support.consumer import (
    POISON,
    StreamCounts,
    create_tables,
    event,
    event_bytes,
    snapshot,
)

TOPIC = "unit.petition.events"
DLQ = "unit.deadletter"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'runner.sqlite3'}")
    migrate(eng)
    create_tables(eng)
    yield eng
    eng.dispose()


def _runner(db: Engine, name: str = "counts", projection: Any = None) -> ProjectionRunner:
    proj = projection or StreamCounts(name, [TOPIC])
    return ProjectionRunner(proj, db, service="unit", dead_letter_topic=DLQ)


def _msg(
    offset: int, value: bytes, key: bytes | None = b"p-1", partition: int = 0
) -> InboundMessage:
    return InboundMessage(TOPIC, partition, offset, key, value, timestamp_ms=1_700_000_000_000)


def _stream(stream_id: str, versions: range, start_offset: int = 0) -> list[InboundMessage]:
    return [
        _msg(start_offset + i, event_bytes(stream_id, v), stream_id.encode())
        for i, v in enumerate(versions)
    ]


def _dead_letters(db: Engine) -> list[DeadLetter]:
    with db.connect() as conn:
        rows = conn.execute(select(outbox.c.topic, outbox.c.value).order_by(outbox.c.id)).all()
    assert all(topic == DLQ for topic, _ in rows)
    return [DeadLetter.model_validate_json(value) for _, value in rows]


def _tracked(db: Engine, consumer: str) -> int:
    """Tracking rows of a consumer: one per stream for events, one per other message."""
    with db.connect() as conn:
        return sum(
            int(conn.execute(select(func.count()).where(t.c.consumer == consumer)).scalar_one())
            for t in (processed_messages, stream_positions)
        )


def _sample(name: str, consumer: str) -> float:
    return REGISTRY.get_sample_value(name, {"consumer": consumer}) or 0.0


def test_a_batch_delivered_twice_has_its_effect_once(db: Engine) -> None:
    runner = _runner(db)
    batch = _stream("p-1", range(1, 4)) + _stream("p-2", range(1, 3), start_offset=3)

    first = runner.process_batch(batch)
    second = runner.process_batch(batch)

    assert (first.processed, first.skipped, first.dead_lettered) == (5, 0, 0)
    assert (second.processed, second.skipped, second.dead_lettered) == (0, 5, 0)
    counts = {row[0]: (row[1], row[2]) for row in snapshot(db)}
    assert counts == {"p-1": (3, 3), "p-2": (2, 2)}


def test_a_repeat_inside_one_batch_counts_once(db: Engine) -> None:
    # The relay publishes at least once: the same event can follow itself at a new offset.
    value = event_bytes("p-1", 1)
    result = _runner(db).process_batch([_msg(0, value), _msg(1, value)])
    assert (result.processed, result.skipped) == (1, 1)
    assert snapshot(db)[0][1] == 1


def test_undecodable_bytes_become_a_dead_letter_with_origin_and_error(db: Engine) -> None:
    runner = _runner(db)
    garbage = b"\xff\xfe not json"
    batch = [
        *_stream("p-1", range(1, 3)),
        _msg(2, garbage, b"p-1"),
        *_stream("p-1", range(3, 5), 3),
    ]

    result = runner.process_batch(batch)

    assert (result.processed, result.dead_lettered) == (4, 1)
    assert snapshot(db)[0][1:3] == (4, 4)  # the later messages of the partition still flowed
    (letter,) = _dead_letters(db)
    assert letter.consumer == "counts" and letter.service == "unit"
    assert (letter.origin_topic, letter.origin_partition, letter.origin_offset) == (TOPIC, 0, 2)
    assert letter.key == "p-1"
    assert letter.payload_bytes() == garbage
    assert base64.b64decode(letter.payload) == garbage
    assert "not json" in letter.payload_text
    assert letter.error_type == "UnicodeDecodeError" and letter.error
    assert letter.origin_timestamp_ms == 1_700_000_000_000


def test_an_event_whose_apply_raises_is_set_aside_alone(db: Engine) -> None:
    runner = _runner(db)
    poison = event_bytes("p-1", 2, reason=POISON)
    batch = [_msg(0, event_bytes("p-1", 1)), _msg(1, poison), _msg(2, event_bytes("p-1", 3))]

    result = runner.process_batch(batch)

    assert (result.processed, result.dead_lettered) == (2, 1)
    assert snapshot(db)[0][1:3] == (2, 3)
    (letter,) = _dead_letters(db)
    assert letter.error_type == "ValueError"
    assert letter.message_id == decode_event(poison).event_id
    assert json.loads(letter.payload_text)["payload"]["reason"] == POISON


def test_a_dead_lettered_message_is_not_dead_lettered_again(db: Engine) -> None:
    runner = _runner(db)
    batch = [_msg(0, b"{}"), _msg(1, event_bytes("p-1", 1, reason=POISON))]
    runner.process_batch(batch)
    again = runner.process_batch(batch)
    assert (again.skipped, again.dead_lettered) == (2, 0)
    assert len(_dead_letters(db)) == 2
    assert _tracked(db, "counts") == 2


def test_a_transient_failure_commits_nothing_and_the_retry_applies_once(db: Engine) -> None:
    projection = StreamCounts("counts", [TOPIC])
    runner = _runner(db, projection=projection)
    batch = [*_stream("p-1", range(1, 4)), _msg(3, b"garbage")]
    projection.fail_next = 1

    with pytest.raises(RetryableError):
        runner.process_batch(batch)

    assert snapshot(db) == [] and _dead_letters(db) == [] and _tracked(db, "counts") == 0
    result = runner.process_batch(batch)
    assert (result.processed, result.dead_lettered) == (3, 1)
    assert snapshot(db)[0][1] == 3


class _OneAtATime(StreamCounts):
    """Only ``apply``: exercises the runner's per-message path and its log binding."""

    seen_context: list[dict[str, Any]]

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self.seen_context.append(structlog.contextvars.get_contextvars())
        super().apply(conn, event, msg)

    apply_batch = Projection.apply_batch


def test_a_projection_without_apply_batch_gets_the_same_result(db: Engine, tmp_path: Path) -> None:
    batch = [*_stream("p-1", range(1, 3)), _msg(2, event_bytes("p-1", 3, POISON))]
    batch += _stream("p-2", range(1, 3), start_offset=3)
    one = _OneAtATime("one", [TOPIC])
    one.seen_context = []
    assert not one.applies_in_batches()

    assert _runner(db, projection=one).process_batch(batch).dead_lettered == 1
    other = make_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    migrate(other)
    create_tables(other)
    assert _runner(other).process_batch(batch).dead_lettered == 1
    assert snapshot(db) == snapshot(other)


def test_log_lines_during_apply_carry_the_message_coordinates(db: Engine) -> None:
    one = _OneAtATime("one", [TOPIC])
    one.seen_context = []
    env = event("p-9", 1)
    _runner(db, projection=one).process_batch([_msg(41, env.model_dump_json().encode(), b"p-9")])

    bound = one.seen_context[0]
    assert bound["topic"] == TOPIC and bound["partition"] == 0 and bound["offset"] == 41
    assert bound["event_id"] == env.event_id and bound["correlation_id"] == env.correlation_id
    assert "offset" not in structlog.contextvars.get_contextvars()  # cleared afterwards


def test_the_dead_letter_log_line_names_the_message_but_not_its_content(db: Engine) -> None:
    secret = b'{"petitioner": "Zhang San 320106199001011234"}'
    with capture_logs() as logs:
        _runner(db).process_batch([_msg(7, secret)])
    (line,) = [entry for entry in logs if entry["event"] == "message dead-lettered"]
    assert line["consumer"] == "counts" and line["offset"] == 7 and line["topic"] == TOPIC
    assert line["error_type"] == "ValidationError"
    assert "Zhang" not in repr(logs) and "3201061990" not in repr(logs)


def test_metrics_count_processed_and_dead_lettered_messages(db: Engine) -> None:
    name = "metrics-counts"
    before = {m: _sample(m, name) for m in _METRICS}
    _runner(db, name).process_batch([*_stream("p-1", range(1, 3)), _msg(2, b"nope")])
    after = {m: _sample(m, name) for m in _METRICS}
    assert after["consumer_processed_total"] - before["consumer_processed_total"] == 2
    assert after["consumer_dead_lettered_total"] - before["consumer_dead_lettered_total"] == 1
    assert after["consumer_errors_total"] - before["consumer_errors_total"] == 1
    # Recorded 2024-01-01: the projection is that far behind the wall clock.
    assert _sample("projection_lag_seconds", name) > 3600


_METRICS = ("consumer_processed_total", "consumer_dead_lettered_total", "consumer_errors_total")


def test_reset_forgets_only_this_consumers_work(db: Engine) -> None:
    mine, theirs = _runner(db, "mine"), _runner(db, "theirs")
    batch: Sequence[InboundMessage] = _stream("p-1", range(1, 4))
    mine.process_batch(batch)
    theirs.process_batch(batch)

    mine.reset()

    # One stream: "theirs" still tracks it (one row, up to version 3); "mine" tracks nothing.
    assert snapshot(db) == [] and _tracked(db, "mine") == 0 and _tracked(db, "theirs") == 1
    assert mine.process_batch(batch).processed == 3  # and it can be built again


def test_message_ids_are_event_ids_or_position_and_content() -> None:
    env = event("p-1", 1)
    assert message_id(env, _msg(5, b"")) == env.event_id
    a, b = message_id(None, _msg(5, b"x")), message_id(None, _msg(5, b"y"))
    assert a.startswith(f"{TOPIC}:0:5:") and a != b  # same place after a broker restart
    long_topic = InboundMessage("t" * 200, 0, 1, None, b"x")
    assert len(message_id(None, long_topic)) <= 64


def test_dead_letter_error_text_is_truncated() -> None:
    letter = DeadLetter.build(
        consumer="c", service="s", message_id="m", topic="t", partition=0, offset=1,
        timestamp_ms=0, key=b"\xffk", value=b"\x00\xff", exc=RuntimeError("e" * 5000),
    )  # fmt: skip
    assert len(letter.error) == MAX_ERROR_CHARS and letter.error_type == "RuntimeError"
    assert letter.key == "\ufffdk" and letter.payload_bytes() == b"\x00\xff"
    assert DeadLetter.model_validate_json(letter.model_dump_json()) == letter


# -- strict order per stream (DESIGN.md, rule 4) ------------------------------------------------


def _versions(runner: ProjectionRunner, versions: Sequence[int], start_offset: int = 0) -> Any:
    """Stream p-1's events in the order given, at consecutive offsets."""
    batch = [_msg(start_offset + i, event_bytes("p-1", v)) for i, v in enumerate(versions)]
    return runner.process_batch(batch)


def _applied(db: Engine) -> tuple[int, int]:
    """(events applied, last version applied) of stream p-1."""
    (row,) = snapshot(db)
    return row[1], row[2]


def _waiting(consumer: str) -> float:
    return _sample("projection_stream_gaps_waiting", consumer)


def test_a_seen_version_is_a_duplicate_and_changes_nothing(db: Engine) -> None:
    runner = _runner(db, "order-dup")
    _versions(runner, [1, 2])
    again = _versions(runner, [2, 1], start_offset=2)
    assert (again.processed, again.skipped, again.gaps) == (0, 2, 0)
    assert _applied(db) == (2, 2)
    assert _waiting("order-dup") == 0


def test_a_version_beyond_the_next_is_a_gap_not_applied_nor_seen(db: Engine) -> None:
    name = "order-gap"
    runner = _runner(db, name)
    before = _sample("projection_stream_gaps_total", name)
    _versions(runner, [1])

    with capture_logs() as logs:
        result = _versions(runner, [3], start_offset=1)

    assert (result.processed, result.skipped, result.gaps) == (0, 0, 1)
    assert _applied(db) == (1, 1)  # not jumped to 3
    with db.connect() as conn:
        version = conn.execute(select(stream_positions.c.version)).scalar_one()
    assert version == 1  # not recorded as seen
    assert _sample("projection_stream_gaps_total", name) - before == 1
    assert _waiting(name) == 1
    (line,) = [entry for entry in logs if entry["event"].startswith("stream gap")]
    assert line["stream"] == f"{TOPIC}|p-1"
    assert (line["expected_version"], line["seen_version"]) == (2, 3)
    assert line["consumer"] == name and line["offset"] == 1
    assert "payload" not in line


def test_a_new_stream_starts_at_version_1(db: Engine) -> None:
    result = _versions(_runner(db, "order-new"), [2])
    assert (result.processed, result.gaps) == (0, 1)
    assert snapshot(db) == []


def test_when_the_missing_events_arrive_the_stream_goes_on(db: Engine) -> None:
    name = "order-fill"
    runner = _runner(db, name)
    _versions(runner, [1, 3])  # 3 waits on 2
    assert _waiting(name) == 1

    # What the relay republishes after a broker restart: the whole stream, in order.
    result = _versions(runner, [1, 2, 3], start_offset=2)

    assert (result.processed, result.skipped, result.gaps) == (2, 1, 0)
    assert _applied(db) == (3, 3)
    assert _waiting(name) == 0
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(stream_gaps)).scalar_one() == 0


def test_in_one_batch_versions_in_order_all_apply(db: Engine) -> None:
    result = _versions(_runner(db, "order-batch"), [1, 2, 3])
    assert (result.processed, result.gaps) == (3, 0)
    assert _applied(db) == (3, 3)


def test_in_one_batch_a_version_ahead_of_its_predecessors_waits(db: Engine) -> None:
    name = "order-ahead"
    runner = _runner(db, name)

    result = _versions(runner, [3, 1, 2])

    assert (result.processed, result.gaps) == (2, 1)
    assert _applied(db) == (2, 2)
    assert _waiting(name) == 1  # 3 was seen and not yet applied
    later = _versions(runner, [3], start_offset=3)  # redelivered
    assert (later.processed, later.gaps) == (1, 0)
    assert _applied(db) == (3, 3)
    assert _waiting(name) == 0


def test_the_waiting_gauge_comes_from_the_tracking_rows_after_a_restart(db: Engine) -> None:
    name = "order-restart"
    _versions(_runner(db, name), [1, 3])
    metrics.STREAMS_WAITING.labels(name).set(0)  # a new process starts from zero

    restarted = _runner(db, name)
    restarted.restore()  # at start-up, before any batch
    assert _waiting(name) == 1
    restarted.process_batch(_stream("p-2", range(1, 2)))
    assert _waiting(name) == 1
    _versions(restarted, [2, 3], start_offset=5)
    assert _waiting(name) == 0


def test_reset_forgets_the_waiting_streams(db: Engine) -> None:
    name = "order-reset"
    runner = _runner(db, name)
    _versions(runner, [2])
    assert _waiting(name) == 1
    runner.reset()
    assert _waiting(name) == 0
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(stream_gaps)).scalar_one() == 0


class _Peeking(StreamCounts):
    """Reads only closures with the reason "keep"; the others are skipped undecoded."""

    def decode(self, msg: InboundMessage) -> Any:
        return decode_only(msg, {"petition.closed"}, must_hold=b'"keep"')

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        if not isinstance(event, Skipped):
            super().apply(conn, event, msg)

    apply_batch = Projection.apply_batch


def test_events_skipped_undecoded_still_advance_their_stream(db: Engine) -> None:
    runner = _runner(db, "order-peek", projection=_Peeking("order-peek", [TOPIC]))
    batch = [_msg(0, event_bytes("p-1", 1)), _msg(1, event_bytes("p-1", 2, reason="keep"))]
    result = runner.process_batch(batch)
    assert (result.processed, result.gaps) == (2, 0)
    assert _applied(db) == (1, 2)


def test_an_undecodable_event_whose_header_reads_does_not_block_its_stream(db: Engine) -> None:
    runner = _runner(db, "order-poison")
    broken = event_bytes("p-1", 2).replace(b'"payload":{', b'"payload":{"oops":1,')
    batch = [_msg(0, event_bytes("p-1", 1)), _msg(1, broken), _msg(2, event_bytes("p-1", 3))]
    result = runner.process_batch(batch)
    assert (result.processed, result.dead_lettered, result.gaps) == (2, 1, 0)
    assert _applied(db) == (2, 3)
