"""The shapes of intake's answers, for the OpenAPI document and the typed web clients.

The routes build their bodies in ``views`` (what a caller may see differs by scope) and send
them as they are; these models describe them. Every model forbids what it does not name, so
tests/integration/test_intake_answers.py, which validates real answers against them, fails
the day a view grows a field the document does not have.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.schemas.envelope import Actor
from shared.schemas.petition import Attachment, Channel, Kind, Level, Petitioner, Rating


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PetitionSummary(_Answer):
    """A petition in a list, and the answer to a command on it."""

    id: str
    # None for whoever may not read the content (an auditor of the accused unit): the code
    # opens the public page with the reply.
    tracking_code: str | None
    status: str
    kind: Kind
    channel: Channel
    category_code: str
    region_code: str
    receiving_org: str
    department: str | None
    received_on: date
    current_due: date | None
    version: int
    overdue: bool


class CommandAnswer(PetitionSummary):
    """The petition after a command. ``rating_token`` only after a reply (the SMS link's
    secret, given once, to feedback's notice)."""

    rating_token: str | None = None


class Dues(_Answer):
    forward_due: date | None
    acceptance_due: date | None
    objection_due: date | None
    reply_due: date | None
    review_request_due: date | None
    review_decision_due: date | None
    next_request_due: date | None
    current_due: date | None


class HistoryStep(_Answer):
    version: int
    type: str
    occurred_at: datetime
    actor: Actor


class PetitionDetail(PetitionSummary):
    """One petition as the caller may see it: the content and the petitioner are absent
    (not null) where the scope rules keep them (DESIGN.md, Security)."""

    receiving_level: Level
    responsible_level: Level
    handler: str | None
    case_owner: str | None
    # The name the office gave the case owner (包案领导) when it set them.
    case_owner_name: str | None
    accused_org: str | None
    collective: bool
    headcount: int
    repeat_candidate_of: str | None
    skip_level: bool
    linked_to: str | None
    registered_at: datetime
    assigned_on: date | None
    accepted_on: date | None
    replied_on: date | None
    closed_on: date | None
    withdrawn_on: date | None
    extension_days: int
    unit_rating: Rating | None
    result_rating: Rating | None
    due: Dues
    allowed_commands: list[str]
    title: str | None = None
    content: str | None = None
    attachments: list[Attachment] | None = None
    petitioner: Petitioner | None = None
    reply_attachments: list[Attachment] | None = None
    history: list[HistoryStep]


class PetitionPage(_Answer):
    items: list[PetitionSummary]
    next_cursor: str | None


class EventView(_Answer):
    event_id: str
    type: str
    version: int
    occurred_at: datetime
    recorded_at: datetime | None
    actor: Actor
    correlation_id: str
    # The event's own payload (shared/schemas), less what the caller may not see.
    payload: dict[str, Any]


class PetitionEvents(_Answer):
    petition_id: str
    events: list[EventView]


class EarlierPetition(_Answer):
    id: str
    tracking_code: str | None
    category_code: str
    status: str
    received_on: date
    title: str | None
    same_category: bool
    repeat_candidate: bool


class EarlierPetitions(_Answer):
    items: list[EarlierPetition]
    repeat_window_days: int


def documented(model: type[BaseModel], description: str) -> dict[str, Any]:
    """A route's ``responses`` entry for the body it sends as it is (no ``response_model``:
    the view already is what the caller may see, and a second pass would cost every read)."""
    return {"model": model, "description": description}
