"""The public portal's use cases: send a verification code, take an attachment, register a
citizen's own petition. No login: the phone, proven by the code, stands in for one.

A submission registers through the same handler as a registrar's (``register_petition``),
in one transaction with the code's use, the attachments' link and the submission's record:
a refused registration leaves the code usable and the attachments free.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, func, insert, select, update

from services.intake.application import attachments as uploads
from services.intake.application.handling import Meta, Outcome, register_petition
from services.intake.domain import Context, Register
from services.intake.domain.errors import (
    PortalRefusal,
    SmsUnavailable,
    TooLarge,
    TooManyRequests,
    UnknownReference,
)
from services.intake.domain.labels import label
from services.intake.domain.portal import (
    BAD_FILE,
    EMPTY_FILE,
    NO_CODE,
    NO_CONSENT,
    SUBMISSION_DAY_LIMIT,
    WRONG_CODE,
    CodePolicy,
    SentCode,
    attachment_name,
    check_code,
    check_may_send,
    code_expiry,
    code_hash,
    code_text,
    keyed,
    sniff_media_type,
)
from services.intake.tables import attachments, portal_submissions, verification_codes
from shared.blobstore import BlobStore
from shared.errors import Invalid
from shared.eventstore import EventStore
from shared.notify import DeliveryError, Notifier, Outgoing
from shared.schemas.commands import AttachmentDetails, Code, PetitionerDetails
from shared.schemas.envelope import Actor
from shared.schemas.fields import Line, Prose
from shared.schemas.petition import Channel, Kind

vc = verification_codes.c
MB = 1024 * 1024


@dataclass(frozen=True)
class Portal:
    """What the portal's use cases share, built once at start-up (``main``)."""

    store: EventStore
    rules: Context
    policy: CodePolicy
    key: bytes
    notifier: Notifier
    blobs: BlobStore
    max_bytes: int = 10 * MB
    max_attachments: int = 5


class PortalPetitioner(PetitionerDetails):
    """The petitioner as the portal takes them: real-name, every field required."""

    name: Line = Field(min_length=1, max_length=100)
    id_number: Line = Field(min_length=1, max_length=32)
    phone: Line = Field(pattern=r"^1\d{10}$")
    address: Line = Field(min_length=1, max_length=300)


class PublicPetition(BaseModel):
    """``POST /api/v1/public/petitions`` (WEB_CONTRACT.md, "Public API")."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    kind: Kind
    category_code: Code
    region_code: Code
    title: Line = Field(min_length=1, max_length=200)
    content: Prose = Field(min_length=1, max_length=20000)
    petitioner: PortalPetitioner
    code: str = Field(pattern=r"^\d{6}$")
    consent: bool
    attachment_ids: tuple[str, ...] = Field(default=(), max_length=50)
    campaign_id: Code | None = None
    kiosk: Code | None = None
    # 检举控告类 may name the unit accused (kept from it, Art. 30).
    accused_org: Code | None = None


@dataclass(frozen=True)
class CodeSent:
    expires_in_s: int
    resend_after_s: int


def _utc(at: datetime) -> datetime:
    """SQLite gives back naive datetimes; every one stored here is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _latest_code(conn: Connection, phone_key: str) -> Any:
    q = (
        select(verification_codes)
        .where(vc.phone_key == phone_key)
        .order_by(vc.created_at.desc())
        .limit(1)
    )
    return conn.execute(q).first()


async def request_code(
    portal: Portal, phone: str, address: str, now: datetime, today: date
) -> CodeSent:
    """A new 6-digit code for ``phone``, within the limits; its row is written (and
    committed) before the SMS goes, so a resend or a limit always counts it."""
    policy, key = portal.policy, portal.key
    phone_key = keyed(key, "phone", phone)
    address_key = keyed(key, "address", address)
    code = f"{secrets.randbelow(10**6):06d}"
    code_id = str(uuid.uuid4())
    with portal.store.engine.begin() as conn:
        last = _latest_code(conn, phone_key)
        today_count = conn.execute(
            select(func.count()).where(vc.phone_key == phone_key, vc.day == today)
        ).scalar_one()
        hour_count = conn.execute(
            select(func.count()).where(
                vc.address_key == address_key, vc.created_at > now - timedelta(hours=1)
            )
        ).scalar_one()
        check_may_send(
            policy, now, _utc(last.created_at) if last else None, today_count, hour_count
        )
        conn.execute(
            insert(verification_codes).values(
                id=code_id,
                phone_key=phone_key,
                address_key=address_key,
                code_hash=code_hash(key, phone_key, code),
                day=today,
                created_at=now,
                expires_at=code_expiry(policy, now),
                attempts=0,
                used_at=None,
            )
        )
    message = Outgoing(code_id, "verification_code", phone, code_text(code, policy.ttl_s))
    try:
        await portal.notifier.send(message)
    except DeliveryError:
        raise SmsUnavailable("短信发送失败，请稍后再试") from None
    return CodeSent(policy.ttl_s, policy.resend_s)


@dataclass(frozen=True)
class Uploaded:
    id: str
    name: str
    media_type: str
    size_bytes: int
    sha256: str


