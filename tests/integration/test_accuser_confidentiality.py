"""Accuser confidentiality through every service (Art. 30/45; issue 12, item 1).

Two 检举控告类 petitions accuse 银涂镇人民政府 (320831003-GOV, the government of township
320831003), about a matter in one of its villages; two ordinary claims in the same township
stand beside them. Intake handles all four through its HTTP API; its outbox, as a consumer
would receive it, then feeds routing, supervision, feedback and the index. A table of
principals (every role at the accused unit, in its region, inside it, at the county above,
in a sibling township and at the unit handling the accusations) then reads every read
endpoint of every service. Whoever is of the accused unit must get no marker of the content
or the petitioner block, not even the accusations' ids or tracking codes, 404 where one of
them is asked for by id, and counts that agree with what they may list.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from services.feedback.projections.outreach import Outreach, OutreachConfig
from services.feedback.projections.satisfaction import Satisfaction
from services.feedback.projections.suggestions import Suggestions
from services.index.api import make_routers as index_routers
from services.index.api.context import ApiContext as IndexContext
from services.index.application.modelfile import load_model
from services.index.main import MIGRATIONS as INDEX_MIGRATIONS
from services.index.projections.facts import Facts
from services.index.settings import Settings as IndexSettings
from services.routing.api import make_routers as routing_routers
from services.routing.api.context import ApiContext as RoutingContext
from services.routing.application.rulefile import load_file
from services.routing.application.rulestore import RuleStore
from services.routing.main import MIGRATIONS as ROUTING_MIGRATIONS
from services.routing.projections.decisions import Decisions
from services.routing.projections.queues import Queues
from services.routing.settings import Settings as RoutingSettings
from services.supervision.api import make_routers as supervision_router
from services.supervision.main import MIGRATIONS as SUPERVISION_MIGRATIONS
from services.supervision.projections.deadlines import Deadlines
from services.supervision.settings import Settings as SupervisionSettings
from shared.auth import Principal, Role, mint_token
from shared.clock import FakeClock
from shared.consumer import InboundMessage, Projection, ProjectionRunner
from shared.eventstore import EventStore, make_engine
from shared.refdata import load_refdata
from shared.refdata import load_refdata as index_refs
from shared.runtime.topics import Topics
from shared.service.app import ServiceParts, create_service_app
from shared.settings import DEV_JWT_SECRET
from tests.conftest import PG_URL
from tests.support.feedback import api_app as feedback_app
from tests.support.intake_api import act, headers, intake_client, registration
from tests.support.supervision import api_context as supervision_context
from tests.support.supervision import outbox_messages

TOPICS = Topics()
DONE = date(2026, 3, 2)  # intake's day for every command
LATER = date(2026, 6, 15)  # the readers' day: the running petitions are overdue by then
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}
SPAN = "period=custom&start=2026-01-01&end=2026-12-31"

ACCUSED = "320831003-GOV"
TOWNSHIP, VILLAGE, COUNTY = "320831003", "320831003001", "320831"
HANDLING = "320800-JWJ"  # 淮安市纪委监委: where the accusations go
OWNER = "owner-a"  # every principal's user id: the case owner of accusation A

# Marker strings, one per field of the content and of the petitioner block.
CONTENT_MARKS = {"title": "检举标题TQ7", "content": "检举内容CQ7"}
PERSON = {
    "name": "举报人甄七",
    "id_number": "320831199001019875",
    "phone": "13987654321",
    "address": "银涂镇举报路七号",
}
# The reply to accusation B: it retells the matter, so it is content too.
REPLY_MARK = "查处答复RQ7"
MARKS = [*CONTENT_MARKS.values(), REPLY_MARK, *PERSON.values()]

POSITIONS = {
    "the accused unit": ACCUSED,
    "its region": TOWNSHIP,
    "inside its region": VILLAGE,
    "its superior county": COUNTY,
    "a sibling township": "320831004",
    "the handling unit": HANDLING,
}
OF_THE_ACCUSED = {"the accused unit", "its region", "inside its region"}
PETITIONER_ROLES = {
    Role.REGISTRAR,
    Role.HANDLER,
    Role.PETITION_OFFICE,
    Role.CASE_OWNER,
    Role.LEADER,
    Role.ADMIN,
}
# Who reads accusation A in intake, by position (its ordinary scope rules; A is overdue).
READS_A = {
    "the accused unit": {Role.AUDITOR},
    "its region": {Role.AUDITOR},
    "inside its region": {Role.AUDITOR},
    "its superior county": {
        Role.AUDITOR,
        Role.INSPECTOR,
        Role.ADMIN,
        Role.PETITION_OFFICE,
        Role.LEADER,
        Role.CASE_OWNER,
    },
    "a sibling township": {Role.AUDITOR, Role.ADMIN, Role.CASE_OWNER},
    "the handling unit": {
        Role.AUDITOR,
        Role.INSPECTOR,
        Role.ADMIN,
        Role.PETITION_OFFICE,
        Role.LEADER,
        Role.CASE_OWNER,
        Role.HANDLER,
    },
}


def bearer(role: Role, org: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=OWNER, role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


@dataclass
class World:
    ids: dict[str, str] = field(default_factory=dict)  # a, b (accusations), c, d (claims)
    codes: dict[str, str] = field(default_factory=dict)
    clients: dict[str, TestClient] = field(default_factory=dict)

    @property
    def secrets(self) -> list[str]:
        """What must never reach the accused unit: the accusations' ids and codes."""
        return [self.ids["a"], self.ids["b"], self.codes["a"], self.codes["b"]]


