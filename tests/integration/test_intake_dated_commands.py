"""A command another service sends about a petition of a dated run (``sunshine demo``) is
dated in the petition's own time, after its latest event, never on the wall clock's day; in
production it is dated now (issue 12)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from services.intake.api.context import ApiContext
from services.intake.main import command_handler
from shared.clock import Clock, FakeClock, SystemClock
from shared.consumer import InboundMessage
from shared.schemas.commands import CommandMessage
from shared.schemas.envelope import Actor
from tests.support.intake_api import DEPT, REGISTRAR, TODAY, intake_client, registration

DATED = date(2026, 1, 15)
CITY = ZoneInfo("Asia/Shanghai")
ROUTING = Actor(user_id="routing", role="system", org="routing")


def _assign(runtime: ApiContext, pid: str) -> None:
    """Routing's assignment, as intake's consumer of ``petition.commands`` runs it."""
    cmd = CommandMessage(
        command_id=uuid.uuid4().hex,
        petition_id=pid,
        actor=ROUTING,
        correlation_id=uuid.uuid4().hex,
        command={"command": "assign", "department": DEPT, "reason": "rule r1"},
    )
    handler = command_handler(runtime)
    value = cmd.model_dump_json().encode()
    msg = InboundMessage(runtime.topics.petition_commands, 0, 0, pid.encode(), value)
    with runtime.engine.begin() as conn:
        handler.apply(conn, handler.decode(msg), msg)


def _register(db_url: str, clock: Clock, dated: bool) -> tuple[ApiContext, str]:
    extra = {"X-Sunshine-Today": str(DATED)} if dated else {}
    with intake_client(db_url, clock=clock, allow_date_override=dated) as client:
        body = registration(received_on="2026-01-12")
        r = client.post("/api/v1/petitions", json=body, headers={**REGISTRAR, **extra})
        assert r.status_code == 201, r.text
        runtime: ApiContext = client.app.state.parts.api  # type: ignore[attr-defined]
        return runtime, r.json()["id"]


def test_in_a_dated_run_a_command_follows_the_petition(db_url: str) -> None:
    # The wall clock: the event store records when events were really written.
    runtime, pid = _register(db_url, SystemClock(CITY), dated=True)
    _assign(runtime, pid)
    registered, assigned = runtime.store.read_stream(pid)
    assert assigned.payload.assigned_on == DATED  # type: ignore[union-attr]
    assert assigned.payload.acceptance_due == date(2026, 1, 30)  # type: ignore[union-attr]
    # As long after the registration, in the run's time, as it really came after it.
    lag = assigned.occurred_at - registered.occurred_at
    assert timedelta(0) <= lag <= timedelta(seconds=30)
    assert assigned.occurred_at.astimezone(CITY).date() == DATED


def test_in_production_a_command_is_dated_now(db_url: str) -> None:
    clock = FakeClock(TODAY)
    runtime, pid = _register(db_url, clock, dated=False)
    clock.advance(2)
    _assign(runtime, pid)
    _, assigned = runtime.store.read_stream(pid)
    assert assigned.payload.assigned_on == TODAY + timedelta(days=2)  # type: ignore[union-attr]
    assert assigned.occurred_at == clock.now()
    assert isinstance(assigned.occurred_at, datetime)
