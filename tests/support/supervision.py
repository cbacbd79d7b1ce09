"""Petition events and the API's context for supervision's tests and benchmarks (no service
code depends on this).

Deterministic: the same petition and position give the same event id, as a redelivery would.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, select

from services.supervision.api import ApiContext
from services.supervision.settings import Settings
from shared.clock import Clock
from shared.consumer import InboundMessage
from shared.eventstore.tables import outbox
from shared.refdata import load_refdata
from shared.runtime.topics import Topics
from shared.schemas import petition as pe
from tests.support.consumer import PetitionStream
from tests.support.consumer import message as message

DAY0 = date(2025, 3, 3)
DEPT = "320812-ZJJ"


def registered(on: date = DAY0, **overrides: Any) -> pe.PetitionRegistered:
    fields: dict[str, Any] = {
        "tracking_code": "HA-TEST-0001",
        "channel": pe.Channel.VISIT,
        "kind": pe.Kind.CLAIM,
        "category_code": "0102",
        "region_code": "320812",
        "receiving_org": "320812-XFJ",
        "receiving_level": pe.Level.COUNTY,
        "received_on": on,
        "title": "小区物业不作为",
        "content": "……",
        "petitioner": pe.Petitioner(name="张三"),
        "petitioner_key": "key-1",
        "responsible_level": pe.Level.COUNTY,
        "forward_due": on + timedelta(days=15),
        "acceptance_notice_due": on + timedelta(days=15),
    }
    fields.update(overrides)
    return pe.PetitionRegistered(**fields)


def assigned(on: date = DAY0, department: str = DEPT) -> pe.PetitionAssigned:
    return pe.PetitionAssigned(
        department=department,
        level=pe.Level.COUNTY,
        reason="test",
        assigned_on=on,
        objection_due=on + timedelta(days=7),
        acceptance_due=on + timedelta(days=15),
    )


def accepted(on: date = DAY0, handler: str = "h-1", days: int = 60) -> pe.PetitionAccepted:
    return pe.PetitionAccepted(accepted_on=on, handler=handler, reply_due=on + timedelta(days))


def extended(on: date, reply_due: date, days: int = 30) -> pe.ExtensionApproved:
    return pe.ExtensionApproved(days=days, approver="head", decided_on=on, reply_due=reply_due)


def replied(on: date) -> pe.PetitionReplied:
    return pe.PetitionReplied(
        replied_on=on,
        reply_text="答复",
        document_ref="doc-1",
        review_request_due=on + timedelta(days=30),
        rating_token_hash="0" * 64,
    )


def rated(on: date, rating: pe.Rating) -> pe.PetitionRated:
    return pe.PetitionRated(unit_rating=rating, result_rating=rating, rated_on=on)


def revisited(on: date, resolved: bool) -> pe.RevisitOutcomeRecorded:
    return pe.RevisitOutcomeRecorded(outcome="回访", resolved=resolved, revisited_on=on)


def owner(user_id: str = "leader-1") -> pe.CaseOwnerSet:
    return pe.CaseOwnerSet(owner_user_id=user_id, owner_name="包案领导")


Stream = PetitionStream


def outbox_messages(engine: Engine, topic: str) -> list[InboundMessage]:
    """What the outbox holds for ``topic``, as a consumer of that topic would receive it
    (lets a test feed supervision's own events back to its projection without a broker)."""
    q = select(outbox.c.id, outbox.c.key, outbox.c.value).where(outbox.c.topic == topic)
    with engine.connect() as conn:
        rows = conn.execute(q.order_by(outbox.c.id)).all()
    return [
        InboundMessage(
            topic=topic, partition=0, offset=r.id, key=bytes(r.key), value=bytes(r.value)
        )
        for r in rows
    ]


def api_context(engine: Engine, topics: Topics, clock: Clock, settings: Settings) -> ApiContext:
    """The API's context as ``main.build_parts`` builds it: the org tree of the reference data
    ``settings`` names (the packaged city's when none)."""
    return ApiContext(engine, topics, clock, settings, load_refdata(settings.refdata_dir).org_tree)