# -- databases: one per service, on the test's backend --------------------------------------


@contextmanager
def service_db(db_url: str, tmp_path: Path, service: str) -> Iterator[str]:
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / service}.sqlite3"
        return
    schema = f"c_{service}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def feed(url: str, service: str, projection: Projection, messages: list[InboundMessage]) -> None:
    engine = make_engine(url)
    try:
        runner = ProjectionRunner(projection, engine, service=service, dead_letter_topic="dl")
        runner.process_batch(messages)
    finally:
        engine.dispose()


# -- intake: the four petitions, through its HTTP API ---------------------------------------

OFFICE = headers(Role.PETITION_OFFICE, COUNTY, "u-office")
REGISTRAR = headers(Role.REGISTRAR, "320831-XFJ", "u-registrar")


def _petition(client: TestClient, accusation: bool, department: str) -> tuple[str, str, int]:
    fields: dict[str, Any] = {"region_code": VILLAGE, "receiving_org": "320831-XFJ"}
    if accusation:
        fields |= {"kind": "accusation", "category_code": "1103", "accused_org": ACCUSED}
        fields |= {**CONTENT_MARKS, "petitioner": PERSON}
    r = client.post("/api/v1/petitions", json=registration(**fields), headers=REGISTRAR)
    assert r.status_code == 201, r.text
    pid, code = r.json()["id"], r.json()["tracking_code"]
    handler = headers(Role.HANDLER, department, "u-handler")
    steps = [
        ("assign", {"department": department, "reason": "交办"}, OFFICE),
        ("accept", {"handler": "u-handler"}, handler),
    ]
    version = 1
    for path, body, who in steps:
        got = act(client, pid, path, body, who, version)
        assert got.status_code == 200, got.text
        version += 1
    return pid, code, version


def _replied_and_rated(
    client: TestClient,
    pid: str,
    code: str,
    version: int,
    dept: str,
    rating: str,
    reply_text: str = "已查处。",
) -> None:
    handler = headers(Role.HANDLER, dept, "u-handler")
    body = {"reply_text": reply_text, "document_ref": "答复〔2026〕1号"}
    reply = act(client, pid, "reply", body, handler, version)
    assert reply.status_code == 200, reply.text
    rate = {
        "tracking_code": code,
        "token": reply.json()["rating_token"],
        "unit_rating": rating,
        "result_rating": rating,
    }
    assert client.post("/api/v1/public/rate", json=rate).status_code == 200


def build_intake(client: TestClient, world: World) -> None:
    a, world.codes["a"], version = _petition(client, True, HANDLING)
    owner = {"owner_user_id": OWNER, "owner_name": "包案领导", "hard_case": True}
    assert act(client, a, "case-owner", owner, OFFICE, version).status_code == 200
    b, world.codes["b"], version = _petition(client, True, HANDLING)
    _replied_and_rated(client, b, world.codes["b"], version, HANDLING, "dissatisfied", REPLY_MARK)
    c, _, _ = _petition(client, False, ACCUSED)
    d, code_d, version = _petition(client, False, ACCUSED)
    _replied_and_rated(client, d, code_d, version, ACCUSED, "satisfied")
    world.ids.update(a=a, b=b, c=c, d=d)


