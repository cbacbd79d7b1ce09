"""Commands on a petition, as the HTTP API and ``petition.commands`` carry them.

Each has a ``command`` discriminator, so one union parses any of them. Dates of actions are
not in the commands: the handler takes "today" from the caller's clock. The exceptions are
facts that happened elsewhere: when a letter was received, when the petitioner was told,
when the revisit took place.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.schemas.envelope import Actor
from shared.schemas.petition import Attachment, Channel, Kind, Petitioner, Rating

Text = Annotated[str, Field(min_length=1, max_length=1000)]
Code = Annotated[str, Field(min_length=1, max_length=64)]


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Register(_Command):
    command: Literal["register"] = "register"
    channel: Channel
    kind: Kind
    category_code: Code
    region_code: Code
    receiving_org: Code
    received_on: date
    collective: bool = False
    headcount: int = Field(default=1, ge=1, le=10000)
    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=20000)
    attachments: tuple[Attachment, ...] = Field(default=(), max_length=50)
    petitioner: Petitioner
    accused_org: Code | None = None
    campaign_id: Code | None = None


class Assign(_Command):
    command: Literal["assign"] = "assign"
    department: Code
    reason: Text
    forwarded: bool = False
    rule_id: Code | None = None


class Return(_Command):
    command: Literal["return"] = "return"
    department: Code
    reason: Text


class Accept(_Command):
    command: Literal["accept"] = "accept"
    handler: Code | None = None


class NotAccept(_Command):
    command: Literal["not_accept"] = "not_accept"
    reason: Text


class RecordAcceptanceNotice(_Command):
    command: Literal["record_acceptance_notice"] = "record_acceptance_notice"
    method: str = Field(min_length=1, max_length=50)
    notified_on: date | None = None  # defaults to today


class RequestExtension(_Command):
    command: Literal["request_extension"] = "request_extension"
    days: int = Field(ge=1, le=30)
    reason: Text


class ApproveExtension(_Command):
    command: Literal["approve_extension"] = "approve_extension"
    approver: Code
    days: int | None = Field(default=None, ge=1, le=30)  # defaults to the days requested


class RefuseExtension(_Command):
    command: Literal["refuse_extension"] = "refuse_extension"
    approver: Code
    reason: Text


class Reply(_Command):
    command: Literal["reply"] = "reply"
    reply_text: str = Field(min_length=1, max_length=20000)
    document_ref: str = Field(min_length=1, max_length=200)


class Close(_Command):
    command: Literal["close"] = "close"
    reason: str = Field(default="", max_length=1000)


class Rate(_Command):
    command: Literal["rate"] = "rate"
    token: str = Field(min_length=8, max_length=128)
    unit_rating: Rating
    result_rating: Rating


class RequestReview(_Command):
    command: Literal["request_review"] = "request_review"
    reviewer_org: Code | None = None


class DecideReview(_Command):
    command: Literal["decide_review"] = "decide_review"
    upheld: bool
    decision_text: str = Field(min_length=1, max_length=20000)


class RequestReReview(_Command):
    command: Literal["request_re_review"] = "request_re_review"
    reviewer_org: Code | None = None


class DecideReReview(_Command):
    command: Literal["decide_re_review"] = "decide_re_review"
    upheld: bool
    decision_text: str = Field(min_length=1, max_length=20000)


class Withdraw(_Command):
    command: Literal["withdraw"] = "withdraw"
    reason: str = Field(default="", max_length=1000)


class Link(_Command):
    command: Literal["link"] = "link"
    earlier_petition_id: Code


class SetCaseOwner(_Command):
    command: Literal["set_case_owner"] = "set_case_owner"
    owner_user_id: Code
    owner_name: str = Field(min_length=1, max_length=100)
    hard_case: bool = False


class RecordRevisitOutcome(_Command):
    command: Literal["record_revisit_outcome"] = "record_revisit_outcome"
    outcome: str = Field(min_length=1, max_length=2000)
    resolved: bool
    revisited_on: date | None = None  # defaults to today


PetitionCommand = (
    Assign
    | Return
    | Accept
    | NotAccept
    | RecordAcceptanceNotice
    | RequestExtension
    | ApproveExtension
    | RefuseExtension
    | Reply
    | Close
    | Rate
    | RequestReview
    | DecideReview
    | RequestReReview
    | DecideReReview
    | Withdraw
    | Link
    | SetCaseOwner
    | RecordRevisitOutcome
)
"""Every command on an existing petition (``Register`` starts one)."""

AnyCommand = Annotated[Register | PetitionCommand, Field(discriminator="command")]


class CommandMessage(BaseModel):
    """A command another service sends intake on ``petition.commands`` (keyed by petition id).

    Intake runs it through the same handler as the HTTP API and publishes a
    ``CommandOutcome`` with the same ``command_id`` on ``petition.command-outcomes``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    command_id: str = Field(min_length=1, max_length=64)
    # None for ``register``; intake assigns the new petition's id.
    petition_id: str | None = Field(default=None, max_length=128)
    # None: run against whatever version the petition is at (commands decided on events
    # the sender has seen may still be refused by the petition's state).
    expected_version: int | None = Field(default=None, ge=0)
    actor: Actor
    correlation_id: str = Field(min_length=1, max_length=64)
    causation_id: str | None = Field(default=None, max_length=64)
    command: AnyCommand


class CommandOutcome(BaseModel):
    """What became of a ``CommandMessage``: done (with the new version) or refused (why)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    command_id: str
    petition_id: str | None
    status: Literal["done", "refused"]
    version: int | None = None
    # A short machine-readable code (invalid_transition, conflict, rule_violation, invalid)
    # and a human-readable reason; never personal data.
    code: str | None = None
    reason: str | None = None
    event_ids: tuple[str, ...] = ()
