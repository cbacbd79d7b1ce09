"""The commands routing sends intake, as outbox rows (never a direct publish: DESIGN.md, rule 2).

Command ids derive from the event that caused them, so a redelivered event produces the same
command id and intake can tell a repeat from a new command.
"""

from __future__ import annotations

import uuid

from services.routing.domain.matcher import Placement
from services.routing.domain.ruleset import Owner
from shared.eventstore.store import OutboxMessage
from shared.schemas.catalog import EventEnvelope
from shared.schemas.commands import AnyCommand, Assign, CommandMessage, SetCaseOwner
from shared.schemas.envelope import Actor

# Routing acts as a system actor; intake's command consumer records it on the events.
ROUTING_ACTOR = Actor(user_id="routing", role="system", org="routing")
_COMMAND_IDS = uuid.UUID("3c1f6a3e-2a7d-4f0e-8d62-7b5e1c9a4d10")


def command_id(cause: EventEnvelope, what: str) -> str:
    return str(uuid.uuid5(_COMMAND_IDS, f"{cause.event_id}|{what}"))


def assign_reason(placement: Placement, escalated: bool) -> str:
    rule = placement.rule
    constraints, depth, rank = placement.specificity
    text = f"rule {rule.id}"
    if rule.description:
        text += f" ({rule.description})"
    text += f"; specificity constraints={constraints} region_depth={depth} category={rank}"
    text += f", priority {rule.priority}"
    if escalated:
        text += f"; escalated to {rule.level.value} level"
    return text[:1000]


def assign(cause: EventEnvelope, placement: Placement, reason: str) -> CommandMessage:
    command = Assign(
        department=placement.department,
        reason=reason,
        forwarded=placement.rule.forwarded,
        rule_id=placement.rule.id,
    )
    # Decided on the petition as this event left it: if someone assigned it by hand
    # meanwhile, intake refuses rather than overriding a person.
    return _message(cause, "assign", command, expected_version=cause.stream_version)


def set_case_owner(cause: EventEnvelope, owner: Owner, hard_case: bool) -> CommandMessage:
    command = SetCaseOwner(owner_user_id=owner.user_id, owner_name=owner.name, hard_case=hard_case)
    return _message(cause, "set_case_owner", command, expected_version=None)


def _message(
    cause: EventEnvelope, what: str, command: AnyCommand, expected_version: int | None
) -> CommandMessage:
    return CommandMessage(
        command_id=command_id(cause, what),
        petition_id=cause.stream_id,
        expected_version=expected_version,
        actor=ROUTING_ACTOR,
        correlation_id=cause.correlation_id[:64],
        causation_id=cause.event_id,
        command=command,
    )


def to_outbox(topic: str, message: CommandMessage) -> OutboxMessage:
    return OutboxMessage(
        topic=topic,
        key=(message.petition_id or "").encode(),
        value=message.model_dump_json().encode(),
        message_id=message.command_id,
        headers={"content-type": "application/json", "command": message.command.command},
    )