def upload(portal: Portal, filename: str | None, data: bytes, now: datetime) -> Uploaded:
    """Keep one file, its type judged from its content; linked to a petition on submit."""
    if len(data) > portal.max_bytes:
        raise TooLarge(f"附件不能超过 {portal.max_bytes / MB:g} MB")
    if not data:
        raise PortalRefusal("body.file", EMPTY_FILE)
    media_type = sniff_media_type(data)
    if media_type is None:
        raise PortalRefusal("body.file", BAD_FILE)
    found = Uploaded(
        id=str(uuid.uuid4()),
        name=attachment_name(filename, media_type),
        media_type=media_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    # The bytes first: a row never names a blob that is not there.
    portal.blobs.put(found.id, data, media_type)
    with portal.store.engine.begin() as conn:
        conn.execute(insert(attachments).values(**found.__dict__, created_at=now))
    return found


@dataclass(frozen=True)
class Submitted:
    petition_id: str
    tracking_code: str


async def submit(
    portal: Portal, body: PublicPetition, now: datetime, today: date, correlation_id: str
) -> Submitted:
    if not body.consent:
        raise PortalRefusal("body.consent", NO_CONSENT)
    receiving_org = _receiving_org(portal, body)
    if len(body.attachment_ids) > portal.max_attachments:
        raise PortalRefusal("body.attachment_ids", uploads.too_many(portal.max_attachments))
    phone_key = keyed(portal.key, "phone", body.petitioner.phone)
    code_id = _verify(portal, phone_key, body.code, now)
    actor = Actor(
        user_id=f"kiosk:{body.kiosk}" if body.kiosk else "petitioner",
        role="petitioner",
        org="public",
    )
    meta = Meta(actor=actor, correlation_id=correlation_id[:64], at=now, today=today)

    def work(uow: Any) -> Outcome:
        conn: Connection = uow.connection
        used = conn.execute(
            update(verification_codes)
            .where(vc.id == code_id, vc.used_at.is_(None))
            .values(used_at=now)
        )
        if used.rowcount != 1:  # a concurrent submission took it
            raise PortalRefusal("body.code", NO_CODE)
        submitted_today = conn.execute(
            select(func.count()).where(
                portal_submissions.c.phone_key == phone_key, portal_submissions.c.day == today
            )
        ).scalar_one()
        if submitted_today >= portal.policy.submissions_per_phone_per_day:
            raise TooManyRequests(SUBMISSION_DAY_LIMIT)
        files = uploads.take(conn, body.attachment_ids, portal.max_attachments)
        cmd = _register_command(body, receiving_org, today, files)
        try:
            outcome = register_petition(uow, portal.rules, cmd, meta)
        except Invalid as exc:
            raise _in_chinese(exc) from None
        uploads.link(conn, body.attachment_ids, outcome.petition_id)
        conn.execute(
            insert(portal_submissions).values(
                petition_id=outcome.petition_id, phone_key=phone_key, day=today, created_at=now
            )
        )
        return outcome

    outcome = await portal.store.transact(work)
    return Submitted(outcome.petition_id, str(outcome.decision.tracking_code))


def _receiving_org(portal: Portal, body: PublicPetition) -> str:
    """A kiosk's petitions are received by its org; an online one by the petition office
    serving the matter's region, where routing's manual queue would take it too."""
    ref = portal.rules.refdata
    if body.kiosk is not None:
        org = ref.receiving_org_of_kiosk(body.kiosk)
        if org is None:
            raise PortalRefusal("body.kiosk", "未知的终端，请联系工作人员")
        return org
    if body.region_code not in ref.regions:
        raise PortalRefusal("body.region_code", f"请选择正确的{label('region_code')}")
    return ref.petition_office_for(body.region_code)


def _verify(portal: Portal, phone_key: str, code: str, now: datetime) -> str:
    """The id of the code row the given code matches; a wrong try is counted (and committed)
    before the refusal."""
    given = code_hash(portal.key, phone_key, code)
    with portal.store.engine.begin() as conn:
        row = _latest_code(conn, phone_key)
        sent = (
            SentCode(row.code_hash, _utc(row.expires_at), row.attempts, row.used_at is not None)
            if row is not None
            else None
        )
        matches = check_code(portal.policy, sent, given, now)
        if not matches:
            conn.execute(
                update(verification_codes)
                .where(vc.id == row.id)
                .values(attempts=verification_codes.c.attempts + 1)
            )
    if not matches:
        raise PortalRefusal("body.code", WRONG_CODE)
    return str(row.id)


def _register_command(
    body: PublicPetition, receiving_org: str, today: date, files: list[AttachmentDetails]
) -> Register:
    return Register(
        channel=Channel.ONLINE,
        kind=body.kind,
        category_code=body.category_code,
        region_code=body.region_code,
        receiving_org=receiving_org,
        received_on=today,
        title=body.title,
        content=body.content,
        attachments=tuple(files),
        petitioner=PetitionerDetails.model_validate(body.petitioner.model_dump()),
        accused_org=body.accused_org,
        campaign_id=body.campaign_id,
    )


def _in_chinese(exc: Invalid) -> PortalRefusal:
    """The registration rules' refusal, in the words the portal shows beside the field."""
    path = exc.field_path or "body"
    name = path.rsplit(".", 1)[-1]
    if isinstance(exc, UnknownReference):
        return PortalRefusal(path, f"请选择正确的{label(name)}")
    return PortalRefusal(path, f"{label(name)}填写有误")
