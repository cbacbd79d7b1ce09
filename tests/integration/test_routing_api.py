"""Routing's HTTP API: who sees which queue, due-date order and pagination, counts, and
rule-set versions that are validated before they take effect."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from services.routing.api import make_routers
from services.routing.api.context import ApiContext
from services.routing.application.rulefile import load_file
from services.routing.application.rulestore import RuleStore
from services.routing.main import MIGRATIONS
from services.routing.projections.queues import Queues
from services.routing.settings import Settings
from shared.auth import Principal, Role, mint_token
from shared.consumer import ProjectionRunner
from shared.eventstore import make_engine
from shared.refdata import load_refdata
from shared.runtime.topics import Topics
from shared.schemas.petition import Level
from shared.service.app import ServiceParts, create_service_app
from shared.settings import DEV_JWT_SECRET
from tests.support.routing import DAY0, Stream, assigned, message, registered

TODAY = DAY0 + timedelta(days=10)


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=db_url)
    engine = make_engine(db_url)
    refs = load_refdata()
    store = RuleStore(refs, load_file())
    ctx = ApiContext(engine, refs, store, lambda: TODAY, due_soon_days=3)
    parts = ServiceParts(
        name="routing",
        settings=settings,
        engine=engine,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
    )
    with TestClient(create_service_app(parts)) as c:  # the lifespan migrates
        runner = ProjectionRunner(
            Queues(refs, Topics()), engine, service="routing", dead_letter_topic="dl"
        )
        events = []
        for i in range(5):  # five petitions at the county housing bureau, due on different days
            s = Stream(f"p-{i}")
            events.append(s.event(registered(tracking_code=f"T{i}")))
            events.append(
                s.event(assigned("320812-ZJJ", Level.COUNTY, DAY0 - timedelta(days=i * 2)))
            )
        s = Stream("p-city")
        events += [s.event(registered()), s.event(assigned("320800-ZJJ", Level.CITY))]
        runner.process_batch([message(e) for e in events])
        yield c


def auth(role: Role, org: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=f"u-{role}", role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


def test_a_department_sees_its_own_queue_only(client: TestClient) -> None:
    own = client.get("/api/v1/queues/320812-ZJJ", headers=auth(Role.HANDLER, "320812-ZJJ"))
    assert own.status_code == 200 and len(own.json()["items"]) == 5
    other = client.get("/api/v1/queues/320800-ZJJ", headers=auth(Role.HANDLER, "320812-ZJJ"))
    assert other.status_code == 403
    assert other.headers["content-type"].startswith("application/problem+json")
    assert client.get("/api/v1/queues/320812-ZJJ").status_code == 401
    registrar = client.get("/api/v1/queues/320812-ZJJ", headers=auth(Role.REGISTRAR, "320812-XFJ"))
    assert registrar.status_code == 403


def test_the_petition_office_sees_its_region_subtree(client: TestClient) -> None:
    county = auth(Role.PETITION_OFFICE, "320812")
    assert client.get("/api/v1/queues/320812-ZJJ", headers=county).status_code == 200
    assert client.get("/api/v1/queues/320800-ZJJ", headers=county).status_code == 403
    city = auth(Role.PETITION_OFFICE, "320800")
    assert client.get("/api/v1/queues/320812-ZJJ", headers=city).status_code == 200
    summary = client.get("/api/v1/queues", headers=county).json()
    assert [d["department"] for d in summary["departments"]] == ["320812-ZJJ"]
    counts = summary["departments"][0]["counts"]
    # acceptance due = assigned_on + 15: p-3 (day -6 -> due day 9) and p-4 (due day 7) are
    # overdue on day 10; p-2 (due day 11) and p-1 (due day 13) are due within 3 days.
    assert counts == {"new": 5, "overdue": 2, "due_soon": 2}
    city_summary = client.get("/api/v1/queues", headers=city).json()
    assert {d["department"] for d in city_summary["departments"]} == {"320812-ZJJ", "320800-ZJJ"}


def test_sorted_by_due_date_with_cursor_pages(client: TestClient) -> None:
    h = auth(Role.HANDLER, "320812-ZJJ")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/queues/320812-ZJJ", headers=h, params=params).json()
        seen += [i["petition_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["p-4", "p-3", "p-2", "p-1", "p-0"]
    overdue = client.get("/api/v1/queues/320812-ZJJ", headers=h, params={"due": "overdue"}).json()
    assert [(i["petition_id"], i["urgency"]) for i in overdue["items"]] == [
        ("p-4", "overdue"),
        ("p-3", "overdue"),
    ]
    bad = client.get("/api/v1/queues/320812-ZJJ", headers=h, params={"cursor": "!!"})
    assert bad.status_code == 400
    assert client.get("/api/v1/queues/NOPE", headers=h).status_code == 404


def test_rule_sets_are_validated_and_every_version_kept(client: TestClient) -> None:
    admin = auth(Role.ADMIN, "320800")
    versions = client.get("/api/v1/rulesets", headers=admin).json()
    assert versions["in_force"] == 1  # the shipped default, seeded
    body = load_file().model_dump(mode="json")
    body["label"] = "2025.2"
    body["rules"][0]["department"] = "320812-ZJJ"  # a county bureau at city level: refused
    bad = client.post("/api/v1/rulesets", headers=admin, json=body)
    assert bad.status_code == 422 and any("level city" in e for e in bad.json()["errors"])
    body["rules"][0]["department"] = "320800-XFJ"
    body["rules"][0]["priority"] = 3
    dry = client.post("/api/v1/rulesets", headers=admin, json=body, params={"dry_run": True})
    assert (
        dry.status_code == 200
        and client.get("/api/v1/rulesets", headers=admin).json()["in_force"] == 1
    )
    ok = client.post("/api/v1/rulesets", headers=admin, json=body)
    assert ok.status_code == 201 and ok.json()["version"] == 2
    active = client.get("/api/v1/rulesets/active", headers=admin).json()
    assert active["version"] == 2 and active["rules"]["rules"][0]["priority"] == 3
    assert client.get("/api/v1/rulesets/1", headers=admin).json()["rules"]["label"] == "2025.1"
    office = auth(Role.PETITION_OFFICE, "320800")
    assert client.post("/api/v1/rulesets", headers=office, json=body).status_code == 403
    assert date.fromisoformat(client.get("/api/v1/queues", headers=office).json()["today"]) == TODAY


@pytest.mark.parametrize("version", ["99999999999999999999", "²", "٣"])
def test_a_version_no_column_holds_is_404_not_500(client: TestClient, version: str) -> None:
    r = client.get(f"/api/v1/rulesets/{version}", headers=auth(Role.ADMIN, "320800"))
    assert r.status_code == 404, r.text
    assert r.headers["content-type"].startswith("application/problem+json")


def test_a_forged_cursor_is_400_not_500(client: TestClient) -> None:
    """A NUL in the petition id a cursor carries would reach PostgreSQL, which refuses it."""
    forged = base64.urlsafe_b64encode(b"2026-01-01|p-\x00").decode().rstrip("=")
    r = client.get(
        "/api/v1/queues/320812-ZJJ",
        headers=auth(Role.HANDLER, "320812-ZJJ"),
        params={"cursor": forged},
    )
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
