"""Dispute screening (矛盾纠纷排查): the register townships and counties keep.

Each registration and status change is an index event; the ``index_disputes`` row is
written in the same transaction, because the facts projection reads it to tell a screened
petition from a missed one (漏排)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from sqlalchemy import insert, select, update

from services.index.application.events import append
from services.index.domain.access import ensure_may_act
from services.index.domain.errors import Refused, Unknown
from services.index.tables import disputes
from shared.auth.roles import Principal
from shared.eventstore import EventStore
from shared.refdata import ReferenceData
from shared.schemas.index import (
    DisputeParty,
    DisputeRegistered,
    DisputeStatus,
    DisputeStatusChanged,
)


def register(
    store: EventStore,
    data: ReferenceData,
    principal: Principal,
    *,
    region: str,
    category: str,
    found_on: date,
    summary: str,
    parties: tuple[DisputeParty, ...],
    today: Callable[[], date],
) -> str:
    """A petition office puts a dispute found in its region (or below) on the register."""
    ensure_may_act(principal, region, data.org_tree)
    if not data.known_category(category):
        raise Refused(f"unknown category {category!r}", zh="没有这个问题分类")
    recorded_on = today()
    if found_on > recorded_on:
        raise Refused("found_on is in the future", zh="发现日期不能晚于今天")
    actor = principal.actor()
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
                recorded_on=recorded_on,
                status=DisputeStatus.OPEN.value,
                status_on=found_on,
                resolution="",
                registering_org=actor.org,
            )
        )
    return dispute_id


def change_status(
    store: EventStore,
    data: ReferenceData,
    principal: Principal,
    dispute_id: str,
    status: DisputeStatus,
    on: date,
    resolution: str,
) -> None:
    """The office of the dispute's region (or above) records how it stands."""
    region = region_of(store, dispute_id)
    if region is None:
        raise Unknown(f"no dispute {dispute_id!r}", zh="没有找到这条矛盾纠纷")
    ensure_may_act(principal, region, data.org_tree)
    event = DisputeStatusChanged(dispute_id=dispute_id, status=status, on=on, resolution=resolution)
    with store.unit_of_work() as uow:
        conn = uow.connection
        append(uow, f"dispute-{dispute_id}", [event], principal.actor())
        conn.execute(
            update(disputes)
            .where(disputes.c.dispute_id == dispute_id)
            .values(status=status.value, status_on=on, resolution=resolution)
        )


def region_of(store: EventStore, dispute_id: str) -> str | None:
    with store.engine.connect() as conn:
        q = select(disputes.c.region_code).where(disputes.c.dispute_id == dispute_id)
        return conn.execute(q).scalar_one_or_none()
