"""Appending feedback's own events, in whatever transaction the caller holds, so the read
tables it updates, the event and its outbox row commit together (DESIGN.md, rule 2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from shared.eventstore.store import NewEvent, OutboxMessage, UnitOfWork
from shared.schemas.commands import CommandMessage
from shared.schemas.envelope import Actor, new_id, utcnow


def append_own(
    conn: Connection,
    topic: str,
    stream_id: str,
    payload: Any,
    actor: Actor,
    *,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    occurred_at: datetime | None = None,
) -> None:
    """Append one event at the end of ``stream_id``; two writers of one stream serialise on
    the store's lock, and the loser's unique version makes it retry nothing silently."""
    uow = UnitOfWork(conn, topic)
    new = NewEvent(
        payload=payload,
        actor=actor,
        correlation_id=(correlation_id or new_id())[:64],
        causation_id=causation_id,
        occurred_at=occurred_at or utcnow(),
    )
    uow.append(stream_id, uow.current_version(stream_id), [new])


def send_command(conn: Connection, topic: str, message: CommandMessage) -> None:
    """A command for intake, through feedback's own outbox (never a direct publish)."""
    UnitOfWork(conn, None).add_outbox(
        [
            OutboxMessage(
                topic=topic,
                key=(message.petition_id or "").encode(),
                value=message.model_dump_json().encode(),
                message_id=message.command_id,
                headers={"content-type": "application/json", "command": message.command.command},
            )
        ]
    )
