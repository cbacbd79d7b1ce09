"""Supervision's HTTP API: urging and instructions in the department's view, lights and the
red list, rates, accountability records and sanctions, and who may see what."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from services.supervision.application.scheduler import Scheduler
from services.supervision.settings import Settings
from shared.auth import Principal, Role, mint_token
from shared.clock import FakeClock
from shared.runtime.topics import Topics
from shared.settings import DEV_JWT_SECRET
from tests.support.supervision import (
    DAY0,
    DEPT,
    ApiHarness,
    Stream,
    accepted,
    api_harness,
    assigned,
    owner,
    petition,
    registered,
    replied,
)

TOPICS = Topics()
DUE = DAY0 + timedelta(days=62)  # accepted on day 2, 60 days to reply
OTHER_DEPT = "320800-ZJJ"


Harness = ApiHarness


@pytest.fixture
def h(db_url: str) -> Iterator[Harness]:
    clock = FakeClock(DUE - timedelta(days=30))
    three = (*petition("p-1"), *petition("p-2"), *petition("p-city", OTHER_DEPT, "320800"))
    with api_harness(db_url, clock, TOPICS, *three, kind=ApiHarness) as harness:
        yield harness


def test_urging_shows_in_the_department_view(h: Harness) -> None:
    office = (Role.PETITION_OFFICE, "320812")
    r = h.post("/api/v1/petitions/p-1/urgings", *office, {"kind": "supervise", "note": "抓紧"})
    assert r.status_code == 202
    assert r.json()["due_on"] == str(h.clock.today() + timedelta(days=10))
    h.feed_own()
    view = h.get(f"/api/v1/departments/{DEPT}/view", Role.HANDLER, DEPT).json()
    assert [d["petition_id"] for d in view["deadlines"]] == ["p-1", "p-2"]
    assert [(a["kind"], a["status"]) for a in view["actions"]] == [("supervise", "open")]
    h.clock.advance(11)
    view = h.get(f"/api/v1/departments/{DEPT}/view", Role.HANDLER, DEPT).json()
    assert view["actions"][0]["status"] == "overdue"
    assert h.get(f"/api/v1/departments/{DEPT}/view", Role.HANDLER, OTHER_DEPT).status_code == 403
    # Another county's office may not urge here; a handler may not urge at all.
    other = h.post(
        "/api/v1/petitions/p-1/urgings", Role.PETITION_OFFICE, "320803", {"kind": "urge"}
    )
    assert other.status_code == 403
    assert (
        h.post("/api/v1/petitions/p-1/urgings", Role.HANDLER, DEPT, {"kind": "urge"}).status_code
        == 403
    )
    bad = h.post("/api/v1/petitions/p-1/urgings", *office, {"kind": "shout"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem")
    assert h.post("/api/v1/petitions/nope/urgings", *office, {"kind": "urge"}).status_code == 404


def test_instruction_cases_tracked_until_answered(h: Harness) -> None:
    body = {"leader": "市长", "instruction": "限期办结", "due_on": str(DUE - timedelta(days=5))}
    assert (
        h.post("/api/v1/petitions/p-2/instructions", Role.LEADER, "320800", body).status_code == 202
    )
    h.feed_own()
    items = h.get("/api/v1/instructions", Role.LEADER, "320800").json()["items"]
    assert [(i["petition_id"], i["status"]) for i in items] == [("p-2", "open")]
    h.feed(petition("p-2")[0])  # a redelivery changes nothing
    s = Stream("p-2")
    s.version = 4
    h.feed(s.event(replied(h.clock.today())))
    items = h.get("/api/v1/instructions", Role.LEADER, "320800").json()["items"]
    assert items[0]["status"] == "done"


def test_lights_red_list_and_rates(h: Harness) -> None:
    city = (Role.LEADER, "320800")
    h.clock.day = DUE + timedelta(days=1)
    lights = h.get("/api/v1/lights", *city, by="department").json()["groups"]
    assert lights == {
        DEPT: {"green": 0, "yellow": 0, "red": 2},
        OTHER_DEPT: {"green": 0, "yellow": 0, "red": 1},
    }
    county = h.get("/api/v1/lights", Role.LEADER, "320812", by="region").json()["groups"]
    assert county == {"320812": {"green": 0, "yellow": 0, "red": 2}}
    red = h.get("/api/v1/red-list", *city, region="320812").json()["items"]
    assert {r["petition_id"] for r in red} == {"p-1", "p-2"}
    s = Stream("p-1")
    s.version = 4
    h.feed(s.event(replied(DUE - timedelta(days=1))))
    rates = h.get("/api/v1/rates", *city, start=str(DAY0), end=str(DUE + timedelta(30))).json()
    assert rates["answered"] == 1 and rates["on_time_rate"] == 1.0
    assert rates["average_handling_days"] == 61 and rates["first_visit_resolution_rate"] == 1.0
    assert h.get("/api/v1/lights", Role.HANDLER, DEPT).status_code == 403


def test_records_for_inspectors_and_sanctions(h: Harness) -> None:
    h.clock.day = DUE + timedelta(days=3)
    Scheduler(h.engine, TOPICS, h.clock, Settings(database_url="").rules()).sweep()
    h.feed_own()
    county = h.get("/api/v1/records", Role.INSPECTOR, "320812").json()["items"]
    assert {r["petition_id"] for r in county} == {"p-1", "p-2"}
    rec = county[0]
    assert (rec["reason"], rec["department"], rec["handler"], rec["case_owner"]) == (
        "overdue",
        DEPT,
        "h-1",
        "leader-1",
    )
    assert len(rec["event_ids"]) == 2
    city = h.get("/api/v1/records", Role.INSPECTOR, "320800", department=OTHER_DEPT).json()
    assert [r["petition_id"] for r in city["items"]] == ["p-city"]
    # A handler sees its own department's records, never another's.
    own = h.get("/api/v1/records", Role.HANDLER, DEPT).json()["items"]
    assert {r["department"] for r in own} == {DEPT}
    assert h.get("/api/v1/records", Role.HANDLER, OTHER_DEPT, department=DEPT).json()["items"] == []
    assert h.get("/api/v1/records", Role.LEADER, "320800").status_code == 403
    assert h.client.get("/api/v1/records").status_code == 401
    body = {"sanction": "admonishment_talk", "person": "李四", "note": "逾期"}
    path = f"/api/v1/records/{rec['record_id']}/sanctions"
    assert h.post(path, Role.INSPECTOR, "320803", body).status_code == 403
    assert h.post(path, Role.PETITION_OFFICE, "320812", body).status_code == 403
    assert h.post(path, Role.INSPECTOR, "320812", body).status_code == 202
    h.feed_own()
    again = h.get("/api/v1/records", Role.INSPECTOR, "320812", petition_id=rec["petition_id"])
    sanctions = again.json()["items"][0]["sanctions"]
    assert [(s["sanction"], s["person"]) for s in sanctions] == [("admonishment_talk", "李四")]


PAST = str(DUE - timedelta(days=31))  # the day before the fixture's today
OFFICE = (Role.PETITION_OFFICE, "320812")
SANCTION = {"sanction": "admonishment_talk", "person": "李四"}
INSTRUCTION = {"leader": "市长", "instruction": "限期办结", "due_on": PAST}


@pytest.mark.parametrize(
    ("method", "path", "who", "body", "status", "title", "detail"),
    [
        ("post", "/api/v1/petitions/p-1/urgings", OFFICE, {"kind": "urge", "due_on": PAST},
         422, "Unprocessable Entity", "due_on is in the past"),
        ("post", "/api/v1/petitions/p-1/instructions", (Role.LEADER, "320800"), INSTRUCTION,
         422, "Unprocessable Entity", "due_on is in the past"),
        ("post", "/api/v1/petitions/nope/urgings", OFFICE, {"kind": "urge"},
         404, "Not Found", "supervision knows no such petition"),
        ("post", "/api/v1/petitions/p-1/urgings", (Role.PETITION_OFFICE, "320803"),
         {"kind": "urge"}, 403, "Forbidden", "the petition is outside your region"),
        ("post", "/api/v1/petitions/p-1/resume", OFFICE, None,
         409, "Conflict", "the clock is not paused"),
        ("post", "/api/v1/records/nope/sanctions", (Role.INSPECTOR, "320812"), SANCTION,
         404, "Not Found", "no such accountability record"),
        ("get", "/api/v1/rates", (Role.LEADER, "320800"), {"start": PAST, "end": str(DAY0)},
         422, "Unprocessable Entity", "end is before start"),
        ("get", f"/api/v1/departments/{DEPT}/view", (Role.HANDLER, OTHER_DEPT), None,
         403, "Forbidden", "a handler sees its own department only"),
        ("get", f"/api/v1/departments/{DEPT}/view", (Role.PETITION_OFFICE, "320803"), None,
         403, "Forbidden", "the department is outside your region"),
    ],
)  # fmt: skip
def test_refusals_keep_their_problem_bodies(
    h: Harness,
    method: str,
    path: str,
    who: tuple[Role, str],
    body: Any,  # the query of a GET
    status: int,
    title: str,
    detail: str,
) -> None:
    r = h.post(path, *who, body) if method == "post" else h.get(path, *who, **(body or {}))
    assert r.headers["content-type"].startswith("application/problem+json")
    expected = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    got = r.json()
    assert {k: got.pop(k) for k in (*expected, "instance")} == {**expected, "instance": path}
    # What a page shows instead of the English detail (tests/unit/test_refusal_words.py).
    assert set(got) == {"code", "detail_zh"} and re.search("[\u4e00-\u9fff]", got["detail_zh"])


def test_no_pause_once_no_deadline_runs(h: Harness) -> None:
    s = Stream("p-2")
    s.version = 4
    h.feed(s.event(replied(h.clock.today())))
    r = h.post("/api/v1/petitions/p-2/pause", *OFFICE, {"reason": "鉴定"})
    assert (r.status_code, r.json()["title"]) == (409, "Conflict")
    assert r.json()["detail"] == "no deadline is running on this petition"
    assert "errors" not in r.json()
    paused = h.post("/api/v1/petitions/p-1/pause", *OFFICE, {"reason": "鉴定"})
    assert paused.status_code == 202


def as_user(user_id: str, role: Role, org: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=user_id, role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


def test_a_case_owner_reads_the_urgings_and_instructions_of_its_own_cases(h: Harness) -> None:
    s = Stream("p-other")
    h.feed(
        s.event(registered(region_code="320812")),
        s.event(assigned(DAY0, DEPT)),
        s.event(accepted(DAY0 + timedelta(days=2))),
        s.event(owner("leader-2")),
    )
    for pid in ("p-1", "p-other"):
        r = h.post(f"/api/v1/petitions/{pid}/urgings", *OFFICE, {"kind": "urge", "note": "快"})
        assert r.status_code == 202
    order = {"leader": "市长", "instruction": "限期办结", "due_on": str(DUE - timedelta(days=5))}
    for pid in ("p-2", "p-other", "p-city"):
        r = h.post(f"/api/v1/petitions/{pid}/instructions", Role.LEADER, "320800", order)
        assert r.status_code == 202
    h.feed_own()
    # leader-1 owns p-1, p-2 and p-city (the fixture), leader-2 only p-other; the case
    # owner's org does not widen or narrow it.
    mine = as_user("leader-1", Role.CASE_OWNER, "320803")
    view = h.client.get(f"/api/v1/departments/{DEPT}/view", headers=mine).json()
    assert [d["petition_id"] for d in view["deadlines"]] == ["p-1", "p-2"]
    acts = [(a["petition_id"], a["kind"]) for a in view["actions"]]
    assert acts == [("p-1", "urge"), ("p-2", "instruction")]
    items = h.client.get("/api/v1/instructions", headers=mine).json()["items"]
    assert sorted(i["petition_id"] for i in items) == ["p-2", "p-city"]
    theirs = as_user("leader-2", Role.CASE_OWNER, "320812")
    view = h.client.get(f"/api/v1/departments/{DEPT}/view", headers=theirs).json()
    assert [d["petition_id"] for d in view["deadlines"]] == ["p-other"]
    assert [a["kind"] for a in view["actions"] if a["petition_id"] == "p-other"] == [
        "urge",
        "instruction",
    ]
    assert {a["petition_id"] for a in view["actions"]} == {"p-other"}
    items = h.client.get("/api/v1/instructions", headers=theirs).json()["items"]
    assert [(i["petition_id"], i["case_owner"]) for i in items] == [("p-other", "leader-2")]
    # Nobody's cases: an empty view, not someone else's.
    nobody = as_user("leader-9", Role.CASE_OWNER, "320812")
    view = h.client.get(f"/api/v1/departments/{DEPT}/view", headers=nobody).json()
    assert view["deadlines"] == [] and view["actions"] == []
    assert h.client.get("/api/v1/instructions", headers=nobody).json()["items"] == []
