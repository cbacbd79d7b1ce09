"""The dispatcher: sends the notifications the consumers recorded, retrying failures.

Never called from a projection's transaction: a consumer records the intent (a row in
``fb_notifications``) with its tracking row, and this loop sends what is due. Each attempt is
recorded (``fb_notification_attempts``); a failure is retried with exponential backoff until
``max_attempts``, then the notification is marked failed. A crash between the send and the
update sends again on restart: at least once, with the notification id for the gateway to
dedupe on.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import Engine, insert, select, update

from services.feedback.application.ledger import send_command
from services.feedback.tables import notification_attempts, notifications
from shared.clock import as_utc, city_date, follow, on_city_date
from shared.notify import DeliveryError, Notifier, Outgoing
from shared.schemas.commands import CommandMessage, RecordAcceptanceNotice
from shared.schemas.envelope import Actor

log = structlog.get_logger(__name__)

# The notices whose sending intake records (``RecordAcceptanceNotice``).
ACCEPTANCE_NOTICES = frozenset({"accepted", "not_accepted"})
NOTIFIER_ACTOR = Actor(user_id="feedback-notifier", role="system", org="feedback")
_NOTICE_COMMANDS = uuid.UUID("9a4e6d21-3b7c-4f58-8e12-5c0d7b3a9f64")

Now = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Fact:
    """What a notification tells of: its petition, the fact's own day and when intake
    recorded the fact (the notification's ``created_at``)."""

    petition_id: str
    event_on: date
    recorded_at: datetime

    def sent_on(self, sent_at: datetime, zone: ZoneInfo) -> date:
        """The day the notice went out, in the fact's own time: as many days after the fact
        as it really took. In production a fact's day is the day it was recorded, so this is
        the day it was sent; in a dated run it is the run's day, not the wall clock's."""
        fact_at = on_city_date(self.event_on, zone, self.recorded_at)
        return city_date(follow(fact_at, self.recorded_at, sent_at), zone)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    first_backoff_s: float = 2.0
    max_backoff_s: float = 600.0

    def delay(self, attempts: int) -> timedelta:
        seconds = min(self.max_backoff_s, self.first_backoff_s * 2 ** (attempts - 1))
        return timedelta(seconds=seconds)


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        notifier: Notifier,
        *,
        policy: RetryPolicy | None = None,
        now: Now = utc_now,
        batch_size: int = 100,
        poll_interval_s: float = 0.5,
        commands_topic: str | None = None,
        zone: ZoneInfo | None = None,
    ) -> None:
        self.engine = engine
        self.notifier = notifier
        self.policy = policy or RetryPolicy()
        self.now = now
        self.batch_size = batch_size
        self.poll_interval_s = poll_interval_s
        # Where a sent acceptance notice is reported to intake (None: not reported), and the
        # city's time zone for the date it was sent on.
        self.commands_topic = commands_topic
        self.zone = zone or ZoneInfo("UTC")
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="feedback-dispatcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.notifier.close()

    async def _run(self) -> None:
        while True:
            try:
                sent = await self.run_once()
            except Exception as exc:  # the database is down: keep the loop alive
                log.error("dispatch pass failed", error_type=type(exc).__name__)
                sent = 0
            if sent == 0:
                await asyncio.sleep(self.poll_interval_s)

    async def run_once(self) -> int:
        """One pass over what is due; returns how many were attempted."""
        due = await asyncio.to_thread(self._due)
        for message in due:
            await self._attempt(message)
        return len(due)

    def _due(self) -> list[tuple[Outgoing, int, Fact]]:
        c = notifications.c
        q = (
            select(
                c.id,
                c.kind,
                c.recipient,
                c.body,
                c.attempts,
                c.petition_id,
                c.event_on,
                c.created_at,
            )
            .where(c.status == "pending", c.next_attempt_at <= self.now())
            .order_by(c.next_attempt_at, c.id)
            .limit(self.batch_size)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [
            (
                Outgoing(r.id, r.kind, r.recipient or "", r.body),
                r.attempts,
                Fact(r.petition_id, r.event_on, as_utc(r.created_at)),
            )
            for r in rows
        ]

    async def _attempt(self, item: tuple[Outgoing, int, Fact]) -> None:
        message, attempts, fact = item
        attempt = attempts + 1
        try:
            detail = await self.notifier.send(message)
        except DeliveryError as exc:
            await asyncio.to_thread(self._failed, message, attempt, exc)
            return
        except Exception as exc:  # an adapter bug must not stop the others
            err = DeliveryError(f"adapter error: {type(exc).__name__}")
            await asyncio.to_thread(self._failed, message, attempt, err)
            return
        await asyncio.to_thread(self._sent, message, attempt, detail, fact)

    def _sent(self, message: Outgoing, attempt: int, detail: str, fact: Fact) -> None:
        at = self.now()
        with self.engine.begin() as conn:
            _record(conn, message.id, attempt, at, True, detail)
            conn.execute(
                update(notifications)
                .where(notifications.c.id == message.id)
                .values(status="sent", attempts=attempt, sent_at=at, last_error=None)
            )
            if self.commands_topic and message.kind in ACCEPTANCE_NOTICES:
                # The notice of acceptance (or not) is the law's 15-day duty: once
                # it reached the petitioner, intake records it, in this transaction.
                notified_on = fact.sent_on(at, self.zone)
                command = acceptance_notice_command(fact.petition_id, message.id, notified_on)
                send_command(conn, self.commands_topic, command)

    def _failed(self, message: Outgoing, attempt: int, exc: DeliveryError) -> None:
        at = self.now()
        give_up = not exc.retryable or attempt >= self.policy.max_attempts
        values: dict[str, Any] = {"attempts": attempt, "last_error": exc.detail}
        if give_up:
            values["status"] = "failed"
        else:
            values["next_attempt_at"] = at + self.policy.delay(attempt)
        with self.engine.begin() as conn:
            _record(conn, message.id, attempt, at, False, exc.detail)
            conn.execute(
                update(notifications).where(notifications.c.id == message.id).values(**values)
            )
        log.warning(
            "notification not delivered",
            notification_id=message.id,
            kind=message.kind,
            attempt=attempt,
            gave_up=give_up,
            detail=exc.detail,
        )


def acceptance_notice_command(petition_id: str, notification_id: str, on: date) -> CommandMessage:
    return CommandMessage(
        # One command per notification: a resend after a crash is the same command.
        command_id=str(uuid.uuid5(_NOTICE_COMMANDS, notification_id)),
        petition_id=petition_id,
        actor=NOTIFIER_ACTOR,
        correlation_id=notification_id,
        command=RecordAcceptanceNotice(method="sms", notified_on=on),
    )


def _record(conn: Any, nid: str, attempt: int, at: datetime, ok: bool, detail: str) -> None:
    conn.execute(
        insert(notification_attempts).values(
            notification_id=nid, attempt=attempt, at=at, ok=ok, detail=detail[:200]
        )
    )
