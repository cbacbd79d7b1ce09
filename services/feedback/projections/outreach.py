"""The outreach consumer: what feedback does when a petition moves.

- notices to the petitioner: receipt (for an online petition, its tracking code with the
  track link instead), acceptance or non-acceptance, reply, rating invitation;
- a 不满意 rating (of the unit or of the result): an SMS to the handling unit, a revisit
  task (回头看) with its own deadline in the unit's queue, and a survey invitation;
- the revisit outcome the unit sent intake: done when intake's event records it, open again
  with the reason when intake refuses it (its ``CommandOutcome`` on
  ``petition.command-outcomes``, read here as routing reads its own commands' answers).

It only *records* what to send (``fb_notifications``) and appends its own events, in the
runner's transaction; the dispatcher sends later. So a redelivered event, skipped by the
tracking rows, can never text anyone twice. This consumer has side effects and is not
rebuilt from offset 0 (it is not among ``build_runners``).

Petition events are applied in each stream's order (the runner's rule); an answer is known by
its command id, so one republished at a new offset (after the embedded broker restarted) is
still a repeat, and the task's state makes a stale one harmless (``domain/revisits.py``).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select, update

from services.feedback.application import revisits as tasks
from services.feedback.application.ledger import append_own, record_notification
from services.feedback.domain import links, texts
from services.feedback.domain.revisits import Answer
from services.feedback.domain.survey import token_hash
from services.feedback.tables import contacts, revisits
from shared.auth.rating import DEV_RATING_LINK_KEY, rating_token
from shared.consumer import InboundMessage, Projection
from shared.consumer.projection import decode_current
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope
from shared.schemas.commands import CommandOutcome
from shared.schemas.envelope import Actor
from shared.schemas.feedback import RevisitOpened
from shared.schemas.petition import (
    Channel,
    PetitionAccepted,
    PetitionAssigned,
    PetitionNotAccepted,
    PetitionRated,
    PetitionRegistered,
    PetitionReplied,
    Rating,
    RevisitOutcomeRecorded,
)

NAME = "feedback-outreach"
FEEDBACK_ACTOR = Actor(user_id="feedback", role="system", org="feedback")
_IDS = uuid.UUID("0b8f5c2a-7d3e-4e61-9a4f-1c2d3e4f5a6b")


@dataclass(frozen=True)
class OutreachConfig:
    revisit_days: int = 15
    public_base_url: str = links.DEFAULT_PUBLIC_BASE_URL
    # Department code -> the number (or gateway address) its SMS alerts go to.
    unit_contacts: Mapping[str, str] = field(default_factory=dict)
    rating_link_key: bytes = field(default=DEV_RATING_LINK_KEY.encode(), repr=False)


def notification_id(cause: EventEnvelope, kind: str) -> str:
    return str(uuid.uuid5(_IDS, f"{cause.event_id}|{kind}"))


@dataclass(frozen=True)
class Answered:
    """Intake's answer to a command. The runner tracks a message by ``event_id``: intake
    answers each command once, so its command id names it."""

    event_id: str
    outcome: CommandOutcome

    @classmethod
    def of(cls, outcome: CommandOutcome) -> Answered:
        return cls(f"answer:{outcome.command_id}", outcome)


class Outreach(Projection):
    def __init__(self, topics: Topics, config: OutreachConfig, name: str = NAME) -> None:
        self.name = name
        self.topics = (topics.petition_events, topics.command_outcomes)
        self.outcomes_topic = topics.command_outcomes
        self.feedback_topic = topics.feedback_events
        self.config = config

    def decode(self, msg: InboundMessage) -> Any:
        if msg.topic == self.outcomes_topic:
            return Answered.of(CommandOutcome.model_validate_json(msg.value))
        return decode_current(msg.value)

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        if isinstance(event, Answered):
            self._answered(conn, event.outcome)
            return
        p = event.payload
        if isinstance(p, PetitionRegistered):
            self._registered(conn, event, p)
            return
        contact = _contact(conn, event.stream_id)
        if contact is None:
            return  # a petition registered before feedback was listening
        if isinstance(p, PetitionAssigned):
            conn.execute(
                update(contacts)
                .where(contacts.c.petition_id == event.stream_id)
                .values(department=p.department, acceptance_due=p.acceptance_due)
            )
        elif isinstance(p, PetitionAccepted):
            body = texts.accepted(contact["tracking_code"], p.reply_due)
            self._notify(conn, event, "accepted", contact, body, p.accepted_on, contact["due"])
        elif isinstance(p, PetitionNotAccepted):
            body = texts.not_accepted(contact["tracking_code"])
            self._notify(conn, event, "not_accepted", contact, body, p.decided_on, contact["due"])
        elif isinstance(p, PetitionReplied):
            code = contact["tracking_code"]
            self._notify(conn, event, "reply", contact, texts.reply(code), p.replied_on)
            # The token intake handed out with this reply, made again from the shared key:
            # the event carries only its hash (shared/auth/rating.py).
            token = rating_token(self.config.rating_link_key, code, event.stream_version)
            link = links.rating_link(self.config.public_base_url, code, token)
            body = texts.rating_invitation(code, link)
            self._notify(conn, event, "rating_invitation", contact, body, p.replied_on)
        elif isinstance(p, PetitionRated) and _dissatisfied(p):
            self._revisit(conn, event, p, contact)
        elif isinstance(p, RevisitOutcomeRecorded):
            tasks.recorded(conn, self.feedback_topic, event, p)

    def _answered(self, conn: Connection, o: CommandOutcome) -> None:
        if o.petition_id is None:
            return  # a registration's answer: no revisit of ours
        answer = Answer(o.command_id, o.status == "refused", o.code, o.reason)
        tasks.answered(conn, o.petition_id, answer)

    def _registered(self, conn: Connection, env: EventEnvelope, p: PetitionRegistered) -> None:
        row = {
            "petition_id": env.stream_id,
            "tracking_code": p.tracking_code,
            "phone": p.petitioner.phone,
            "region_code": p.region_code,
            "category_code": p.category_code,
            "department": p.receiving_org,
            "accused_org": p.accused_org,
            "acceptance_due": p.acceptance_notice_due,
        }
        conn.execute(insert(contacts).values(**row))
        contact = {**row, "due": p.acceptance_notice_due}
        if p.channel is Channel.ONLINE and p.petitioner.phone:
            # Submitted by the petitioner: the code on the receipt page, once, and here.
            link = links.track_link(self.config.public_base_url, p.tracking_code)
            body = texts.tracking_code(p.tracking_code, link)
            self._notify(conn, env, "tracking_code", contact, body, p.received_on)
            return
        body = texts.receipt(p.tracking_code)
        self._notify(conn, env, "receipt", contact, body, p.received_on)

    def _revisit(
        self, conn: Connection, env: EventEnvelope, p: PetitionRated, contact: dict[str, Any]
    ) -> None:
        exists = conn.execute(
            select(revisits.c.petition_id).where(revisits.c.petition_id == env.stream_id)
        ).first()
        if exists is not None:
            return  # one revisit per petition, even if it is rated again
        department = contact["department"]
        due = p.rated_on + timedelta(days=self.config.revisit_days)
        token = secrets.token_urlsafe(24)
        conn.execute(
            insert(revisits).values(
                petition_id=env.stream_id,
                department=department,
                region_code=contact["region_code"],
                tracking_code=contact["tracking_code"],
                unit_rating=p.unit_rating.value,
                result_rating=p.result_rating.value,
                rated_on=p.rated_on,
                due_on=due,
                state="open",
                survey_token_hash=token_hash(token),
            )
        )
        opened = RevisitOpened(
            petition_id=env.stream_id,
            department=department,
            region_code=contact["region_code"],
            rated_on=p.rated_on,
            due_on=due,
        )
        append_own(
            conn, self.feedback_topic, f"revisit-{env.stream_id}", opened, FEEDBACK_ACTOR,
            correlation_id=env.correlation_id, causation_id=env.event_id,
            occurred_at=env.occurred_at,  # opened when rated: in a dated run, on its day
        )  # fmt: skip
        unit = {"recipient": self.config.unit_contacts.get(department, f"org:{department}")}
        alert = texts.dissatisfied_alert(contact["tracking_code"], due)
        self._notify(conn, env, "dissatisfied_alert", unit, alert, p.rated_on, audience="unit")
        link = links.survey_link(self.config.public_base_url, token)
        invite = texts.survey_invitation(contact["tracking_code"], link)
        self._notify(conn, env, "survey_invitation", contact, invite, p.rated_on)

    def _notify(
        self,
        conn: Connection,
        cause: EventEnvelope,
        kind: str,
        contact: Mapping[str, Any],
        body: str,
        event_on: date,
        due_on: date | None = None,
        *,
        audience: str = "petitioner",
    ) -> None:
        record_notification(
            conn, notification_id(cause, kind), cause.stream_id, kind, audience,
            contact.get("recipient", contact.get("phone")), body, event_on, due_on,
            _event_time(cause),
        )  # fmt: skip


def _dissatisfied(p: PetitionRated) -> bool:
    return Rating.DISSATISFIED in (p.unit_rating, p.result_rating)


def _contact(conn: Connection, petition_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(contacts).where(contacts.c.petition_id == petition_id)).first()
    if row is None:
        return None
    found = dict(row._mapping)
    found["due"] = found["acceptance_due"]
    return found


def _event_time(env: EventEnvelope) -> datetime:
    return env.recorded_at or env.occurred_at
