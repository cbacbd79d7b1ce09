"""What feedback records to go out, in whatever transaction the caller holds: its own events,
its commands to intake and the notifications the dispatcher sends. So the read tables the
caller updates commit with them (DESIGN.md, rule 2)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert

from services.feedback.tables import notifications
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


def record_notification(
    conn: Connection,
    nid: str,
    petition_id: str,
    kind: str,
    audience: str,
    recipient: str | None,
    body: str,
    event_on: date,
    due_on: date | None,
    at: datetime,
) -> None:
    """Record the intent to send; without an address it is undeliverable, on the record."""
    conn.execute(
        insert(notifications).values(
            id=nid,
            petition_id=petition_id,
            kind=kind,
            audience=audience,
            recipient=recipient,
            body=body,
            status="pending" if recipient else "undeliverable",
            attempts=0,
            event_on=event_on,
            due_on=due_on,
            created_at=at,
            next_attempt_at=at,
        )
    )
