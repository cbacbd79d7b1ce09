"""The handlers HTTP and ``petition.commands`` share: load, check, decide, append, update the
row, all in the caller's unit of work (one transaction).

Callers pass a ``guard`` for access control on the current row (HTTP) or none (commands from
other services on the internal topic). Whatever the path, an actor of the accused unit finds
no accusation to act on (``shared.auth.scope.kept_from``). Every refusal is an exception and
writes nothing; a command that changes nothing (``Decision.events`` empty) writes nothing
either and returns the petition as it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from services.intake.application.history import SqlHistory
from services.intake.domain import (
    Context,
    Decision,
    PetitionCommand,
    PetitionNotFound,
    PetitionState,
    Register,
    VersionConflict,
    decide,
    fold,
)
from services.intake.domain import register as decide_registration
from services.intake.projections.rows import Row
from services.intake.projections.store import get_row, read_stream, write_row
from shared.auth.scope import PetitionFacts, kept_from
from shared.eventstore import ConcurrencyConflict, NewEvent, UnitOfWork
from shared.schemas.catalog import EventEnvelope
from shared.schemas.envelope import Actor
from shared.schemas.petition import Kind


@dataclass(frozen=True)
class Meta:
    """Who acts, when, and what caused it: ``at`` is the instant (UTC, the events'
    ``occurred_at``), ``today`` the city's date at that instant (what the decision counts
    from). Both come from one reading of ``shared.clock``, so they always agree."""

    actor: Actor
    correlation_id: str
    at: datetime
    today: date
    causation_id: str | None = None


@dataclass(frozen=True)
class Outcome:
    petition_id: str
    row: Row
    stored: list[EventEnvelope]
    decision: Decision

    @property
    def version(self) -> int:
        return int(self.row["version"])


RowGuard = Callable[[Row], None]


def dated(ctx: Context, uow: UnitOfWork, today: date) -> Context:
    """The start-up context on ``today``, reading history in this transaction."""
    return replace(ctx, today=today, history=SqlHistory(uow.connection))


def _new_events(decision: Decision, meta: Meta) -> list[NewEvent]:
    return [
        NewEvent(
            payload=payload,
            actor=meta.actor,
            correlation_id=meta.correlation_id,
            causation_id=meta.causation_id,
            occurred_at=meta.at,
        )
        for payload in decision.events
    ]


def _append(
    uow: UnitOfWork, petition_id: str, version: int, decision: Decision, meta: Meta
) -> list[EventEnvelope]:
    try:
        return uow.append(petition_id, version, _new_events(decision, meta))
    except ConcurrencyConflict as exc:  # a concurrent writer got there first
        raise VersionConflict(exc.expected, exc.actual, petition_id) from exc


def register_petition(
    uow: UnitOfWork, ctx: Context, cmd: Register, meta: Meta, petition_id: str | None = None
) -> Outcome:
    pid = petition_id or str(uuid.uuid4())
    decision = decide_registration(cmd, dated(ctx, uow, meta.today))
    stored = _append(uow, pid, 0, decision, meta)
    row = write_row(uow.connection, None, fold(()), stored)
    return Outcome(pid, row, stored, decision)


def handle_command(
    uow: UnitOfWork,
    ctx: Context,
    petition_id: str,
    cmd: PetitionCommand,
    meta: Meta,
    *,
    expected_version: int | None = None,
    guard: RowGuard | None = None,
) -> Outcome:
    conn = uow.connection
    before = get_row(conn, petition_id)
    if before is None:
        raise PetitionNotFound(petition_id)
    if guard is not None:
        guard(before)
    state = fold(e.payload for e in read_stream(conn, petition_id))
    if kept_from(meta.actor, _accusation_facts(state), ctx.refdata.org_tree):
        raise PetitionNotFound(petition_id)  # as for an absent petition (Art. 30)
    if expected_version is not None and expected_version != state.version:
        raise VersionConflict(expected_version, state.version, petition_id)
    decision = decide(state, cmd, dated(ctx, uow, meta.today))
    if not decision.events:
        return Outcome(petition_id, before, [], decision)
    stored = _append(uow, petition_id, state.version, decision, meta)
    row = write_row(conn, before, state, stored)
    return Outcome(petition_id, row, stored, decision)


def _accusation_facts(state: PetitionState) -> PetitionFacts:
    """What ``kept_from`` reads of a petition (the scope facts proper come from the row)."""
    return PetitionFacts(
        region=state.region_code or "",
        receiving_org=state.receiving_org or "",
        accusation=state.kind is Kind.ACCUSATION,
        accused_org=state.accused_org,
    )
