"""The index over HTTP: who sees which scorecards (a county leader its own county, a city
leader all), the health-check report as JSON and HTML, disputes lowering the miss rate,
staff scores, bad input."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from services.index.api import make_routers
from services.index.api.context import ApiContext
from services.index.application.assessment import Assessor
from services.index.application.modelfile import load_model
from services.index.application.scheduler import Scheduler
from services.index.main import MIGRATIONS
from services.index.projections.facts import Facts
from services.index.settings import Settings
from shared.auth import Principal, Role, mint_token
from shared.consumer import ProjectionRunner
from shared.eventstore import EventStore, make_engine
from shared.refdata import load_refdata
from shared.runtime.topics import Topics
from shared.service.app import ServiceParts, create_service_app
from shared.settings import DEV_JWT_SECRET
from tests.support.index import Log

TODAY = date(2025, 4, 2)
TOWN, COUNTY, OTHER_COUNTY = "320812001", "320812", "320803"
MARCH = "period=month&start=2025-03-01"


@pytest.fixture
def client(db_url: str) -> Iterator[tuple[TestClient, ProjectionRunner]]:
    engine = make_engine(db_url)
    refs = load_refdata()
    store = EventStore(engine, Topics().index_events)
    ctx = ApiContext(store, refs, load_model(), lambda: TODAY)
    parts = ServiceParts(
        name="index",
        settings=Settings(database_url=db_url),
        engine=engine,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
    )
    with TestClient(create_service_app(parts)) as c:  # the lifespan migrates
        runner = ProjectionRunner(
            Facts(refs, Topics()), engine, service="index", dead_letter_topic="d"
        )
        yield c, runner


def auth(role: Role, org: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=f"u-{role}", role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


def test_county_leader_sees_own_county_city_leader_all(
    client: tuple[TestClient, ProjectionRunner],
) -> None:
    c, _ = client
    county = auth(Role.LEADER, COUNTY)
    city = auth(Role.LEADER, "320800")
    url = "/api/v1/index/scorecards/region/{}?" + MARCH
    assert c.get(url.format(COUNTY), headers=county).status_code == 200
    assert c.get(url.format(TOWN), headers=county).status_code == 200
    assert c.get(url.format(OTHER_COUNTY), headers=county).status_code == 403
    assert c.get(url.format("320800"), headers=county).status_code == 403
    for region in (COUNTY, OTHER_COUNTY, "320800"):
        assert c.get(url.format(region), headers=city).status_code == 200
    assert c.get(url.format(COUNTY)).status_code == 401
    assert c.get(url.format(COUNTY), headers=auth(Role.HANDLER, "320812-ZJJ")).status_code == 403
    assert c.get(url.format("999999"), headers=city).status_code == 404
    report = "/api/v1/index/reports/{}?" + MARCH
    assert c.get(report.format(OTHER_COUNTY), headers=county).status_code == 403


def test_health_check_report_json_and_html(client: tuple[TestClient, ProjectionRunner]) -> None:
    c, runner = client
    log = Log()
    log.registered("p1", date(2025, 3, 1), TOWN).accepted("p1", date(2025, 3, 2))
    log.replied("p1", date(2025, 3, 9))
    runner.process_batch(log.messages())
    headers = auth(Role.LEADER, COUNTY)
    body = c.get(f"/api/v1/index/reports/{COUNTY}?{MARCH}", headers=headers).json()
    assert body["scorecard"]["counts"]["registered"] == 1
    assert TOWN in {s["subject"] for s in body["sub_regions"]}
    assert body["analysis"][0].startswith("清江浦区本期信访指数")
    page = c.get(f"/api/v1/index/reports/{COUNTY}?{MARCH}&format=html", headers=headers)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<svg" in page.text and "体检表" in page.text
    # Any period: a custom range, and a bad one.
    custom = f"/api/v1/index/reports/{COUNTY}?period=custom&start=2025-01-01&end=2025-03-31"
    assert c.get(custom, headers=headers).json()["scorecard"]["period"]["kind"] == "custom"
    bad = f"/api/v1/index/reports/{COUNTY}?period=custom&start=2025-03-01"
    assert c.get(bad, headers=headers).status_code == 422


def test_dispute_on_the_register_means_not_missed(
    client: tuple[TestClient, ProjectionRunner],
) -> None:
    c, runner = client
    office = auth(Role.PETITION_OFFICE, COUNTY)
    dispute = {
        "region_code": COUNTY,
        "category_code": "01",
        "found_on": "2025-02-20",
        "summary": "拆迁补偿纠纷",
        "parties": [{"name": "李四", "phone": "13800000000"}],
    }
    other = auth(Role.PETITION_OFFICE, OTHER_COUNTY)
    assert c.post("/api/v1/index/disputes", json=dispute, headers=other).status_code == 403
    created = c.post("/api/v1/index/disputes", json=dispute, headers=office)
    assert created.status_code == 201
    dispute_id = created.json()["dispute_id"]
    # Registered on TODAY: a petition received later in its subtree and major is screened.
    log = Log()
    log.registered("p1", date(2025, 4, 3), TOWN, "0102")
    log.registered("p2", date(2025, 4, 3), TOWN, "0201")
    runner.process_batch(log.messages())
    url = f"/api/v1/index/scorecards/region/{TOWN}?period=day&start=2025-04-03"
    card = c.get(url, headers=office).json()
    assert card["counts"]["missed"] == 1 and card["metrics"]["dispute_miss_rate"] == 0.5
    done = {"status": "resolved", "on": "2025-03-01", "resolution": "达成协议"}
    assert (
        c.post(f"/api/v1/index/disputes/{dispute_id}/status", json=done, headers=office).status_code
        == 200
    )
    feb = c.get(
        f"/api/v1/index/scorecards/region/{COUNTY}?{MARCH.replace('03', '02')}&fresh=true",
        headers=office,
    ).json()
    assert feb["counts"]["disputes_found"] == 1
    assert feb["metrics"]["dispute_resolution_rate"] == 0.0  # resolved only in March
    mar = c.get(
        f"/api/v1/index/scorecards/region/{COUNTY}?period=custom&start=2025-02-01&end=2025-03-31",
        headers=office,
    ).json()
    assert mar["metrics"]["dispute_resolution_rate"] == 1.0
    bad = dict(dispute, category_code="99")
    assert c.post("/api/v1/index/disputes", json=bad, headers=office).status_code == 422
    assert c.post("/api/v1/index/disputes", json={"x": 1}, headers=office).status_code == 422


def test_staff_scores_count_for_qualitative_factors(
    client: tuple[TestClient, ProjectionRunner],
) -> None:
    c, _ = client
    office = auth(Role.PETITION_OFFICE, COUNTY)
    score = {
        "region_code": COUNTY,
        "factor_id": "leadership",
        "score": 40,
        "effective_on": "2025-03-01",
    }
    assert c.post("/api/v1/index/qualitative-scores", json=score, headers=office).status_code == 201
    wrong = dict(score, factor_id="on_time_completion")
    assert c.post("/api/v1/index/qualitative-scores", json=wrong, headers=office).status_code == 422
    card = c.get(f"/api/v1/index/scorecards/region/{COUNTY}?{MARCH}", headers=office).json()
    leadership = next(f for f in card["factors"] if f["id"] == "leadership")
    assert leadership["score"] == 40.0
    # With no petitions, only the counts (overdue 0, collective 0: both 100, weights 4 and 3)
    # and the staff score (40, weight 5) have values: (400 + 300 + 200) / 12 = 75.
    assert card["total"] == 75.0 and card["grade"] == 3


SCORECARD = "/api/v1/index/scorecards/region/320812?period="
REPORT = "/api/v1/index/reports/320812?period="


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        (SCORECARD + "custom&start=0001-01-01&end=0001-01-02", ["query.start", "query.end"]),
        (REPORT + "custom&start=0001-01-01&end=0001-01-31", ["query.start", "query.end"]),
        (REPORT + "month&start=9999-12-15", ["query.start"]),
        (SCORECARD + "custom&start=2025-01-01&end=9999-12-31", ["query.end"]),
    ],
    ids=["scorecard-year-1", "report-year-1", "report-year-9999", "end-year-9999"],
)
def test_a_period_out_of_range_is_422_not_500(
    client: tuple[TestClient, ProjectionRunner], path: str, fields: list[str]
) -> None:
    c, _ = client
    r = c.get(path, headers=auth(Role.LEADER, "320800"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in r.json()["errors"]] == fields


def test_assessment_after_a_start_grades_the_month_the_facts_fill(
    client: tuple[TestClient, ProjectionRunner],
) -> None:
    """The scheduler's first tick after a start grades last month before its facts are in
    (a fresh ``sunshine run``, then ``sunshine demo``). It must grade nothing then, so the
    office's assessment later, with any day of the month as ``start``, grades the region."""
    c, runner = client
    store = EventStore(runner.engine, Topics().index_events)
    Scheduler(Assessor(store, load_refdata(), load_model()), lambda: TODAY).tick()
    log = Log()
    log.registered("p1", date(2025, 3, 3), TOWN).accepted("p1", date(2025, 3, 4))
    log.replied("p1", date(2025, 3, 10))
    runner.process_batch(log.messages())
    office = auth(Role.PETITION_OFFICE, "320800")
    card = c.get(f"/api/v1/index/scorecards/region/{TOWN}?{MARCH}", headers=office).json()
    mid_march = "/api/v1/index/assessments?period=month&start=2025-03-15"
    result = c.post(mid_march, headers=office).json()
    assert result["period"] == {"kind": "month", "start": "2025-03-01", "end": "2025-03-31"}
    assert result["graded"][TOWN] == card["grade"] and COUNTY in result["graded"]
    assert OTHER_COUNTY not in result["graded"]  # no petition there in March: no grade
    again = c.post(mid_march, headers=office).json()
    assert again["graded"] == {} and again["already_graded"][TOWN] == card["grade"]