# -- every other service, fed intake's outbox ----------------------------------------------


def routing_client(stack: ExitStack, url: str, events: list[InboundMessage]) -> TestClient:
    refs = load_refdata()
    store = RuleStore(refs, load_file())
    engine = make_engine(url)
    stack.callback(engine.dispose)
    ctx = RoutingContext(engine, refs, store, lambda: LATER)
    parts = ServiceParts(
        name="routing",
        settings=RoutingSettings(database_url=url),
        engine=engine,
        routers=routing_routers(ctx),
        migrations=ROUTING_MIGRATIONS,
    )
    client = stack.enter_context(TestClient(create_service_app(parts)))
    feed(url, "routing", Decisions(refs, store, TOPICS), events)
    feed(url, "routing", Queues(refs, TOPICS), events)
    return client


def supervision_client(
    stack: ExitStack, url: str, events: list[InboundMessage], world: World
) -> TestClient:
    settings = SupervisionSettings(database_url=url)
    engine = make_engine(url)
    stack.callback(engine.dispose)
    ctx = supervision_context(engine, TOPICS, FakeClock(LATER), settings)
    parts = ServiceParts(
        name="supervision",
        settings=settings,
        engine=engine,
        routers=supervision_router(ctx),
        migrations=SUPERVISION_MIGRATIONS,
    )
    client = stack.enter_context(TestClient(create_service_app(parts)))
    feed(url, "supervision", Deadlines(TOPICS), events)
    # The county office records a leader's instruction on accusation A, and urges claim C.
    body = {"leader": "县委书记", "instruction": "限期查处", "due_on": "2026-07-01"}
    path = f"/api/v1/petitions/{world.ids['a']}/instructions"
    assert (
        client.post(path, json=body, headers=bearer(Role.PETITION_OFFICE, COUNTY)).status_code
        == 202
    )
    path = f"/api/v1/petitions/{world.ids['c']}/urgings"
    urge = {"kind": "urge", "note": "抓紧办理"}
    assert (
        client.post(path, json=urge, headers=bearer(Role.PETITION_OFFICE, COUNTY)).status_code
        == 202
    )
    feed(url, "supervision", Deadlines(TOPICS), outbox_messages(engine, TOPICS.supervision_events))
    return client


def feedback_client(stack: ExitStack, url: str, events: list[InboundMessage]) -> TestClient:
    app, engine, topics = feedback_app(url, LATER)
    stack.callback(engine.dispose)
    client = stack.enter_context(TestClient(app))
    for projection in (
        Satisfaction(topics),
        Suggestions(topics),
        Outreach(topics, OutreachConfig()),
    ):
        feed(url, "feedback", projection, events)
    return client


def index_client(stack: ExitStack, url: str, events: list[InboundMessage]) -> TestClient:
    refs = index_refs()
    engine = make_engine(url)
    stack.callback(engine.dispose)
    ctx = IndexContext(EventStore(engine, TOPICS.index_events), refs, load_model(), lambda: LATER)
    parts = ServiceParts(
        name="index",
        settings=IndexSettings(database_url=url),
        engine=engine,
        routers=index_routers(ctx),
        migrations=INDEX_MIGRATIONS,
    )
    client = stack.enter_context(TestClient(create_service_app(parts)))
    feed(url, "index", Facts(refs, TOPICS), events)
    return client


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[World]:
    w = World()
    with ExitStack() as stack:
        with intake_client(db_url) as client:
            build_intake(client, w)
        w.clients["intake"] = stack.enter_context(intake_client(db_url, today=LATER))
        intake_engine = make_engine(db_url)
        events = outbox_messages(intake_engine, TOPICS.petition_events)
        intake_engine.dispose()
        urls = {s: stack.enter_context(service_db(db_url, tmp_path, s)) for s in
                ("routing", "supervision", "feedback", "index")}  # fmt: skip
        w.clients["routing"] = routing_client(stack, urls["routing"], events)
        w.clients["supervision"] = supervision_client(stack, urls["supervision"], events, w)
        w.clients["feedback"] = feedback_client(stack, urls["feedback"], events)
        w.clients["index"] = index_client(stack, urls["index"], events)
        yield w


# -- the endpoints: (service, path, asks for one accusation by id) --------------------------


