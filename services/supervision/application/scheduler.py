"""The deadline scheduler: sweeps running deadlines and signals each light change and each
missed deadline exactly once.

Exactly once: a signal is a row of ``sv_signals`` keyed (petition, step, due date, light),
written in the same transaction as its events (appended to a stream of the same key, so the
event store's unique version refuses a second one too) and its outbox rows. A second
scheduler, a restart or a retry finds the key taken and moves on. After downtime the first
sweep catches up: a deadline that passed meanwhile is still running (red now), or its step
ended late (``sv_steps.met`` false) with no signal, and both are swept.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import structlog
from sqlalchemy import Connection, Engine, insert
from sqlalchemy.exc import IntegrityError

from services.supervision.application.sweep_sql import changed_lights, late_unsignalled
from services.supervision.domain.lights import LightRules
from services.supervision.tables import signals
from shared.clock import Clock
from shared.eventstore import ConcurrencyConflict, EventStore, NewEvent, OutboxMessage
from shared.eventstore.db import read_only
from shared.eventstore.store import UnitOfWork
from shared.runtime.topics import Topics
from shared.schemas.envelope import Actor
from shared.schemas.supervision import DeadlineMissed, Light, LightChanged, OverdueCase, Step

log = structlog.get_logger(__name__)

SCHEDULER = Actor(user_id="supervision-scheduler", role="system", org="supervision")
_IDS = uuid.UUID("5d3b1c8e-0f4a-4e6b-9a21-7c8d2e4f6a10")
_CHUNK = 500
_READY_POLL_S = 0.5
_READY_LOG_EVERY_S = 60.0

Ready = Callable[[], Awaitable[bool]]


@dataclass(frozen=True)
class SweepResult:
    today: date
    yellow: int = 0
    red: int = 0
    late: int = 0


def signal_key(petition_id: str, step: str, due_on: date, light: str) -> str:
    return f"sig:{petition_id}:{step}:{due_on.isoformat()}:{light}"


def event_id(key: str, what: str) -> str:
    """Ids derive from the key: a retried signal carries the same ids as the first try."""
    return str(uuid.uuid5(_IDS, f"{key}|{what}"))


class Scheduler:
    def __init__(
        self,
        engine: Engine,
        topics: Topics,
        clock: Clock,
        rules: LightRules,
        *,
        interval_s: float = 60.0,
        ready: Ready | None = None,
    ) -> None:
        self.engine = engine
        self.store = EventStore(engine, topics.supervision_events)
        self.topics = topics
        self.clock = clock
        self.rules = rules
        self.interval_s = interval_s
        # The first sweep waits for this: the projection has applied what was published
        # while the service was down (shared.consumer.catchup). None: sweep at once.
        self.ready = ready
        self.sweeps = 0  # completed sweeps: readiness waits for the first (the catch-up)
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # -- one sweep -----------------------------------------------------------------------

    def sweep(self) -> SweepResult:
        today = self.clock.today()
        with self.engine.connect() as conn:
            running = [
                dict(r)
                for r in read_only(conn).execute(changed_lights(today, self.rules)).mappings()
            ]
            late = [dict(r) for r in read_only(conn).execute(late_unsignalled()).mappings()]
        counts = {"yellow": 0, "red": 0, "late": 0}
        for chunk in _chunks(running):
            for row in self._signal_all(chunk, today, self._running_signal):
                counts[row["light"]] += 1
        for chunk in _chunks(late):
            counts["late"] += len(self._signal_all(chunk, today, self._late_signal))
        self.sweeps += 1
        result = SweepResult(today, counts["yellow"], counts["red"], counts["late"])
        if running or late:
            log.info("deadline sweep", today=str(today), **counts)
        return result

    def _signal_all(
        self, rows: list[dict[str, Any]], today: date, make: Any
    ) -> list[dict[str, Any]]:
        done: list[dict[str, Any]] = []
        with self.store.unit_of_work() as uow:
            for row in rows:
                try:
                    with uow.connection.begin_nested():
                        make(uow, row, today)
                except (IntegrityError, ConcurrencyConflict):
                    continue  # another scheduler sent it first
                done.append(row)
        return done

    def _running_signal(self, uow: UnitOfWork, row: dict[str, Any], today: date) -> None:
        light = Light(row["light"])
        key = _claim(uow.connection, row["petition_id"], row["step"], row["due_on"], light)
        changed = LightChanged(
            petition_id=row["petition_id"],
            step=Step(row["step"]),
            due_on=row["due_on"],
            light=light,
            on=today,
        )
        if light is not Light.RED:
            uow.append(key, 0, [self._event(key, changed)])
            return
        eff = row["due_on"] + timedelta(days=row["paused_days"])
        missed = _missed(row, today, (today - eff).days, None)
        stored = uow.append(key, 0, [self._event(key, changed), self._event(key, missed)])
        uow.add_outbox([self._overdue(stored[-1].event_id, missed, True)])

    def _late_signal(self, uow: UnitOfWork, row: dict[str, Any], today: date) -> None:
        key = _claim(uow.connection, row["petition_id"], row["step"], row["due_on"], Light.RED)
        eff = row["due_on"] + timedelta(days=row["paused_days"])
        missed = _missed(row, today, max(1, (row["ended_on"] - eff).days), row["ended_on"])
        stored = uow.append(key, 0, [self._event(key, missed)])
        uow.add_outbox([self._overdue(stored[-1].event_id, missed, False)])

    def _event(self, key: str, payload: Any) -> NewEvent:
        return NewEvent(
            payload=payload,
            actor=SCHEDULER,
            correlation_id=event_id(key, "correlation")[:64],
            occurred_at=self.clock.now(),
            event_id=event_id(key, payload.type),
        )

    def _overdue(self, message_id: str, p: DeadlineMissed, still_open: bool) -> OutboxMessage:
        case = OverdueCase(
            message_id=message_id,
            still_open=still_open,
            **p.model_dump(
                include={
                    "petition_id",
                    "tracking_code",
                    "step",
                    "due_on",
                    "detected_on",
                    "days_overdue",
                    "department",
                    "handler",
                    "case_owner",
                    "region_code",
                    "category_code",
                }
            ),
        )
        return OutboxMessage(
            topic=self.topics.overdue,
            key=p.petition_id.encode(),
            value=case.model_dump_json().encode(),
            message_id=message_id,
            headers={"content-type": "application/json", "event_type": "supervision.overdue"},
        )

    # -- the loop ------------------------------------------------------------------------

    async def start(self) -> None:
        self._stop.clear()
        self._task = asyncio.create_task(self._run(), name="supervision-scheduler")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def caught_up(self) -> bool:
        return self.sweeps > 0

    async def _run(self) -> None:
        await self._wait_until_ready()
        while not self._stop.is_set():
            try:
                await asyncio.to_thread(self.sweep)
            except Exception:
                # The database is down, say: the next sweep catches up on what this missed.
                log.exception("deadline sweep failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.interval_s)

    async def _wait_until_ready(self) -> None:
        if self.ready is None:
            return
        waited = 0.0
        while not self._stop.is_set():
            try:
                if await self.ready():
                    return
            except Exception as exc:  # the broker is away: keep waiting, never sweep stale
                log.warning("catch-up check failed", error_type=type(exc).__name__)
            if waited % _READY_LOG_EVERY_S < _READY_POLL_S:
                log.info("first sweep waits for the deadline projection to catch up")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), _READY_POLL_S)
            waited += _READY_POLL_S


def _claim(conn: Connection, petition_id: str, step: str, due_on: date, light: Light) -> str:
    key = signal_key(petition_id, step, due_on, light.value)
    row = {
        "petition_id": petition_id,
        "step": step,
        "due_on": due_on,
        "light": light.value,
        "event_id": event_id(key, "signal"),
    }
    conn.execute(insert(signals), [row])
    return key


def _missed(row: dict[str, Any], today: date, days: int, completed: date | None) -> DeadlineMissed:
    department = row.get("step_org", row.get("department"))
    sources = [row.get("due_event_id"), row.get("end_event_id")]
    return DeadlineMissed(
        petition_id=row["petition_id"],
        tracking_code=row.get("tracking_code"),
        step=Step(row["step"]),
        due_on=row["due_on"],
        detected_on=today,
        days_overdue=max(1, days),
        completed_on=completed,
        department=department,
        handler=row.get("handler"),
        case_owner=row.get("case_owner"),
        region_code=row.get("region_code"),
        category_code=row.get("category_code"),
        received_on=row.get("received_on"),
        petitioner_key=row.get("petitioner_key"),
        source_event_ids=tuple(s for s in sources if s),
    )


def _chunks(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), _CHUNK):
        yield rows[start : start + _CHUNK]
