"""``petition.commands``: commands from other services, run through the same handlers as HTTP.

A ``shared.consumer`` projection whose ``apply`` runs the command and appends its events in the
runner's transaction, so the events, the ``CommandOutcome`` (through the outbox) and the
tracking row commit together; the offset is acked only after that. The tracking key is the
``command_id``, so a command delivered twice runs once.

A refusal is a normal outcome, not a failure: it is published as ``refused`` and the message
is done. Only a message that is not a command at all goes to the dead-letter topic.

When a command happens: now, in production. In a dated development run (date override
allowed: ``sunshine demo`` replays past days) the senders are automatic actors reacting to a
petition event (routing to its registration, feedback to its acceptance), so the command is
dated in the petition's own time: after its latest event by as long as it really came after
it (``shared.clock.follow``). Dating from the petition rather than a date the sender carries
keeps the command contract as it is, covers every sender alike, and never puts a command's
events before the petition's latest one, even when a person moved the petition on before
the command arrived.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from services.intake.application.handling import (
    Meta,
    Outcome,
    handle_command,
    register_petition,
)
from services.intake.domain import (
    Context,
    InvalidTransition,
    PetitionNotFound,
    Register,
    RuleViolation,
    VersionConflict,
)
from services.intake.projections.store import read_stream
from shared.clock import Clock, city_date, follow
from shared.consumer import InboundMessage, Projection
from shared.errors import DomainError
from shared.eventstore import OutboxMessage, UnitOfWork
from shared.runtime.topics import Topics
from shared.schemas.commands import CommandMessage, CommandOutcome

NAME = "intake-commands"
_OUTCOME_IDS = uuid.UUID("2d0f5a8e-6c1b-4f7e-9b43-0a7c3e5d9f11")


@dataclass(frozen=True)
class ReceivedCommand:
    # The runner tracks a message by ``event_id``: for a command, its command id.
    event_id: str
    message: CommandMessage


def refusal_code(exc: DomainError) -> str:
    if isinstance(exc, InvalidTransition):
        return "invalid_transition"
    if isinstance(exc, VersionConflict):
        return "conflict"
    if isinstance(exc, PetitionNotFound):
        return "not_found"
    return "rule_violation" if isinstance(exc, RuleViolation) else "invalid"


class CommandHandler(Projection):
    name = NAME
    tables = ()  # nothing to rebuild: commands are acts, not a view

    def __init__(
        self, rules: Context, topics: Topics, clock: Clock, zone: ZoneInfo, *, dated: bool
    ) -> None:
        """``dated``: a development run that dates requests (see the module docstring)."""
        self.rules = rules
        self.petition_topics = topics
        self.clock = clock
        self.zone = zone
        self.dated = dated
        self.topics = (topics.petition_commands,)

    def decode(self, msg: InboundMessage) -> Any:
        cmd = CommandMessage.model_validate_json(msg.value)
        return ReceivedCommand(cmd.command_id, cmd)

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        cmd: CommandMessage = event.message
        uow = UnitOfWork(conn, self.petition_topics.petition_events)
        try:
            # A savepoint: a refusal that got as far as the database leaves nothing behind.
            with conn.begin_nested():
                outcome = self._run(uow, cmd)
        except DomainError as exc:
            result = CommandOutcome(
                command_id=cmd.command_id,
                petition_id=cmd.petition_id,
                status="refused",
                code=refusal_code(exc),
                reason=str(exc)[:1000],
            )
        else:
            result = CommandOutcome(
                command_id=cmd.command_id,
                petition_id=outcome.petition_id,
                status="done",
                version=outcome.version,
                event_ids=tuple(e.event_id for e in outcome.stored),
            )
        uow.add_outbox([self._outcome_message(result)])

    def _run(self, uow: UnitOfWork, cmd: CommandMessage) -> Outcome:
        at = self._at(uow.connection, cmd.petition_id)
        meta = Meta(
            actor=cmd.actor,
            correlation_id=cmd.correlation_id,
            causation_id=cmd.causation_id or cmd.command_id,
            at=at,
            today=city_date(at, self.zone),
        )
        if isinstance(cmd.command, Register):
            return register_petition(uow, self.rules, cmd.command, meta, cmd.petition_id)
        if cmd.petition_id is None:
            raise PetitionNotFound("(none given)")
        return handle_command(
            uow,
            self.rules,
            cmd.petition_id,
            cmd.command,
            meta,
            expected_version=cmd.expected_version,
        )

    def _at(self, conn: Connection, petition_id: str | None) -> datetime:
        """Now; in a dated run, now in the petition's own time (see the module docstring)."""
        now = self.clock.now()
        if not self.dated or petition_id is None:
            return now
        stream = read_stream(conn, petition_id)
        return follow(stream[-1].occurred_at, stream[-1].recorded_at, now) if stream else now

    def _outcome_message(self, result: CommandOutcome) -> OutboxMessage:
        return OutboxMessage(
            topic=self.petition_topics.command_outcomes,
            key=(result.petition_id or result.command_id).encode(),
            value=result.model_dump_json().encode(),
            message_id=str(uuid.uuid5(_OUTCOME_IDS, result.command_id)),
            headers={"content-type": "application/json", "command_id": result.command_id},
        )