def endpoints(w: World) -> list[tuple[str, str, bool]]:
    a, b = w.ids["a"], w.ids["b"]
    return [
        ("intake", "/api/v1/petitions", False),
        ("intake", "/api/v1/petitions?kind=accusation", False),
        ("intake", f"/api/v1/petitions?region={TOWNSHIP}", False),
        ("intake", f"/api/v1/petitions/{a}", True),
        ("intake", f"/api/v1/petitions/{a}/events", True),
        ("intake", f"/api/v1/petitions/{b}", True),
        ("intake", f"/api/v1/petitions/{b}/events", True),
        ("routing", "/api/v1/queues", False),
        ("routing", f"/api/v1/queues/{ACCUSED}?state=all", False),
        ("routing", f"/api/v1/queues/{HANDLING}?state=all", False),
        ("routing", "/api/v1/queues/320831-XFJ?state=all", False),
        ("routing", f"/api/v1/petitions/{a}/routing", True),
        ("routing", f"/api/v1/petitions/{b}/routing", True),
        ("supervision", "/api/v1/lights?by=region", False),
        ("supervision", "/api/v1/lights?by=department", False),
        ("supervision", "/api/v1/lights?by=category", False),
        ("supervision", "/api/v1/red-list", False),
        ("supervision", f"/api/v1/departments/{ACCUSED}/view", False),
        ("supervision", f"/api/v1/departments/{HANDLING}/view", False),
        ("supervision", "/api/v1/instructions", False),
        ("supervision", "/api/v1/rates?start=2026-01-01&end=2026-12-31", False),
        ("supervision", "/api/v1/records", False),
        ("supervision", "/api/v1/records?kind=accusation&limit=1", False),
        ("feedback", "/api/v1/notices", False),
        ("feedback", "/api/v1/revisits?state=all", False),
        ("feedback", f"/api/v1/revisits?department={HANDLING}&state=all", False),
        ("feedback", f"/api/v1/revisits/{b}", True),
        ("feedback", "/api/v1/satisfaction?by=region&from=2026-01-01&to=2026-12-31", False),
        ("feedback", "/api/v1/satisfaction?by=department&from=2026-01-01&to=2026-12-31", False),
        ("feedback", "/api/v1/satisfaction/report?from=2026-01-01&to=2026-12-31", False),
        ("feedback", "/api/v1/suggestions", False),
        ("index", f"/api/v1/index/scorecards/region/{TOWNSHIP}?{SPAN}", False),
        ("index", f"/api/v1/index/scorecards/region/{COUNTY}?{SPAN}", False),
        ("index", f"/api/v1/index/scorecards/department/{ACCUSED}?{SPAN}", False),
        ("index", f"/api/v1/index/reports/{TOWNSHIP}?{SPAN}", False),
        ("index", f"/api/v1/index/reports/{TOWNSHIP}?{SPAN}&format=html", False),
        ("index", f"/api/v1/index/surges?region={TOWNSHIP}", False),
    ]


Check = Callable[[str], None]
ABSENT = str(uuid.UUID(int=7))


def _absent(path: str, w: World) -> str:
    """The same request for a petition that does not exist."""
    return path.replace(w.ids["a"], ABSENT).replace(w.ids["b"], ABSENT)


def test_the_accused_unit_learns_nothing_of_the_accusation(world: World) -> None:
    problems: list[str] = []
    for where, org in POSITIONS.items():
        for role in Role:
            who = bearer(role, org)
            kept = where in OF_THE_ACCUSED
            hidden = kept and role is not Role.AUDITOR  # the auditor sees the log is whole

            def fail(what: str, role: Role = role, where: str = where) -> None:
                problems.append(f"{role} at {where}: {what}")

            for service, path, by_id in endpoints(world):
                r = world.clients[service].get(path, headers=who)
                if r.status_code >= 500:
                    fail(f"{path} answered {r.status_code}")
                shown = [m for m in MARKS if m in r.text]
                if service != "intake" and set(shown) & set(PERSON.values()):
                    fail(f"{service} {path} shows {shown}")  # only intake holds a person
                if kept and shown:
                    fail(f"{path} shows {shown}")
                if hidden and by_id:
                    absent = world.clients[service].get(_absent(path, world), headers=who)
                    if r.status_code != absent.status_code or r.status_code < 400:
                        fail(f"{path} answered {r.status_code}, an absent one {absent.status_code}")
                # (A 404's problem body names the path asked for, so not those.)
                if hidden and not by_id and any(s in r.text for s in world.secrets):
                    fail(f"{path} names an accusation")
                # The tracking code opens the public page and its reply: content, in effect.
                codes = (world.codes["a"], world.codes["b"])
                if kept and any(c in r.text for c in codes):
                    fail(f"{path} gives an accusation's tracking code")
            _check_intake(world, role, where, kept, fail)
            _check_counts(world, who, fail)
    assert not problems, "\n".join(problems)


