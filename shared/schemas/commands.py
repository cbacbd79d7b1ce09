"""Commands on a petition, as the HTTP API and ``petition.commands`` carry them.

Each has a ``command`` discriminator, so one union parses any of them. Dates of actions are
not in the commands: the handler takes "today" from the caller's clock. The exceptions are
facts that happened elsewhere: when a letter was received, when the petitioner was told,
when the revisit took place.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from shared.schemas.envelope import Actor
from shared.schemas.fields import Day, Int64, Line, Prose
from shared.schemas.idnumber import id_number_problem
from shared.schemas.petition import Attachment, Channel, IdType, Kind, Petitioner, Rating

Text = Annotated[Prose, Field(min_length=1, max_length=1000)]
Code = Annotated[Line, Field(min_length=1, max_length=64)]


class PetitionerDetails(Petitioner):
    """The petitioner as a request gives them, checked at the edge; the event keeps a
    ``Petitioner``. Clients that send no ``id_type`` send a resident ID."""

    name: Line = Field(max_length=100)
    id_type: IdType = IdType.RESIDENT_ID
    id_number: Line | None = Field(default=None, max_length=32)
    phone: Line | None = Field(default=None, max_length=32)
    address: Line | None = Field(default=None, max_length=300)

    @field_validator("id_number")
    @classmethod
    def _valid_for_its_type(cls, value: str | None, info: ValidationInfo) -> str | None:
        id_type = info.data.get("id_type")  # absent when it was itself invalid
        problem = id_number_problem(id_type, value) if value and id_type else None
        if problem:
            raise ValueError(problem)
        return value

    def as_event(self) -> Petitioner:
        return Petitioner.model_validate(self.model_dump())


class AttachmentDetails(Attachment):
    id: Line | None = Field(default=None, max_length=64)
    name: Line = Field(max_length=200)
    media_type: Line = Field(max_length=100)
    size_bytes: Int64 = Field(ge=0)
    sha256: Line | None = Field(default=None, max_length=64)

    def as_event(self) -> Attachment:
        return Attachment.model_validate(self.model_dump())


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Register(_Command):
    command: Literal["register"] = "register"
    channel: Channel
    kind: Kind
    category_code: Code
    region_code: Code
    receiving_org: Code
    received_on: Day
    collective: bool = False
    headcount: int = Field(default=1, ge=1, le=10000)
    title: Line = Field(min_length=1, max_length=200)
    content: Prose = Field(min_length=1, max_length=20000)
    attachments: tuple[AttachmentDetails, ...] = Field(default=(), max_length=50)
    petitioner: PetitionerDetails
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
    method: Line = Field(min_length=1, max_length=50)
    notified_on: Day | None = None  # defaults to today


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
    reply_text: Prose = Field(min_length=1, max_length=20000)
    document_ref: Line = Field(min_length=1, max_length=200)
    # The reply's documents (答复意见书...): intake's HTTP route fills this from the uploads
    # it links to the petition (``attachment_ids``).
    attachments: tuple[AttachmentDetails, ...] = Field(default=(), max_length=50)


class Close(_Command):
    command: Literal["close"] = "close"
    reason: Prose = Field(default="", max_length=1000)


class Rate(_Command):
    command: Literal["rate"] = "rate"
    token: Line = Field(min_length=8, max_length=128)
    unit_rating: Rating
    result_rating: Rating


class RequestReview(_Command):
    command: Literal["request_review"] = "request_review"
    reviewer_org: Code | None = None


class DecideReview(_Command):
    command: Literal["decide_review"] = "decide_review"
    upheld: bool
    decision_text: Prose = Field(min_length=1, max_length=20000)


class RequestReReview(_Command):
    command: Literal["request_re_review"] = "request_re_review"
    reviewer_org: Code | None = None


class DecideReReview(_Command):
    command: Literal["decide_re_review"] = "decide_re_review"
    upheld: bool
    decision_text: Prose = Field(min_length=1, max_length=20000)


class Withdraw(_Command):
    command: Literal["withdraw"] = "withdraw"
    reason: Prose = Field(default="", max_length=1000)


class Link(_Command):
    command: Literal["link"] = "link"
    earlier_petition_id: Code


class SetCaseOwner(_Command):
    command: Literal["set_case_owner"] = "set_case_owner"
    owner_user_id: Code
    owner_name: Line = Field(min_length=1, max_length=100)
    hard_case: bool = False


class RecordRevisitOutcome(_Command):
    command: Literal["record_revisit_outcome"] = "record_revisit_outcome"
    outcome: Prose = Field(min_length=1, max_length=2000)
    resolved: bool
    revisited_on: Day | None = None  # defaults to today


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

    command_id: Line = Field(min_length=1, max_length=64)
    # None for ``register``; intake assigns the new petition's id.
    petition_id: Line | None = Field(default=None, max_length=128)
    # None: run against whatever version the petition is at (commands decided on events
    # the sender has seen may still be refused by the petition's state).
    expected_version: Int64 | None = Field(default=None, ge=0)
    actor: Actor
    correlation_id: Line = Field(min_length=1, max_length=64)
    causation_id: Line | None = Field(default=None, max_length=64)
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
