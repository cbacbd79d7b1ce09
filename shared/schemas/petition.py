"""Events of a petition stream. Intake is their only writer (DESIGN.md).

Due dates are computed by intake from the law's limits and carried in the events, so every
consumer sees the same dates. The petitioner's personal data lives only in ``Petitioner``.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Channel(StrEnum):
    LETTER = "letter"  # 来信
    VISIT = "visit"  # 来访
    ONLINE = "online"  # 网上
    PHONE = "phone"  # 来电
    SMS = "sms"
    WECHAT = "wechat"
    MAILBOX = "mailbox"


class Kind(StrEnum):
    SUGGESTION = "suggestion"  # 建议意见类
    ACCUSATION = "accusation"  # 检举控告类
    CLAIM = "claim"  # 申诉求决类


class Level(StrEnum):
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


class Rating(StrEnum):
    VERY_SATISFIED = "very_satisfied"  # 非常满意
    SATISFIED = "satisfied"  # 满意
    NOT_QUITE = "not_quite_satisfied"  # 不太满意
    DISSATISFIED = "dissatisfied"  # 不满意


class IdType(StrEnum):
    """What kind of document ``id_number`` is from."""

    RESIDENT_ID = "resident_id"  # 居民身份证, 18 characters (GB 11643)
    PASSPORT = "passport"  # 护照
    HK_MACAO_PERMIT = "hk_macao_permit"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit"  # 台湾居民来往大陆通行证
    OTHER = "other"


class Petitioner(_Payload):
    """Personal data: never logged, shown only to roles that need it (DESIGN.md, Security)."""

    name: str = Field(max_length=100)
    # None in events written before the type was recorded: a resident ID.
    id_type: IdType | None = None
    id_number: str | None = Field(default=None, max_length=32)
    phone: str | None = Field(default=None, max_length=32)
    address: str | None = Field(default=None, max_length=300)


class Attachment(_Payload):
    # The stored file's id (intake's attachments, read through the petition's rules); None
    # for attachments a registrar only described.
    id: str | None = Field(default=None, max_length=64)
    name: str = Field(max_length=200)
    media_type: str = Field(max_length=100)
    size_bytes: int = Field(ge=0)
    sha256: str | None = Field(default=None, max_length=64)


class PetitionRegistered(_Payload):
    type: Literal["petition.registered"] = "petition.registered"
    tracking_code: str
    channel: Channel
    kind: Kind
    category_code: str
    region_code: str
    receiving_org: str
    receiving_level: Level
    received_on: date
    collective: bool = False
    headcount: int = Field(default=1, ge=1)
    title: str = Field(max_length=200)
    content: str = Field(max_length=20000)
    attachments: tuple[Attachment, ...] = ()
    petitioner: Petitioner
    # Keyed hash of the ID number, for repeat matching; never the number itself.
    petitioner_key: str | None = None
    # 检举控告类 only: the unit accused, which must never see this petition (Art. 30, 45).
    accused_org: str | None = None
    campaign_id: str | None = None
    # The lowest level of government over the matter's region (三分一包: by level).
    responsible_level: Level
    # Earlier petition of the same petitioner and category within the repeat window.
    repeat_candidate_of: str | None = None
    # Received above the responsible level with no earlier petition at a lower level (越级).
    skip_level: bool = False
    forward_due: date
    # Applies when the receiving org handles the petition itself; an assignment sets its own.
    acceptance_notice_due: date


class PetitionAssigned(_Payload):
    type: Literal["petition.assigned"] = "petition.assigned"
    department: str
    level: Level
    reason: str = Field(max_length=1000)
    rule_id: str | None = None
    # 转送 (forwarded: the unit decides) rather than 交办 (assigned: the result is reported back).
    forwarded: bool = False
    assigned_on: date
    # Last day the department may object that the petition is not its to handle (Art. 23).
    objection_due: date
    # Last day to decide on acceptance and tell the petitioner (Art. 23).
    acceptance_due: date


class PetitionReturned(_Payload):
    """The assigned department says the petition is not its to handle."""

    type: Literal["petition.returned"] = "petition.returned"
    department: str
    reason: str = Field(max_length=1000)
    returned_on: date


class PetitionAccepted(_Payload):
    type: Literal["petition.accepted"] = "petition.accepted"
    accepted_on: date
    handler: str | None = None
    reply_due: date


class PetitionNotAccepted(_Payload):
    type: Literal["petition.not_accepted"] = "petition.not_accepted"
    reason: str = Field(max_length=1000)
    decided_on: date


class AcceptanceNoticeRecorded(_Payload):
    type: Literal["petition.acceptance_notice_recorded"] = "petition.acceptance_notice_recorded"
    notified_on: date
    method: str = Field(max_length=50)


class ExtensionRequested(_Payload):
    type: Literal["petition.extension_requested"] = "petition.extension_requested"
    days: int = Field(ge=1, le=30)
    reason: str = Field(max_length=1000)
    requested_on: date


class ExtensionApproved(_Payload):
    type: Literal["petition.extension_approved"] = "petition.extension_approved"
    days: int = Field(ge=1, le=30)
    approver: str = Field(min_length=1, max_length=128)
    decided_on: date
    reply_due: date


class ExtensionRefused(_Payload):
    type: Literal["petition.extension_refused"] = "petition.extension_refused"
    approver: str = Field(min_length=1, max_length=128)
    reason: str = Field(max_length=1000)
    decided_on: date


class PetitionReplied(_Payload):
    type: Literal["petition.replied"] = "petition.replied"
    replied_on: date
    reply_text: str = Field(max_length=20000)
    document_ref: str = Field(max_length=200)
    # The reply's documents, stored as the petition's attachments; empty in a reply written
    # before replies carried them (an added field with a default: no new schema version).
    attachments: tuple[Attachment, ...] = Field(default=(), max_length=50)
    review_request_due: date
    # SHA-256 of the one-time rating token handed to the petitioner; never the token itself.
    rating_token_hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class PetitionClosed(_Payload):
    type: Literal["petition.closed"] = "petition.closed"
    reason: str = Field(default="", max_length=1000)
    # Optional only so that platform tests can build a bare event; intake always sets it.
    closed_on: date | None = None


class PetitionRated(_Payload):
    type: Literal["petition.rated"] = "petition.rated"
    unit_rating: Rating
    result_rating: Rating
    rated_on: date


class ReviewRequested(_Payload):
    """复查 (Art. 35); ``stage`` "re_review" is 复核 (Art. 36)."""

    type: Literal["petition.review_requested"] = "petition.review_requested"
    stage: Literal["review", "re_review"]
    requested_on: date
    decision_due: date
    # The body asked to review: the one above the unit that replied (or reviewed).
    reviewer_org: str | None = None


class ReviewDecided(_Payload):
    type: Literal["petition.review_decided"] = "petition.review_decided"
    stage: Literal["review", "re_review"]
    decided_on: date
    upheld: bool
    decision_text: str = Field(max_length=20000)
    # Last day to ask for re-review after a review; None after re-review, which is final.
    next_request_due: date | None = None


class PetitionWithdrawn(_Payload):
    type: Literal["petition.withdrawn"] = "petition.withdrawn"
    reason: str = Field(default="", max_length=1000)
    # Optional only so that platform tests can build a bare event; intake always sets it.
    withdrawn_on: date | None = None


class PetitionLinked(_Payload):
    type: Literal["petition.linked"] = "petition.linked"
    earlier_petition_id: str
    # The earlier petition's claim was concluded by re-review: not accepted again (Art. 36).
    earlier_concluded: bool = False


class CaseOwnerSet(_Payload):
    type: Literal["petition.case_owner_set"] = "petition.case_owner_set"
    owner_user_id: str
    owner_name: str
    hard_case: bool = False


class RevisitOutcomeRecorded(_Payload):
    type: Literal["petition.revisit_outcome_recorded"] = "petition.revisit_outcome_recorded"
    outcome: str = Field(max_length=2000)
    resolved: bool
    revisited_on: date


PETITION_EVENTS = (
    PetitionRegistered,
    PetitionAssigned,
    PetitionReturned,
    PetitionAccepted,
    PetitionNotAccepted,
    AcceptanceNoticeRecorded,
    ExtensionRequested,
    ExtensionApproved,
    ExtensionRefused,
    PetitionReplied,
    PetitionClosed,
    PetitionRated,
    ReviewRequested,
    ReviewDecided,
    PetitionWithdrawn,
    PetitionLinked,
    CaseOwnerSet,
    RevisitOutcomeRecorded,
)