def test_a_county_office_checks_and_reads_its_own_county_surges(
    client: tuple[TestClient, ProjectionRunner],
) -> None:
    c, runner = client
    jinhu, township, elsewhere = "320831", "320831003", "320812"
    log = Log()
    for i in range(30):  # 4 of 30 in major 01 (13%, over the 10% threshold)
        category = "0101" if i < 4 else f"{2 + i % 17:02d}01"
        log.registered(f"s{i}", date(2025, 3, 10) + timedelta(days=i % 10), township, category)
    runner.process_batch(log.messages())
    office = auth(Role.PETITION_OFFICE, jinhu)
    checked = c.post("/api/v1/index/surges/check?as_of=2025-03-20", headers=office)
    assert checked.status_code == 200, checked.text
    raised = {(s["region_code"], s["category_code"]) for s in checked.json()["changes"]}
    assert (township, "01") in raised and (jinhu, "01") in raised
    assert all(r.startswith(jinhu) for r, _ in raised)  # its own county, nothing beyond
    read = c.get(f"/api/v1/index/surges?region={jinhu}", headers=office)
    assert read.status_code == 200
    assert {(s["region_code"], s["category_code"]) for s in read.json()["items"]} == raised
    # Another county's, or the whole city's, are not its to check or read.
    for region in (elsewhere, "320800"):
        url = f"/api/v1/index/surges/check?as_of=2025-03-20&region={region}"
        assert c.post(url, headers=office).status_code == 403
        assert c.get(f"/api/v1/index/surges?region={region}", headers=office).status_code == 403
    leader = auth(Role.LEADER, jinhu)
    assert c.post("/api/v1/index/surges/check", headers=leader).status_code == 403
