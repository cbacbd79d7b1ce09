"""The HTTP SMS adapter against a stub gateway of the test's own (http.server in a thread):
failures are retried with backoff and every attempt is recorded; a refused message is not
retried; credentials and the idempotency key reach the gateway."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select

from services.feedback.application.dispatch import Dispatcher, RetryPolicy
from services.feedback.main import MIGRATIONS
from services.feedback.projections.outreach import record_notification
from services.feedback.tables import notification_attempts, notifications
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.eventstore.tables import outbox
from shared.notify import HttpSmsNotifier
from shared.schemas.commands import CommandMessage, RecordAcceptanceNotice

T0 = datetime(2025, 3, 3, 9, tzinfo=UTC)


class Gateway:
    """Answers each POST with the next scripted status (the last one repeats)."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.received: list[dict[str, Any]] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                gateway.received.append(
                    {
                        "body": body,
                        "key": self.headers.get("Idempotency-Key"),
                        "auth": self.headers.get("Authorization"),
                    }
                )
                n = len(gateway.received)
                status = gateway.statuses[min(n, len(gateway.statuses)) - 1]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass  # keep test output quiet

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Gateway:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def db(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    migrate(engine, MIGRATIONS, "feedback")
    yield engine
    engine.dispose()


def queue_one(engine: Engine, nid: str = "n-1") -> None:
    with engine.begin() as conn:
        record_notification(
            conn, nid, "p-1", "dissatisfied_alert", "unit", "13900000001", "请回头看",
            T0.date(), None, T0,
        )  # fmt: skip


def state(engine: Engine, nid: str = "n-1") -> tuple[Any, list[tuple[bool, str]]]:
    with engine.connect() as conn:
        row = conn.execute(select(notifications).where(notifications.c.id == nid)).one()
        a = notification_attempts.c
        attempts = conn.execute(
            select(a.ok, a.detail).where(a.notification_id == nid).order_by(a.attempt)
        ).all()
    return row, [tuple(x) for x in attempts]


def dispatcher(engine: Engine, url: str, clock: Clock, attempts: int = 5) -> Dispatcher:
    notifier = HttpSmsNotifier(url, username="city", password="s3cret", timeout_s=2)
    policy = RetryPolicy(max_attempts=attempts, first_backoff_s=10, max_backoff_s=60)
    return Dispatcher(engine, notifier, policy=policy, now=clock)


async def test_retries_with_backoff_until_the_gateway_accepts(db: Engine) -> None:
    queue_one(db)
    clock = Clock()
    with Gateway([503, 500, 200]) as gw:
        d = dispatcher(db, gw.url, clock)
        assert await d.run_once() == 1  # 503
        row, _ = state(db)
        assert row.status == "pending" and row.attempts == 1
        assert await d.run_once() == 0  # backing off: not due yet
        clock.now += timedelta(seconds=10)
        assert await d.run_once() == 1  # 500; the next wait doubles
        clock.now += timedelta(seconds=10)
        assert await d.run_once() == 0
        clock.now += timedelta(seconds=10)
        assert await d.run_once() == 1  # 200
        await d.notifier.close()
    row, attempts = state(db)
    assert row.status == "sent" and row.attempts == 3 and row.sent_at is not None
    assert attempts == [(False, "http 503"), (False, "http 500"), (True, "http 200")]
    assert len(gw.received) == 3
    assert {r["key"] for r in gw.received} == {"n-1"}  # one key: the gateway can dedupe
    assert gw.received[0]["body"] == {"to": "13900000001", "text": "请回头看", "ref": "n-1"}
    assert gw.received[0]["auth"].startswith("Basic ")


async def test_gives_up_after_max_attempts_and_on_refusal(db: Engine) -> None:
    queue_one(db, "down")
    queue_one(db, "bad")
    clock = Clock()
    with Gateway([503]) as gw:
        d = dispatcher(db, gw.url, clock, attempts=2)
        await d.run_once()
        clock.now += timedelta(seconds=10)
        await d.run_once()
        await d.notifier.close()
    row, attempts = state(db, "down")
    assert row.status == "failed" and len(attempts) == 2
    with Gateway([400]) as gw:
        d = dispatcher(db, gw.url, clock)
        queue_one(db, "refused")
        await d.run_once()
        await d.notifier.close()
    row, attempts = state(db, "refused")
    assert row.status == "failed" and attempts == [(False, "http 400")]


async def test_unreachable_gateway_is_retried(db: Engine) -> None:
    queue_one(db)
    clock = Clock()
    with Gateway([200]) as gw:
        url = gw.url
    d = dispatcher(db, url, clock)  # the server is gone: connection refused
    await d.run_once()
    await d.notifier.close()
    row, attempts = state(db)
    assert row.status == "pending" and attempts[0][1].startswith("gateway unreachable")


async def test_dispatcher_loop_sends_in_the_background(db: Engine) -> None:
    queue_one(db)
    with Gateway([200]) as gw:
        notifier = HttpSmsNotifier(gw.url)
        d = Dispatcher(db, notifier, poll_interval_s=0.02)
        await d.start()
        try:
            deadline = asyncio.get_running_loop().time() + 10
            while state(db)[0].status != "sent":
                assert asyncio.get_running_loop().time() < deadline, "not sent in time"
                await asyncio.sleep(0.02)
        finally:
            await d.stop()


async def test_a_sent_acceptance_notice_is_reported_to_intake_and_nothing_else_is(
    db: Engine,
) -> None:
    """The 15-day notice duty is checked on intake's events: a delivered notice of
    acceptance (or non-acceptance) becomes a RecordAcceptanceNotice command, dated in the
    city's zone, committed with the notification's 'sent'. A reply notice, or a notice the
    gateway refused, reports nothing."""
    with db.begin() as conn:
        queued = [("n-acc", "p-1", "accepted"), ("n-not", "p-2", "not_accepted"),
                  ("n-rep", "p-3", "reply"), ("n-bad", "p-4", "accepted")]  # fmt: skip
        for nid, pid, kind in queued:
            record_notification(conn, nid, pid, kind, "petitioner", "139", "通知", T0.date(),
                                None, T0)  # fmt: skip
    clock = Clock()
    clock.now = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)  # already 2 March in Shanghai
    with Gateway([200, 400, 200, 200]) as gw:  # sent in id order: acc, bad, not, rep
        notifier = HttpSmsNotifier(gw.url, username="city", password="s3cret", timeout_s=2)
        d = Dispatcher(db, notifier, now=clock, commands_topic="petition.commands",
                       zone=ZoneInfo("Asia/Shanghai"), batch_size=1)  # fmt: skip
        while await d.run_once():
            pass
        await notifier.close()
    with db.connect() as conn:
        rows = conn.execute(select(outbox.c.value).where(outbox.c.topic == "petition.commands"))
        sent = [CommandMessage.model_validate_json(r.value) for r in rows]
    assert sorted(m.petition_id for m in sent) == ["p-1", "p-2"]
    for m in sent:
        assert isinstance(m.command, RecordAcceptanceNotice)
        assert m.command.notified_on == date(2026, 3, 2)
    assert state(db, "n-bad")[0].status == "failed"
