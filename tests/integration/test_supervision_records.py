"""The accountability records list (问责) as an inspector filters it: by the petition's
kind, by period (the record's own date), by sanction, and a page at a time with a cursor;
every filter and every page still cut to the caller's scope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.supervision.api import make_routers
from services.supervision.application import record_reads
from services.supervision.application.scheduler import Scheduler
from services.supervision.main import MIGRATIONS
from services.supervision.projections.deadlines import Deadlines
from services.supervision.settings import Settings
from shared.auth import Principal, Role, mint_token
from shared.clock import FakeClock
from shared.consumer import ProjectionRunner
from shared.eventstore import make_engine
from shared.runtime.topics import Topics
from shared.schemas import petition as pe
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
    outbox_messages,
    owner,
    registered,
)

TOPICS = Topics()
OTHER_DEPT = "320800-ZJJ"  # the city's, outside the county 320812
COUNTY = (Role.INSPECTOR, "320812")
CITY = (Role.INSPECTOR, "320800")
# (petition, kind, department, region, days to reply after acceptance on day 2): each misses
# its reply deadline once; the first sweep finds the 30-day ones, the second the 60-day ones.
PETITIONS = [
    ("s-1", pe.Kind.SUGGESTION, DEPT, "320812", 30),
    ("c-1", pe.Kind.CLAIM, DEPT, "320812", 30),
    ("c-2", pe.Kind.CLAIM, DEPT, "320812", 60),
    ("city", pe.Kind.CLAIM, OTHER_DEPT, "320800", 60),
    ("a-1", pe.Kind.ACCUSATION, DEPT, "320812", 60),
]
FIRST_SWEEP = DAY0 + timedelta(days=33)
SECOND_SWEEP = DAY0 + timedelta(days=63)
# The sweeps run at the fake clock's 10:00 in the city (02:00 UTC); the sanctions at 15:30.
SWEPT_AT_UTC = "T02:00:00+00:00"
SANCTIONED_AT = time(15, 30)


def auth(role: Role, org: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=f"u-{role}", role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


def events(pid: str, kind: pe.Kind, dept: str, region: str, days: int) -> list[Any]:
    s = Stream(pid)
    extra: dict[str, Any] = {"kind": kind, "region_code": region}
    if kind is pe.Kind.ACCUSATION:  # accuses a unit outside every reader of these tests
        extra |= {"category_code": "1103", "accused_org": "320803-GOV"}
    return [
        s.event(registered(**extra)),
        s.event(assigned(DAY0, dept)),
        s.event(accepted(DAY0 + timedelta(days=2), days=days)),
        s.event(owner(f"leader-{pid}")),
    ]


class World:
    def __init__(self, client: TestClient, clock: FakeClock, runner: ProjectionRunner) -> None:
        self.client, self.clock, self.runner = client, clock, runner

    def get(self, role: Role, org: str, **params: Any) -> Any:
        return self.client.get("/api/v1/records", headers=auth(role, org), params=params)

    def ids(self, role: Role, org: str, **params: Any) -> list[str]:
        r = self.get(role, org, **params)
        assert r.status_code == 200, r.text
        return [x["petition_id"] for x in r.json()["items"]]


@pytest.fixture
def w(db_url: str) -> Iterator[World]:
    clock = FakeClock(DAY0)
    settings = Settings(database_url=db_url)
    engine = make_engine(db_url)
    ctx = api_context(engine, TOPICS, clock, settings)
    parts = ServiceParts(
        name="supervision",
        settings=settings,
        engine=engine,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
    )
    runner = ProjectionRunner(
        Deadlines(TOPICS), engine, service="supervision", dead_letter_topic="dl"
    )
    with TestClient(create_service_app(parts)) as client:  # the lifespan migrates
        runner.process_batch([message(e) for p in PETITIONS for e in events(*p)])
        for day in (FIRST_SWEEP, SECOND_SWEEP):
            clock.day = day
            Scheduler(engine, TOPICS, clock, settings.rules()).sweep()
            runner.process_batch(outbox_messages(engine, TOPICS.supervision_events))
        world = World(client, clock, runner)
        clock.time = SANCTIONED_AT  # the inspectors decide in the afternoon
        # One record sanctioned (诫勉谈话), one dismissed (免职); the rest have none yet.
        for pid, body in (
            ("c-1", {"sanction": "admonishment_talk", "person": "李四"}),
            ("c-2", {"sanction": "dismissal", "person": "王五"}),
        ):
            rid = world.get(*COUNTY, petition_id=pid).json()["items"][0]["record_id"]
            path = f"/api/v1/records/{rid}/sanctions"
            assert client.post(path, headers=auth(*COUNTY), json=body).status_code == 202
        runner.process_batch(outbox_messages(engine, TOPICS.supervision_events))
        yield world


def test_the_list_is_the_scope_oldest_first_with_a_null_cursor_at_the_end(w: World) -> None:
    body = w.get(*COUNTY).json()
    assert set(body) == {"items", "next_cursor"} and body["next_cursor"] is None
    items = body["items"]
    # The county's inspector: its own department's records, never the city's department's.
    assert sorted(x["petition_id"] for x in items) == ["a-1", "c-1", "c-2", "s-1"]
    assert [x["occurred_on"] for x in items] == sorted(x["occurred_on"] for x in items)
    assert {"record_id", "reason", "event_ids", "sanctions", "occurred_on"} <= set(items[0])
    assert "petition_kind" not in items[0] and "accused_org" not in items[0]
    assert sorted(w.ids(*CITY)) == ["a-1", "c-1", "c-2", "city", "s-1"]


def test_kind_is_the_petitions_kind(w: World) -> None:
    assert sorted(w.ids(*COUNTY, kind="claim")) == ["c-1", "c-2"]
    assert w.ids(*COUNTY, kind="suggestion") == ["s-1"]
    assert w.ids(*COUNTY, kind="accusation") == ["a-1"]
    assert sorted(w.ids(*CITY, kind="claim")) == ["c-1", "c-2", "city"]
    # The accused unit's own inspector never learns of the accusation, not by asking for it.
    assert w.ids(Role.INSPECTOR, "320803", kind="accusation") == []
    assert w.get(*COUNTY, kind="complaint").status_code == 422


def test_the_period_is_the_day_the_record_was_made(w: World) -> None:
    first, second = str(FIRST_SWEEP), str(SECOND_SWEEP)
    assert sorted(w.ids(*COUNTY, since=first, until=first)) == ["c-1", "s-1"]
    assert sorted(w.ids(*COUNTY, since=second)) == ["a-1", "c-2"]
    assert sorted(w.ids(*COUNTY, until=str(SECOND_SWEEP - timedelta(days=1)))) == ["c-1", "s-1"]
    assert w.ids(*COUNTY, since=str(SECOND_SWEEP + timedelta(days=1))) == []
    both = w.get(*COUNTY, since=first, until=second).json()["items"]
    assert {x["occurred_on"] for x in both} == {first, second}
    assert w.get(*COUNTY, since="2025-13-01").status_code == 422


def test_sanction_filters_by_kind_none_yet_or_any(w: World) -> None:
    assert w.ids(*COUNTY, sanction="admonishment_talk") == ["c-1"]
    assert w.ids(*COUNTY, sanction="dismissal") == ["c-2"]
    assert w.ids(*COUNTY, sanction="disciplinary") == []
    assert sorted(w.ids(*COUNTY, sanction="any")) == ["c-1", "c-2"]
    assert sorted(w.ids(*COUNTY, sanction="none")) == ["a-1", "s-1"]
    # The sanction filter and the others combine; the answer still carries the sanctions.
    found = w.get(*COUNTY, sanction="any", kind="claim", since=str(SECOND_SWEEP)).json()
    got = [(x["petition_id"], [s["sanction"] for s in x["sanctions"]]) for x in found["items"]]
    assert got == [("c-2", ["dismissal"])]
    assert w.get(*COUNTY, sanction="warning").status_code == 422
    # A handler still reads its own department's records only, whatever it filters by.
    assert w.ids(Role.HANDLER, OTHER_DEPT, sanction="any") == []


def pages(w: World, role: Role, org: str, **params: Any) -> list[list[str]]:
    out, cursor = [], None
    while True:
        body = w.get(role, org, **params, **({"cursor": cursor} if cursor else {})).json()
        out.append([x["petition_id"] for x in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return out
        assert len(out) < 10, "the cursor never ends"


@pytest.mark.parametrize("batch", [500, 1])
def test_cursor_pages_walk_the_whole_list_once(
    w: World, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A batch of one row makes the page fill across many reads, skipping rows of another
    # scope in between (the city's department's record is among the county's).
    monkeypatch.setattr(record_reads, "_BATCH", batch)
    whole = w.ids(*COUNTY)
    walked = pages(w, *COUNTY, limit=2)
    assert walked == [whole[:2], whole[2:]]
    assert pages(w, *COUNTY, limit=3) == [whole[:3], whole[3:]]
    assert pages(w, *COUNTY, limit=4) == [whole]  # a full last page has no cursor after it
    one_by_one = pages(w, *CITY, limit=1)
    assert [p for page in one_by_one for p in page] == w.ids(*CITY)
    assert {len(page) for page in one_by_one} == {1}
    assert pages(w, *COUNTY, limit=1, kind="claim", sanction="any") == [["c-1"], ["c-2"]]


def test_a_cursor_it_did_not_hand_out_is_refused(w: World) -> None:
    for bad in ("not-a-cursor", "WyJ4IiwgMV0", "WzEsIDJd"):  # junk, ["x", 1], [1, 2]
        r = w.get(*COUNTY, cursor=bad)
        assert r.status_code == 400, bad
        assert r.headers["content-type"].startswith("application/problem")
    assert w.get(*COUNTY, cursor="x" * 401).status_code == 422


def test_the_filters_cannot_widen_the_scope(w: World) -> None:
    # Another county's inspector reads none of these, under any filter or page.
    other = (Role.INSPECTOR, "320803")
    for params in ({}, {"kind": "claim"}, {"sanction": "any"}, {"since": str(DAY0)}):
        assert w.ids(*other, **params) == []
    assert w.get(Role.LEADER, "320800").status_code == 403


def test_newest_first_pages_walk_the_list_backwards_and_keep_their_order(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_reads, "_BATCH", 1)
    oldest_first = w.ids(*COUNTY)
    assert w.ids(*COUNTY, order="newest") == oldest_first[::-1]
    walked = pages(w, *COUNTY, order="newest", limit=3)
    assert walked == [oldest_first[::-1][:3], oldest_first[::-1][3:]]
    days = [x["occurred_on"] for x in w.get(*COUNTY, order="newest").json()["items"]]
    assert days == sorted(days, reverse=True)
    # The filters and the scope hold in either order.
    assert pages(w, *COUNTY, order="newest", limit=1, kind="claim") == [["c-2"], ["c-1"]]
    assert w.ids(Role.INSPECTOR, "320803", order="newest") == []
    # A cursor goes on in the order it came from; in the other order it is refused.
    cursor = w.get(*COUNTY, limit=1).json()["next_cursor"]
    assert w.get(*COUNTY, cursor=cursor, order="newest").status_code == 400
    backwards = w.get(*COUNTY, limit=1, order="newest").json()["next_cursor"]
    assert w.get(*COUNTY, cursor=backwards).status_code == 400
    assert w.get(*COUNTY, cursor=backwards, order="newest").status_code == 200
    assert w.get(*COUNTY, order="sideways").status_code == 422


def test_records_and_sanctions_carry_the_instant_of_their_event(w: World) -> None:
    items = {x["petition_id"]: x for x in w.get(*COUNTY).json()["items"]}
    # Found by the sweep that ran at 10:00 in the city: its event's occurred_at.
    assert items["s-1"]["found_at"] == f"{FIRST_SWEEP}{SWEPT_AT_UTC}"
    assert items["c-2"]["found_at"] == f"{SECOND_SWEEP}{SWEPT_AT_UTC}"
    (talk,) = items["c-1"]["sanctions"]
    assert talk["decided_on"] == str(SECOND_SWEEP)
    assert talk["decided_at"] == f"{SECOND_SWEEP}T07:30:00+00:00"  # 15:30 in the city


def test_a_record_names_its_case_owner_while_the_case_keeps_that_owner(w: World) -> None:
    items = {x["petition_id"]: x for x in w.get(*COUNTY).json()["items"]}
    assert (items["c-1"]["case_owner"], items["c-1"]["case_owner_name"]) == (
        "leader-c-1",
        "包案领导",
    )
    # Another owner named since: the record keeps the one of its time, without a name.
    s = Stream("c-1")
    s.version = 4
    w.runner.process_batch([message(s.event(owner("leader-new")))])
    again = {x["petition_id"]: x for x in w.get(*COUNTY).json()["items"]}
    assert (again["c-1"]["case_owner"], again["c-1"]["case_owner_name"]) == ("leader-c-1", None)
