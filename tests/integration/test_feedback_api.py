"""Feedback's HTTP API: campaign lifecycle and screening (摘报, the leaders' answer, the
author told), the region colours and ranking, the report with its SVG charts, and who may
see and do what."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from services.feedback.projections.outreach import Outreach, OutreachConfig
from services.feedback.projections.satisfaction import Satisfaction
from services.feedback.projections.suggestions import Suggestions
from services.feedback.tables import notifications
from shared.consumer import ProjectionRunner
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope
from shared.schemas.petition import Channel
from shared.schemas.petition import Rating as R
from tests.support.feedback import DAY0, Stream, api_app, bearer, handled, message, suggestion

TODAY = DAY0 + timedelta(days=60)
YEAR = {"from": "2025-01-01", "to": "2025-12-31"}
OFFICE = bearer("petition_office", "320800")
CITY_LEADER = bearer("leader", "320800")


@pytest.fixture
def service(db_url: str) -> Iterator[tuple[TestClient, Engine, Topics]]:
    thresholds = [["green", 90], ["blue", 75], ["yellow", 50]]
    app, engine, topics = api_app(db_url, TODAY, colour_thresholds=thresholds)
    with TestClient(app) as client:
        yield client, engine, topics
    engine.dispose()


def feed(engine: Engine, topics: Topics, events: list[EventEnvelope]) -> None:
    for projection in (
        Satisfaction(topics),
        Suggestions(topics),
        Outreach(topics, OutreachConfig()),
    ):
        runner = ProjectionRunner(projection, engine, service="feedback", dead_letter_topic="dl")
        runner.process_batch([message(e) for e in events])


def regions_log() -> list[EventEnvelope]:
    """清江浦区 scores 90 (green), 淮安区 80 (blue), 淮阴区 70 (yellow), 洪泽区 0 (red)."""
    return [
        *handled("a1", R.VERY_SATISFIED, region="320812"),
        *handled("a2", R.SATISFIED, region="320812"),
        *handled("b1", R.SATISFIED, region="320803", department="320803-ZJJ"),
        *handled("c1", R.VERY_SATISFIED, region="320804", department="320804-ZJJ"),
        *handled("c2", R.DISSATISFIED, R.SATISFIED, region="320804", department="320804-ZJJ"),
        *handled("d1", R.DISSATISFIED, region="320813", department="320813-ZJJ"),
    ]


def by_code(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in rows}


def test_region_colours_and_ranking(service: tuple[TestClient, Engine, Topics]) -> None:
    client, engine, topics = service
    feed(engine, topics, regions_log())
    report = client.get("/api/v1/satisfaction/report", params=YEAR, headers=CITY_LEADER).json()
    regions = by_code(report["regions"])
    got = {c: (regions[c]["score"], regions[c]["colour"], regions[c]["rank"]) for c in
           ("320812", "320803", "320804", "320813")}  # fmt: skip
    assert got == {
        "320812": (90.0, "green", 1),
        "320803": (80.0, "blue", 2),
        "320804": (70.0, "yellow", 3),
        "320813": (0.0, "red", 4),
    }
    assert regions["320800"]["rated"] == 6 and regions["320800"]["rank"] == 1
    assert report["overall"]["rated"] == 6
    assert by_code(report["departments"])["320812-ZJJ"]["rank"] == 1
    figures = client.get(
        "/api/v1/satisfaction", params={"by": "department", **YEAR}, headers=CITY_LEADER
    ).json()
    assert by_code(figures["groups"])["320804-ZJJ"]["unit"]["rate"] == 0.5


def test_report_charts_are_svg(service: tuple[TestClient, Engine, Topics]) -> None:
    pytest.importorskip("pygal")
    client, engine, topics = service
    feed(engine, topics, regions_log())
    for name in ("regions", "distribution", "trend"):
        r = client.get(f"/api/v1/satisfaction/report/charts/{name}.svg", params=YEAR,
                       headers=CITY_LEADER)  # fmt: skip
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        assert r.content.lstrip().startswith(b"<?xml") and b"<svg" in r.content
    assert b"#2e9d4f" in client.get("/api/v1/satisfaction/report/charts/regions.svg",
                                     params=YEAR, headers=CITY_LEADER).content  # fmt: skip
    missing = client.get("/api/v1/satisfaction/report/charts/pie.svg", headers=CITY_LEADER)
    assert missing.status_code == 404


def test_report_access(service: tuple[TestClient, Engine, Topics]) -> None:
    client, engine, topics = service
    feed(engine, topics, regions_log())
    assert client.get("/api/v1/satisfaction/report").status_code == 401
    handler = bearer("handler", "320812-ZJJ")
    assert client.get("/api/v1/satisfaction/report", headers=handler).status_code == 403
    assert client.get("/api/v1/satisfaction/report", headers=bearer("registrar", "320812-XFJ")
                      ).status_code == 403  # fmt: skip
    county = client.get(
        "/api/v1/satisfaction/report", params=YEAR, headers=bearer("leader", "320812")
    ).json()
    assert {r["code"][:6] for r in county["regions"]} == {"320812"}
    assert county["overall"]["rated"] == 2 and county["categories"] == []
    own = client.get(
        "/api/v1/satisfaction", params={"by": "department", **YEAR}, headers=handler
    ).json()
    assert [g["code"] for g in own["groups"]] == ["320812-ZJJ"]
    bad = client.get("/api/v1/satisfaction", params={"from": "2025-05-01", "to": "2025-01-01"},
                     headers=CITY_LEADER)  # fmt: skip
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


def suggestions_log() -> list[EventEnvelope]:
    return [
        Stream("s1").event(suggestion("建设城市绿道", "沿河建设绿道，方便市民健身。",
                                      campaign_id="green-2025", channel=Channel.WECHAT)),
        Stream("s2").event(suggestion("增加停车位", "医院周边停车难。", campaign_id="green-2025",
                                      region_code="320803", channel=Channel.SMS)),
        Stream("s3").event(suggestion("夜市管理", "规范夜市摊点。")),
    ]  # fmt: skip


def test_campaign_lifecycle_and_screening(service: tuple[TestClient, Engine, Topics]) -> None:
    client, engine, topics = service
    body = {
        "campaign_id": "green-2025", "topic": "绿色城市建言", "description": "征集绿色发展建议",
        "starts_on": "2025-03-01", "ends_on": "2025-06-30", "target": "全体市民",
        "target_count": 4,
    }  # fmt: skip
    assert client.post("/api/v1/campaigns", json=body, headers=CITY_LEADER).status_code == 403
    created = client.post("/api/v1/campaigns", json=body, headers=OFFICE)
    assert created.status_code == 201 and created.json()["state"] == "open"
    assert client.post("/api/v1/campaigns", json=body, headers=OFFICE).status_code == 409
    wrong = {**body, "campaign_id": "x", "ends_on": "2025-01-01"}
    assert client.post("/api/v1/campaigns", json=wrong, headers=OFFICE).status_code == 422
    public = client.get("/api/v1/public/campaigns").json()["items"]
    assert [c["campaign_id"] for c in public] == ["green-2025"]

    feed(engine, topics, suggestions_log())
    hits = client.get("/api/v1/suggestions", params={"q": "绿道"}, headers=OFFICE).json()
    assert [s["petition_id"] for s in hits["items"]] == ["s1"] and hits["total"] == 1
    county = client.get("/api/v1/suggestions", headers=bearer("petition_office", "320812"))
    assert sorted(s["petition_id"] for s in county.json()["items"]) == ["s1", "s3"]

    # Screening: only a valuable one can be forwarded; the leaders answer; the author is told.
    url = "/api/v1/suggestions/s1"
    summary = {"summary": "建议沿河建设绿道"}
    assert client.post(f"{url}/forward", json=summary, headers=OFFICE).status_code == 409
    screened = client.post(f"{url}/screen", json={"valuable": True, "note": "可行"}, headers=OFFICE)
    assert screened.json()["screening_state"] == "screened" and screened.json()["valuable"]
    client.post("/api/v1/suggestions/s2/screen", json={"valuable": False}, headers=OFFICE)
    assert client.post(f"{url}/answer", json={"answer": "同意"}, headers=CITY_LEADER
                       ).status_code == 409  # fmt: skip
    forwarded = client.post(f"{url}/forward", json=summary, headers=OFFICE)
    assert forwarded.json()["screening_state"] == "forwarded"
    assert client.post(f"{url}/answer", json={"answer": "同意"}, headers=OFFICE).status_code == 403
    other_leader = bearer("leader", "320803")
    assert client.post(f"{url}/answer", json={"answer": "同意"}, headers=other_leader
                       ).status_code == 403  # fmt: skip
    answered = client.post(f"{url}/answer", json={"answer": "同意，交园林局办理"},
                           headers=CITY_LEADER)  # fmt: skip
    assert answered.json()["screening_state"] == "answered"
    with engine.connect() as conn:
        told = conn.execute(
            select(notifications.c.kind, notifications.c.status).where(
                notifications.c.petition_id == "s1", notifications.c.kind == "leader_answer"
            )
        ).all()
    assert [tuple(t) for t in told] == [("leader_answer", "pending")]

    stats = client.get("/api/v1/campaigns/green-2025", headers=OFFICE).json()["statistics"]
    assert stats["suggestions"] == 2 and stats["valuable"] == 1
    assert stats["by_channel"] == {"wechat": 1, "sms": 1} and stats["progress"] == 0.5
    assert stats["by_state"] == {"answered": 1, "screened": 1}
    valuable = client.get("/api/v1/suggestions", params={"valuable": True}, headers=OFFICE)
    assert [s["petition_id"] for s in valuable.json()["items"]] == ["s1"]

    closed = client.post("/api/v1/campaigns/green-2025/close", headers=OFFICE)
    assert closed.json()["state"] == "closed" and closed.json()["closed_on"] == str(TODAY)
    assert client.post("/api/v1/campaigns/green-2025/close", headers=OFFICE).status_code == 409
    assert client.get("/api/v1/public/campaigns").json()["items"] == []
    assert client.get("/api/v1/campaigns/nope", headers=OFFICE).status_code == 404


def test_revisit_queue_access(service: tuple[TestClient, Engine, Topics]) -> None:
    client, engine, topics = service
    feed(engine, topics, handled("r1", R.DISSATISFIED))
    mine = bearer("handler", "320812-ZJJ")
    assert [
        t["petition_id"] for t in client.get("/api/v1/revisits", headers=mine).json()["items"]
    ] == ["r1"]
    other = bearer("handler", "320803-ZJJ")
    assert client.get("/api/v1/revisits", headers=other).json()["items"] == []
    asked = client.get("/api/v1/revisits", params={"department": "320812-ZJJ"}, headers=other)
    assert asked.status_code == 403
    assert client.get("/api/v1/revisits/r1", headers=other).status_code == 403
    assert client.get("/api/v1/revisits/r1", headers=bearer("petition_office", "320812")
                      ).status_code == 200  # fmt: skip
    assert client.get("/api/v1/revisits", headers=bearer("registrar", "320812-XFJ")
                      ).status_code == 403  # fmt: skip
    outcome = {"outcome": "已回访", "resolved": False}
    assert client.post("/api/v1/revisits/r1/outcome", json=outcome, headers=CITY_LEADER
                       ).status_code == 403  # fmt: skip
    future = {**outcome, "revisited_on": str(TODAY + timedelta(days=1))}
    assert client.post("/api/v1/revisits/r1/outcome", json=future, headers=mine
                       ).status_code == 422  # fmt: skip
    assert client.post("/api/v1/revisits/none/outcome", json=outcome, headers=mine
                       ).status_code == 404  # fmt: skip
    assert client.get("/api/v1/public/surveys/" + "x" * 20).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target_count": 9223372036854775808}, "body.target_count"),  # was a 500
        ({"target_count": 2**31}, "body.target_count"),  # the column is an INTEGER
        ({"starts_on": "0001-01-01"}, "body.starts_on"),
        ({"topic": "绿色\x00城市"}, "body.topic"),
    ],
    ids=["int64-overflow", "int32-overflow", "year-1", "nul"],
)
def test_a_campaign_out_of_bounds_is_422(
    service: tuple[TestClient, Engine, Topics], change: dict[str, Any], field: str
) -> None:
    client, _, _ = service
    body = {
        "campaign_id": "green-2025", "topic": "绿色城市建言", "starts_on": "2025-03-01",
        "ends_on": "2025-03-31", **change,
    }  # fmt: skip
    r = client.post("/api/v1/campaigns", json=body, headers=OFFICE)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in r.json()["errors"]] == [field]


def test_a_nul_in_a_search_is_422(service: tuple[TestClient, Engine, Topics]) -> None:
    """PostgreSQL cannot hold a NUL in text: it was a 500 there, and a query for it on SQLite."""
    client, _, _ = service
    r = client.get("/api/v1/suggestions?q=%E5%BB%BA%00", headers=OFFICE)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in r.json()["errors"]] == ["query.q"]
