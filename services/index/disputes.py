"""Dispute screening (矛盾纠纷排查): the register townships and counties keep.

Each registration and status change is an index event; the ``index_disputes`` row is
written in the same transaction, because the facts projection reads it to tell a screened
petition from a missed one (漏排)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import insert, select, update

from services.index.events import append
from services.index.tables import disputes
from shared.eventstore import EventStore
from shared.schemas import Actor
from shared.schemas.index import (
    DisputeParty,
    DisputeRegistered,
    DisputeStatus,
    DisputeStatusChanged,
)


class UnknownDispute(LookupError):
    pass


def register(
    store: EventStore,
    actor: Actor,
    *,
    region: str,
    category: str,
    found_on: date,
    summary: str,
    parties: tuple[DisputeParty, ...],
    today: date,
) -> str:
    dispute_id = uuid.uuid4().hex
    event = DisputeRegistered(
        dispute_id=dispute_id,
        region_code=region,
        category_code=category,
        found_on=found_on,
        summary=summary,
        parties=parties,
        registering_org=actor.org,
    )
    with store.unit_of_work() as uow:
        append(uow, f"dispute-{dispute_id}", [event], actor)
        uow.connection.execute(
            insert(disputes).values(
                dispute_id=dispute_id,
                region_code=region,
                category_code=category,
                found_on=found_on,
                recorded_on=today,
                status=DisputeStatus.OPEN.value,
                status_on=found_on,
                resolution="",
                registering_org=actor.org,
            )
        )
    return dispute_id


def change_status(
    store: EventStore,
    actor: Actor,
    dispute_id: str,
    status: DisputeStatus,
    on: date,
    resolution: str,
) -> None:
    event = DisputeStatusChanged(dispute_id=dispute_id, status=status, on=on, resolution=resolution)
    with store.unit_of_work() as uow:
        conn = uow.connection
        if (
            conn.execute(
                select(disputes.c.dispute_id).where(disputes.c.dispute_id == dispute_id)
            ).first()
            is None
        ):
            raise UnknownDispute(dispute_id)
        append(uow, f"dispute-{dispute_id}", [event], actor)
        conn.execute(
            update(disputes)
            .where(disputes.c.dispute_id == dispute_id)
            .values(status=status.value, status_on=on, resolution=resolution)
        )


def region_of(store: EventStore, dispute_id: str) -> str | None:
    with store.engine.connect() as conn:
        q = select(disputes.c.region_code).where(disputes.c.dispute_id == dispute_id)
        return conn.execute(q).scalar_one_or_none()
