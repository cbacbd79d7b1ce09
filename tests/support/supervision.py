"""Petition events and the API's context for supervision's tests and benchmarks (no service
code depends on this).

Deterministic: the same petition and position give the same event id, as a redelivery would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any, TypeVar

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from services.supervision.api import ApiContext, make_routers
from services.supervision.main import MIGRATIONS
from services.supervision.projections.deadlines import Deadlines
from services.supervision.settings import Settings
from shared.auth import Principal, Role, mint_token
from shared.clock import Clock, FakeClock
from shared.consumer import InboundMessage, ProjectionRunner
from shared.eventstore import make_engine
from shared.eventstore.tables import outbox
from shared.refdata import load_refdata
from shared.runtime.topics import Topics
from shared.schemas import petition as pe
from shared.service.app import ServiceParts, create_service_app
from shared.settings import DEV_JWT_SECRET
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


def auth(role: Role, org: str, user: str | None = None) -> dict[str, str]:
    """The bearer header of ``role`` at ``org`` (user id ``u-<role>`` unless named)."""
    who = Principal(user_id=user or f"u-{role}", role=role, org=org)
    return {"Authorization": f"Bearer {mint_token(who, DEV_JWT_SECRET)}"}


def petition(
    pid: str, dept: str = DEPT, region: str = "320812", owner_id: str = "leader-1"
) -> list[Any]:
    """Registered in ``region``, assigned to ``dept``, accepted on day 2, with a case owner."""
    s = Stream(pid)
    return [
        s.event(registered(region_code=region)),
        s.event(assigned(DAY0, dept)),
        s.event(accepted(DAY0 + timedelta(days=2))),
        s.event(owner(owner_id)),
    ]


class ApiHarness:
    """Supervision's app on a database, its deadline projection fed by hand, and calls as a
    role."""

    def __init__(
        self, engine: Engine, client: TestClient, clock: FakeClock, topics: Topics
    ) -> None:
        self.engine, self.client, self.clock, self.topics = engine, client, clock, topics
        self.runner = ProjectionRunner(
            Deadlines(topics), engine, service="supervision", dead_letter_topic="dl"
        )

    def feed(self, *events: Any) -> None:
        self.runner.process_batch([message(e) for e in events])

    def feed_own(self) -> None:
        """Supervision's own events from its outbox back into its projection."""
        self.runner.process_batch(outbox_messages(self.engine, self.topics.supervision_events))

    def get(self, path: str, role: Role, org: str, **params: Any) -> Any:
        return self.client.get(path, headers=auth(role, org), params=params)

    def post(self, path: str, role: Role, org: str, body: Any = None) -> Any:
        return self.client.post(path, headers=auth(role, org), json=body)


H = TypeVar("H", bound=ApiHarness)


@contextmanager
def api_harness(
    db_url: str, clock: FakeClock, topics: Topics, *events: Any, kind: type[H]
) -> Iterator[H]:
    """Supervision's app as ``main`` wires it (the lifespan migrates), ``events`` fed; ``kind``
    is the harness class (ApiHarness, or a test's own with more calls)."""
    settings = Settings(database_url=db_url)
    engine = make_engine(db_url)
    parts = ServiceParts(
        name="supervision",
        settings=settings,
        engine=engine,
        routers=make_routers(api_context(engine, topics, clock, settings)),
        migrations=MIGRATIONS,
    )
    try:
        with TestClient(create_service_app(parts)) as client:
            harness = kind(engine, client, clock, topics)
            harness.feed(*events)
            yield harness
    finally:
        engine.dispose()
