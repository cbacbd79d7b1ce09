"""Kept reports (issue 17 item 4): the schedulers keep every region's weekly and monthly
health check (index) and satisfaction report (feedback), exactly one per period however often
they run, as they were when generated (a later fact or a projection rebuild changes nothing
kept); a county's leader lists and reads its own county's, never another county's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, Table, func, select

from services.feedback.application.kept_reports import Keeper as FeedbackKeeper
from services.feedback.application.kept_reports import keep_due
from services.feedback.application.report import ModelConfig
from services.feedback.projections.satisfaction import Satisfaction
from services.feedback.tables import kept_reports as fb_kept
from services.index.api import make_routers
from services.index.api.context import ApiContext
from services.index.application.assessment import Assessor
from services.index.application.kept_reports import Keeper
from services.index.application.modelfile import load_model
from services.index.application.scheduler import Scheduler
from services.index.application.scorecards import Scorer
from services.index.main import MIGRATIONS
from services.index.projections.facts import Facts
from services.index.settings import Settings
from services.index.tables import kept_reports
from shared.auth import Principal, Role, mint_token
from shared.consumer import ProjectionRunner
from shared.eventstore import EventStore, make_engine
from shared.refdata import ReferenceData, load_refdata
from shared.runtime.topics import Topics
from shared.schemas.petition import Rating as R
from shared.service.app import ServiceParts, create_service_app
from shared.settings import DEV_JWT_SECRET
from tests.support.feedback import api_app, handled, message
from tests.support.index import Log

MONDAY = date(2025, 4, 7)  # the week before: 3月31日–4月6日; the month before: March
TOWN, COUNTY, OTHER_COUNTY = "320812001", "320812", "320803"
AT = datetime(2025, 4, 7, 1, 0, tzinfo=UTC)


def auth(role: Role, org: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=f"u-{role}", role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def refs() -> ReferenceData:
    return load_refdata()


@pytest.fixture
def index(db_url: str, refs: ReferenceData) -> Iterator[tuple[TestClient, Engine, Scheduler]]:
    engine = make_engine(db_url)
    model = load_model()
    store = EventStore(engine, Topics().index_events)
    ctx = ApiContext(store, refs, model, lambda: MONDAY)
    parts = ServiceParts(
        name="index",
        settings=Settings(database_url=db_url),
        engine=engine,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
    )
    scheduler = Scheduler(
        Assessor(store, refs, model),
        lambda: MONDAY,
        keeper=Keeper(Scorer(engine, refs, model), lambda: AT),
    )
    with TestClient(create_service_app(parts)) as c:  # the lifespan migrates
        yield c, engine, scheduler
    engine.dispose()


def march_log(n: int, first: int = 0) -> Log:
    log = Log()
    for i in range(first, first + n):
        pid = f"k{i}"
        log.registered(pid, date(2025, 3, 3 + i % 20), TOWN).accepted(pid, date(2025, 3, 4), 5)
        log.replied(pid, date(2025, 3, 25))
    return log


def kept_count(engine: Engine, t: Table) -> dict[tuple[str, date], int]:
    """Reports kept by cadence and period (index's and feedback's tables alike)."""
    q = select(t.c.cadence, t.c.period_start, func.count()).group_by(t.c.cadence, t.c.period_start)
    with engine.connect() as conn:
        return {(c, s): n for c, s, n in conn.execute(q).all()}


def test_the_index_keeps_one_health_check_per_region_and_period(
    index: tuple[TestClient, Engine, Scheduler], refs: ReferenceData
) -> None:
    c, engine, scheduler = index
    runner = ProjectionRunner(Facts(refs, Topics()), engine, service="index", dead_letter_topic="d")
    runner.process_batch(march_log(6).messages())
    scheduler.tick()
    scheduler.tick()  # a second run (a restart, the next hour) keeps nothing more
    regions = len(refs.regions)
    assert kept_count(engine, kept_reports) == {
        ("week", date(2025, 3, 31)): regions,
        ("month", date(2025, 3, 1)): regions,
    }
    county = auth(Role.LEADER, COUNTY)
    listed = c.get("/api/v1/index/kept-reports", params={"region": COUNTY}, headers=county)
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [(i["cadence"], i["period"]["start"], i["period"]["end"]) for i in items] == [
        ("week", "2025-03-31", "2025-04-06"),
        ("month", "2025-03-01", "2025-03-31"),
    ]
    assert items[0]["name"] == "清江浦区" and items[0]["generated_at"].startswith("2025-04-07")
    live = c.get(
        f"/api/v1/index/reports/{COUNTY}?period=month&start=2025-03-01", headers=county
    ).json()
    kept = c.get(f"/api/v1/index/kept-reports/{COUNTY}/month/2025-03-01", headers=county).json()
    assert kept["body"] == live
    assert kept["body"]["scorecard"]["counts"]["registered"] == 6

    # Later facts and a rebuild of the projections leave the kept report as it was.
    runner.process_batch(march_log(3, first=10).messages())
    runner.reset()
    scheduler.tick()
    again = c.get(f"/api/v1/index/kept-reports/{COUNTY}/month/2025-03-01", headers=county)
    assert again.json() == kept

    # A county's leader: its own county and below, never another county's or the city's.
    own_town = c.get("/api/v1/index/kept-reports", params={"region": TOWN}, headers=county)
    assert own_town.status_code == 200 and len(own_town.json()["items"]) == 2
    for region in (OTHER_COUNTY, "320800"):
        refused = c.get("/api/v1/index/kept-reports", params={"region": region}, headers=county)
        assert refused.status_code == 403
    other = c.get(f"/api/v1/index/kept-reports/{OTHER_COUNTY}/month/2025-03-01", headers=county)
    assert other.status_code == 403
    city = auth(Role.LEADER, "320800")
    assert c.get("/api/v1/index/kept-reports", params={"region": OTHER_COUNTY},
                 headers=city).status_code == 200  # fmt: skip
    missing = c.get(f"/api/v1/index/kept-reports/{COUNTY}/month/2025-02-01", headers=county)
    assert missing.status_code == 404


@pytest.fixture
def feedback(db_url: str) -> Iterator[tuple[TestClient, Engine]]:
    app, engine, _ = api_app(db_url, MONDAY + timedelta(days=30))
    with TestClient(app) as client:
        yield client, engine
    engine.dispose()


def test_feedback_keeps_one_satisfaction_report_per_region_and_period(
    feedback: tuple[TestClient, Engine], refs: ReferenceData
) -> None:
    c, engine = feedback
    topics = Topics()
    events = [
        *handled("a1", R.VERY_SATISFIED, region=COUNTY),
        *handled("a2", R.DISSATISFIED, region=COUNTY),
        *handled("b1", R.SATISFIED, region=OTHER_COUNTY, department="320803-ZJJ"),
    ]
    runner = ProjectionRunner(Satisfaction(topics), engine, service="feedback",
                              dead_letter_topic="dl")  # fmt: skip
    runner.process_batch([message(e) for e in events])
    keeper = FeedbackKeeper(engine, refs, ModelConfig(), lambda: AT)
    keep_due(keeper, lambda: MONDAY)
    keep_due(keeper, lambda: MONDAY)
    regions = len(refs.regions)
    assert kept_count(engine, fb_kept) == {
        ("week", date(2025, 3, 31)): regions,
        ("month", date(2025, 3, 1)): regions,
    }
    county = auth(Role.LEADER, COUNTY)
    listed = c.get("/api/v1/satisfaction/kept-reports", params={"region": COUNTY}, headers=county)
    assert [(i["cadence"], i["period"]["start"]) for i in listed.json()["items"]] == [
        ("week", "2025-03-31"),
        ("month", "2025-03-01"),
    ]
    kept = c.get(f"/api/v1/satisfaction/kept-reports/{COUNTY}/month/2025-03-01", headers=county)
    body = kept.json()["body"]
    live = c.get(
        "/api/v1/satisfaction/report",
        params={"from": "2025-03-01", "to": "2025-03-31", "region": COUNTY},
        headers=county,
    ).json()
    assert body["overall"] == live["overall"] and body["overall"]["rated"] == 2
    assert {r["code"][:6] for r in body["regions"]} == {COUNTY}
    assert body["period"] == {"from": "2025-03-01", "to": "2025-03-31"}

    # The city's leader asks for a county's report; a county's leader not for another's.
    city = auth(Role.LEADER, "320800")
    theirs = c.get("/api/v1/satisfaction/report",
                   params={"from": "2025-03-01", "to": "2025-03-31", "region": OTHER_COUNTY},
                   headers=city).json()  # fmt: skip
    assert theirs["overall"]["rated"] == 1
    for path, params in (
        ("/api/v1/satisfaction/report", {"region": OTHER_COUNTY}),
        ("/api/v1/satisfaction/kept-reports", {"region": OTHER_COUNTY}),
        (f"/api/v1/satisfaction/kept-reports/{OTHER_COUNTY}/month/2025-03-01", {}),
    ):
        assert c.get(path, params=params, headers=county).status_code == 403, path
