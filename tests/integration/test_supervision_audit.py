"""The audit log (审计): a projection of ``petition.events`` holding the very rows
``sunshine replay`` shows (``timeline.rows``), read over HTTP as one petition's timeline or
one org's or person's actions, cut to the caller's subtree; rebuilt from offset 0 it comes
out the same, and no row carries content or personal data."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, select

from services.supervision.api import make_routers
from services.supervision.domain.timeline import Selection, rows
from services.supervision.main import MIGRATIONS
from services.supervision.projections.audit import AuditLog
from services.supervision.settings import Settings
from services.supervision.tables import AUDIT_LOG, audit_cases, audit_rows
from shared.auth import Principal, Role, mint_token
from shared.clock import FakeClock
from shared.consumer import ProjectionRunner
from shared.eventstore import make_engine
from shared.eventstore.tables import processed_messages, stream_positions
from shared.runtime.topics import Topics
from shared.schemas import petition as pe
from shared.schemas.envelope import Actor
from shared.service.app import ServiceParts, create_service_app
from shared.settings import DEV_JWT_SECRET
from tests.support.supervision import (
    DAY0,
    DEPT,
    Stream,
    accepted,
    api_context,
    assigned,
    message,
    owner,
    registered,
    replied,
)

TOPICS = Topics()
COUNTY = "320812"
TOWNSHIP = "320812001"
TOWNSHIP_GOV = "320812001-GOV"
HANDLER = Actor(user_id="handler.county", role="handler", org=DEPT)
OFFICE = Actor(user_id="office.county", role="petition_office", org=COUNTY)


def stream(pid: str, dept: str = DEPT, **registration: Any) -> list[Any]:
    """Registered, forwarded 5 days late, accepted, replied in time; each by its own actor."""
    s = Stream(pid)
    out = [s.event(registered(**registration))]
    s.actor = OFFICE
    out.append(s.event(assigned(DAY0 + timedelta(days=20), dept)))
    s.actor = HANDLER
    out.append(s.event(accepted(DAY0 + timedelta(days=21))))
    out.append(s.event(replied(DAY0 + timedelta(days=50))))
    s.actor = OFFICE
    out.append(s.event(owner("case-owner.county")))
    return out


EVENTS = [
    *stream("p-county"),
    *stream("p-city", "320800-ZJJ", region_code="320800", receiving_org="320800-XFJ"),
    *stream(
        "p-accusation",
        kind=pe.Kind.ACCUSATION,
        accused_org=TOWNSHIP_GOV,
        region_code=f"{TOWNSHIP}001",
        title="举报镇政府某某",
        content="某某收受好处。",
    ),
]


def runner(engine: Engine) -> ProjectionRunner:
    return ProjectionRunner(AuditLog(TOPICS), engine, service="supervision", dead_letter_topic="dl")


@pytest.fixture
def client(db_url: str) -> Iterator[tuple[TestClient, Engine]]:
    settings = Settings(database_url=db_url)
    engine = make_engine(db_url)
    ctx = api_context(engine, TOPICS, FakeClock(DAY0 + timedelta(days=60)), settings)
    parts = ServiceParts(
        name="supervision",
        settings=settings,
        engine=engine,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
    )
    with TestClient(create_service_app(parts)) as c:  # the lifespan migrates
        runner(engine).process_batch([message(e) for e in EVENTS])
        yield c, engine


def auth(role: Role, org: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=f"u-{role}", role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


def strip(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in i.items() if k != "what"} for i in items]


def test_a_petitions_timeline_is_what_replay_shows(client: tuple[TestClient, Engine]) -> None:
    c, _ = client
    r = c.get("/api/v1/audit/petitions/p-county", headers=auth(Role.AUDITOR, "320800"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["petition_id"] == "p-county"
    assert strip(body["rows"]) == rows(EVENTS, Selection(petition_id="p-county"))
    got = body["rows"]
    assert [x["event_type"] for x in got] == [
        "petition.registered",
        "petition.assigned",
        "petition.accepted",
        "petition.replied",
        "petition.case_owner_set",
    ]
    # The forward deadline (15 days) was missed; the reply came in time.
    assert (got[1]["deadline"], got[1]["met"]) == ("forward", False)
    assert got[1]["what"] == f"交办/转送；登记转送期限 {DAY0 + timedelta(days=15)}（超期）"
    assert (got[3]["deadline"], got[3]["met"]) == ("handling", True)
    # Accepting ends the acceptance step (and starts the handling one, whose row is the reply).
    assert got[2]["what"].startswith("受理；告知受理期限")
    assert (got[2]["user_id"], got[2]["role"], got[2]["org"]) == ("handler.county", "handler", DEPT)


def test_actions_by_org_and_person_paged_like_replay(client: tuple[TestClient, Engine]) -> None:
    c, _ = client
    auditor = auth(Role.AUDITOR, "320800")
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"user": "handler.county", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = c.get("/api/v1/audit/actions", headers=auditor, params=params).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert strip(seen) == rows(EVENTS, Selection(user_id="handler.county"))
    assert len(seen) == 6
    org = c.get("/api/v1/audit/actions", headers=auditor, params={"org": COUNTY}).json()
    assert strip(org["items"]) == rows(EVENTS, Selection(org=COUNTY))
    at = seen[0]["at"]  # a moment in the middle: the handler's first action
    moment = datetime.fromisoformat(at)
    after = c.get("/api/v1/audit/actions", headers=auditor, params={"since": at}).json()
    assert strip(after["items"]) == rows(EVENTS, Selection(since=moment))
    until = c.get("/api/v1/audit/actions", headers=auditor, params={"until": at}).json()
    assert strip(until["items"]) == rows(EVENTS, Selection(until=moment))
    assert 0 < len(after["items"]) < len(EVENTS) and 0 < len(until["items"]) < len(EVENTS)
    bad = c.get("/api/v1/audit/actions", headers=auditor, params={"cursor": "!!"})
    assert bad.status_code == 400


def petitions_seen(c: TestClient, role: Role, org: str) -> set[str]:
    r = c.get("/api/v1/audit/actions", headers=auth(role, org), params={"limit": 500})
    assert r.status_code == 200, r.text
    return {x["petition_id"] for x in r.json()["items"]}


def test_each_reader_sees_its_subtree_and_never_a_kept_accusation(
    client: tuple[TestClient, Engine],
) -> None:
    c, _ = client
    everything = {"p-county", "p-city", "p-accusation"}
    assert petitions_seen(c, Role.AUDITOR, "320800") == everything
    assert petitions_seen(c, Role.ADMIN, "320800") == everything
    # A county sees its county, not the city's other counties nor the city's own petitions.
    assert petitions_seen(c, Role.INSPECTOR, COUNTY) == {"p-county", "p-accusation"}
    assert petitions_seen(c, Role.INSPECTOR, "320803") == set()
    # The accused township's own inspector and admin: the accusation does not exist for them.
    assert petitions_seen(c, Role.INSPECTOR, TOWNSHIP) == set()
    assert petitions_seen(c, Role.ADMIN, TOWNSHIP) == set()
    kept = c.get("/api/v1/audit/petitions/p-accusation", headers=auth(Role.INSPECTOR, TOWNSHIP))
    absent = c.get("/api/v1/audit/petitions/nope", headers=auth(Role.INSPECTOR, TOWNSHIP))
    assert kept.status_code == absent.status_code == 404
    assert kept.json()["detail"] == absent.json()["detail"]
    # The auditor traces the whole log: it sees that the accusation exists (no content).
    assert petitions_seen(c, Role.AUDITOR, TOWNSHIP) == {"p-accusation"}
    outside = c.get("/api/v1/audit/petitions/p-city", headers=auth(Role.INSPECTOR, COUNTY))
    assert outside.status_code == 404
    for role, org in ((Role.HANDLER, DEPT), (Role.PETITION_OFFICE, COUNTY), (Role.LEADER, COUNTY)):
        assert c.get("/api/v1/audit/actions", headers=auth(role, org)).status_code == 403


def test_no_row_holds_content_or_personal_data(client: tuple[TestClient, Engine]) -> None:
    c, engine = client
    r = c.get("/api/v1/audit/actions", headers=auth(Role.AUDITOR, "320800"), params={"limit": 500})
    with engine.connect() as conn:
        stored = [dict(x) for x in conn.execute(select(audit_rows)).mappings()]
        states = [x.state for x in conn.execute(select(audit_cases.c.state))]
    dumped = r.text + repr(stored) + repr(states)
    for secret in ("张三", "某某收受好处", "举报镇政府某某", "小区物业不作为", "key-1", "HA-TEST"):
        assert secret not in dumped


def test_rebuilt_from_offset_0_in_another_order_it_is_the_same(
    client: tuple[TestClient, Engine],
) -> None:
    _, engine = client

    def table() -> list[dict[str, Any]]:
        with engine.connect() as conn:
            audit = select(audit_rows).order_by(audit_rows.c.event_id)
            cases = select(audit_cases).order_by(audit_cases.c.petition_id)
            return [dict(x) for q in (audit, cases) for x in conn.execute(q).mappings()]

    live = table()
    with engine.begin() as conn:
        for t in reversed(AUDIT_LOG):
            conn.execute(delete(t))
        for t in (processed_messages, stream_positions):
            conn.execute(delete(t).where(t.c.consumer == "supervision-audit"))
    # Another partition interleaving (one petition's events stay in order), with a
    # redelivery: the same table.
    by_petition: dict[str, list[Any]] = {}
    for e in EVENTS:
        by_petition.setdefault(e.stream_id, []).append(e)
    order: list[Any] = []
    rng = random.Random(7)
    while any(by_petition.values()):
        pid = rng.choice([p for p, es in by_petition.items() if es])
        order.append(by_petition[pid].pop(0))
    again = runner(engine)
    for i in range(0, len(order), 4):
        again.process_batch([message(e) for e in order[i : i + 4]])
    again.process_batch([message(order[3])])
    assert table() == live