def _check_intake(world: World, role: Role, where: str, kept: bool, fail: Check) -> None:
    r = world.clients["intake"].get(
        f"/api/v1/petitions/{world.ids['a']}", headers=bearer(role, POSITIONS[where])
    )
    expected = 200 if role in READS_A[where] else 404
    if r.status_code != expected:
        fail(f"read accusation A: {r.status_code}, expected {expected}")
        return
    if expected == 404:
        return
    body = r.json()
    if (body.get("content") == CONTENT_MARKS["content"]) is kept:
        fail(f"content shown: {'content' in body}")
    person = (body.get("petitioner") or {}).get("name") == PERSON["name"]
    if person is not (not kept and role in PETITIONER_ROLES):
        fail(f"petitioner shown: {person}")


def _check_counts(world: World, who: dict[str, str], fail: Check) -> None:
    """Counts agree with what the same reader may list; figures per region are the same for
    every reader, and leave the accusations out of the accused township's own."""
    sv = world.clients["supervision"]
    lights, red = sv.get("/api/v1/lights", headers=who), sv.get("/api/v1/red-list", headers=who)
    if lights.status_code == red.status_code == 200:
        lit = sum(g["red"] for g in lights.json()["groups"].values())
        if lit != len(red.json()["items"]):
            fail(f"{lit} red lights but {len(red.json()['items'])} on the red list")
    card = world.clients["index"].get(
        f"/api/v1/index/scorecards/region/{TOWNSHIP}?{SPAN}", headers=who
    )
    if card.status_code == 200 and card.json()["counts"].get("registered") != 2:
        fail(f"the township's scorecard counts {card.json()['counts'].get('registered')}")
    county = world.clients["index"].get(
        f"/api/v1/index/scorecards/region/{COUNTY}?{SPAN}", headers=who
    )
    if county.status_code == 200 and county.json()["counts"].get("registered") != 4:
        fail(f"the county's scorecard counts {county.json()['counts'].get('registered')}")
    sat = world.clients["feedback"].get(
        "/api/v1/satisfaction", params={"by": "region", **YEAR}, headers=who
    )
    if sat.status_code == 200:
        rated = {g["code"]: g["rated"] for g in sat.json()["groups"]}
        if rated.get(TOWNSHIP, 1) != 1 or rated.get(COUNTY, 2) != 2:
            fail(f"satisfaction tallies {rated}")


def test_the_county_above_reads_the_accusation_everywhere(world: World) -> None:
    # The control: the same reads from the unit's superior do show the accusations, so the
    # table above can tell a kept secret from an empty world.
    office = bearer(Role.PETITION_OFFICE, COUNTY)
    a, b = world.ids["a"], world.ids["b"]
    one = world.clients["intake"].get(f"/api/v1/petitions/{a}", headers=office).json()
    assert one["content"] == CONTENT_MARKS["content"]
    assert one["petitioner"]["phone"] == PERSON["phone"]
    listed = world.clients["intake"].get("/api/v1/petitions", headers=office).json()["items"]
    assert {a, b} <= {i["id"] for i in listed}
    routing = world.clients["routing"].get(f"/api/v1/petitions/{a}/routing", headers=office)
    assert routing.status_code == 200 and routing.json()["department"] == HANDLING
    red = world.clients["supervision"].get("/api/v1/red-list", headers=office).json()["items"]
    assert a in {i["petition_id"] for i in red}
    instructions = world.clients["supervision"].get("/api/v1/instructions", headers=office)
    assert a in instructions.text
    notices = world.clients["feedback"].get("/api/v1/notices", headers=office).json()["items"]
    assert {a, b} <= {n["petition_id"] for n in notices}
    handler = bearer(Role.HANDLER, HANDLING)
    revisit = world.clients["feedback"].get(f"/api/v1/revisits/{b}", headers=handler)
    assert revisit.status_code == 200
