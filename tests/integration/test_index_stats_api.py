"""The statistics over HTTP (issue 17), on SQLite and PostgreSQL: counts by region, channel,
category, department, status and month with 同比 and 环比; the rates; the hot words of titles
(never of an accusation); a county leader refused outside the county; and a rebuild from
offset 0 giving the same answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.index.api import make_routers
from services.index.api.context import ApiContext
from services.index.application.modelfile import load_model
from services.index.main import MIGRATIONS
from services.index.projections.facts import Facts
from services.index.projections.stats import Stats
from services.index.settings import Settings
from shared.auth import Principal, Role, mint_token
from shared.consumer import ProjectionRunner
from shared.eventstore import EventStore, make_engine
from shared.refdata import load_refdata
from shared.runtime.topics import Topics
from shared.schemas import petition as p
from shared.service.app import ServiceParts, create_service_app
from shared.settings import DEV_JWT_SECRET
from tests.support.index import Log

TODAY = date(2025, 4, 2)
CITY, COUNTY, OTHER_COUNTY = "320800", "320812", "320803"
TOWN, OTHER_TOWN = "320812001", "320803001"
DEPT = "320812-ZJJ"
MARCH = "period=month&from=2025-03-10"
Runners = list[ProjectionRunner]


@pytest.fixture
def client(db_url: str) -> Iterator[tuple[TestClient, Runners]]:
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
        runners = [
            ProjectionRunner(proj, engine, service="index", dead_letter_topic="d")
            for proj in (Facts(refs, Topics()), Stats(refs, Topics()))
        ]
        yield c, runners
    engine.dispose()


def auth(role: Role, org: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=f"u-{role}", role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


CITY_LEADER = auth(Role.LEADER, CITY)
COUNTY_LEADER = auth(Role.LEADER, COUNTY)


def register(
    log: Log,
    pid: str,
    on: date,
    region: str = TOWN,
    category: str = "0101",
    *,
    title: str = "小区物业收费不合理",
    channel: p.Channel = p.Channel.VISIT,
    kind: p.Kind = p.Kind.CLAIM,
    headcount: int = 1,
    accused: str | None = None,
) -> Log:
    payload = p.PetitionRegistered(
        tracking_code=f"T{pid}",
        channel=channel,
        kind=kind,
        category_code=category,
        region_code=region,
        receiving_org=region,
        receiving_level=p.Level.TOWNSHIP,
        received_on=on,
        collective=headcount > 1,
        headcount=headcount,
        title=title,
        content="物业公司乱收费，内容里的词不进热词",
        petitioner=p.Petitioner(name="张三"),
        responsible_level=p.Level.TOWNSHIP,
        skip_level=False,
        forward_due=on + timedelta(days=15),
        acceptance_notice_due=on + timedelta(days=15),
        accused_org=accused,
    )
    return log.event(pid, payload, on)


def a_year_of_logs() -> Log:
    """March 2025 in the county: three petitions (one collective of 10, one accusation of the
    county), one in another county; one in February; two in March 2024."""
    log = Log()
    register(log, "y1", date(2024, 3, 5))
    register(log, "y2", date(2024, 3, 20), category="0201", title="工资拖欠")
    register(log, "f1", date(2025, 2, 14), title="道路积水")
    d = date(2025, 3, 3)
    register(log, "p1", d, title="小区物业收费不合理")
    log.assigned("p1", d, DEPT).accepted("p1", d).noticed("p1", d)
    log.replied("p1", d + timedelta(days=10)).rated("p1", d + timedelta(days=12))
    register(
        log, "p2", d, category="0102", title="小区停车难", channel=p.Channel.ONLINE, headcount=10
    )
    register(log, "p3", d, kind=p.Kind.ACCUSATION, accused=COUNTY, title="举报局长受贿")
    register(log, "p4", d, OTHER_TOWN, "0201", title="工资拖欠", channel=p.Channel.LETTER)
    return log


def get(c: TestClient, path: str, headers: dict[str, str] = CITY_LEADER) -> Any:
    r = c.get(f"/api/v1/stats/{path}", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def items(body: Any) -> dict[str, tuple[int, int]]:
    return {i["key"]: (i["petitions"], i["people"]) for i in body["items"]}


def test_counts_by_region_channel_category_department_status_and_month(
    client: tuple[TestClient, Runners],
) -> None:
    c, runners = client
    log = a_year_of_logs()
    for runner in runners:
        runner.process_batch(log.messages())
    city = get(c, f"counts?by=region&region={CITY}&{MARCH}")
    assert city["period"] == {"kind": "month", "start": "2025-03-01", "end": "2025-03-31"}
    # The accusation of the county is filed above the county: the city's own.
    assert items(city) == {COUNTY: (2, 11), OTHER_COUNTY: (1, 1), CITY: (1, 1)}
    assert city["total"]["petitions"] == 4 and city["total"]["people"] == 13
    assert city["total"]["previous"]["petitions"] == 1  # 环比: February
    assert city["total"]["year_ago"]["petitions"] == 2  # 同比: March 2024
    assert city["total"]["year_ago"]["petitions_change"] == 1.0
    county = get(c, f"counts?by=region&region={COUNTY}&{MARCH}", COUNTY_LEADER)
    assert items(county)[TOWN] == (2, 11)
    assert county["items"][0]["name"] == "清江街道"
    assert county["items"][0]["year_ago"]["petitions"] == 2  # y1 and y2
    channels = get(c, f"counts?by=channel&region={COUNTY}&{MARCH}", COUNTY_LEADER)
    assert items(channels) == {"online": (1, 10), "visit": (1, 1)}
    assert {i["name"] for i in channels["items"]} == {"网上信访", "来访"}
    majors = get(c, f"counts?by=major&region={CITY}&{MARCH}")
    assert items(majors) == {"01": (3, 12), "02": (1, 1)}
    minors = get(c, f"counts?by=minor&region={CITY}&{MARCH}&category=01")
    assert items(minors) == {"0101": (2, 2), "0102": (1, 10)}
    depts = get(c, f"counts?by=department&region={COUNTY}&{MARCH}", COUNTY_LEADER)
    assert items(depts) == {DEPT: (1, 1), "": (1, 10)}
    assert {i["name"] for i in depts["items"]} >= {"未交办"}
    status = get(c, f"counts?by=status&region={COUNTY}", COUNTY_LEADER)
    assert status["current_status"] is True
    # Every petition as it stands now, whatever the period: y1, y2, f1 and p2 still registered.
    assert items(status) == {"replied": (1, 1), "registered": (4, 13)}
    months = get(c, f"counts?by=month&region={CITY}&period=year&from=2025-06-01")
    assert len(months["items"]) == 12  # every month of the year, empty ones too
    assert {k: v for k, v in items(months).items() if v != (0, 0)} == {
        "2025-02-01": (1, 1),
        "2025-03-01": (4, 13),
    }
    march = next(i for i in months["items"] if i["key"] == "2025-03-01")
    assert march["year_ago"]["petitions"] == 2 and march["name"] == "2025年3月"
    days = get(c, f"counts?by=day&region={COUNTY}&period=custom&from=2025-02-10&to=2025-03-05")
    assert len(days["items"]) == 24 and days["items"][0]["key"] == "2025-02-10"
    assert {k: v for k, v in items(days).items() if v != (0, 0)} == {
        "2025-02-14": (1, 1),
        "2025-03-03": (2, 11),
    }
    assert items(days)["2025-03-05"] == (0, 0)
    assert next(i for i in days["items"] if i["key"] == "2025-03-05")["year_ago"]["petitions"] == 1


def test_rates_and_shares(client: tuple[TestClient, Runners]) -> None:
    c, runners = client
    log = a_year_of_logs()
    for runner in runners:
        runner.process_batch(log.messages())
    body = get(c, f"rates?region={COUNTY}&{MARCH}", COUNTY_LEADER)
    rates = {r["key"]: r["value"] for r in body["rates"]}
    assert body["registered"] == 2
    assert rates["on_time_completion_rate"] == 1.0
    assert rates["avg_handling_days"] == 10.0
    assert rates["timely_acceptance_rate"] == 1.0
    assert rates["participation_rate"] == 1.0
    assert rates["satisfaction_rate"] == 1.0
    assert rates["first_visit_resolution_rate"] == 1.0
    assert rates["collective_share"] == 0.5 and rates["repeat_share"] == 0.0
    names = {r["key"]: r["name"] for r in body["rates"]}
    assert (
        names["timely_acceptance_rate"] == "及时受理率" and names["participation_rate"] == "参评率"
    )
    # February had nothing replied: no rate, and no change to give.
    feb = {r["key"]: r for r in body["rates"]}["on_time_completion_rate"]
    assert feb["previous"] is None and feb["previous_change"] is None


def test_hot_words_come_from_titles_and_never_from_accusations(
    client: tuple[TestClient, Runners],
) -> None:
    c, runners = client
    log = a_year_of_logs()
    for runner in runners:
        runner.process_batch(log.messages())
    body = get(c, f"hot-words?region={CITY}&{MARCH}")
    words = {w["word"]: w["petitions"] for w in body["items"]}
    assert words["小区"] == 2 and words["物业"] == 1 and "工资" in words
    assert not {"举报", "局长", "受贿"} & set(words)  # the accusation's title
    assert not {"乱收费", "内容"} & set(words)  # the content never counts
    assert all(len(w) >= 2 for w in words)
    top = get(c, f"hot-words?region={CITY}&{MARCH}&limit=1")
    assert [w["word"] for w in top["items"]] == ["小区"]
    county = get(c, f"hot-words?region={OTHER_COUNTY}&{MARCH}")
    assert {w["word"] for w in county["items"]} == {"工资", "拖欠"}


def test_a_county_leader_is_refused_outside_the_county(
    client: tuple[TestClient, Runners],
) -> None:
    c, runners = client
    log = a_year_of_logs()
    for runner in runners:
        runner.process_batch(log.messages())
    for path in ("counts?by=region&", "rates?", "hot-words?"):
        for region in (OTHER_COUNTY, CITY, OTHER_TOWN):
            r = c.get(f"/api/v1/stats/{path}region={region}&{MARCH}", headers=COUNTY_LEADER)
            assert r.status_code == 403, r.text
            body = r.json()
            assert body["code"] == "outside_org" and body["detail_zh"] == "超出了您所在单位的范围"
            assert "items" not in body and "rates" not in body and "工资" not in r.text
        assert c.get(f"/api/v1/stats/{path}region={TOWN}&{MARCH}", headers=COUNTY_LEADER).is_success
    unknown = c.get(f"/api/v1/stats/counts?region=999999&{MARCH}", headers=CITY_LEADER)
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    handler = auth(Role.HANDLER, DEPT)
    assert c.get(f"/api/v1/stats/counts?region={TOWN}", headers=handler).status_code == 403
    assert c.get(f"/api/v1/stats/counts?region={TOWN}").status_code == 401


def test_bad_queries_get_a_problem_in_chinese(client: tuple[TestClient, Runners]) -> None:
    c, _ = client
    for query, code in (
        (f"counts?region={CITY}&period=custom&from=2025-03-01", "invalid"),
        (f"counts?region={CITY}&period=custom&from=2025-03-09&to=2025-03-01", "invalid"),
        (f"counts?region={CITY}&category=9999", "invalid"),
        (f"counts?region={CITY}&by=department&category=0101", "invalid"),
    ):
        r = c.get(f"/api/v1/stats/{query}", headers=CITY_LEADER)
        assert r.status_code == 422, (query, r.text)
        body = r.json()
        assert body["code"] == code and body["detail_zh"], body
    r = c.get(f"/api/v1/stats/counts?region={CITY}&by=colour", headers=CITY_LEADER)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem")


def _answers(c: TestClient) -> list[Any]:
    paths = [
        f"counts?by={by}&region={region}&{MARCH}"
        for by in ("region", "channel", "kind", "level", "major", "department", "status")
        for region in (CITY, COUNTY)
    ]
    paths += [
        f"counts?by=month&region={CITY}&period=year&from=2025-01-01",
        f"rates?region={CITY}&{MARCH}",
        f"rates?region={COUNTY}&period=custom&from=2024-01-01&to=2025-12-31",
        f"hot-words?region={CITY}&period=year&from=2025-01-01",
    ]
    return [get(c, path) for path in paths]


def test_a_rebuild_from_offset_zero_gives_the_same_answers(
    client: tuple[TestClient, Runners],
) -> None:
    c, runners = client
    messages = a_year_of_logs().messages()
    for runner in runners:
        for m in messages:  # one at a time, as a live consumer may
            runner.process_batch([m])
    before = _answers(c)
    for runner in runners:
        runner.process_batch(messages)  # redelivered: seen, nothing counts twice
    assert _answers(c) == before
    for runner in runners:
        runner.reset()
        runner.process_batch(messages[:7])
        runner.process_batch(messages[7:])
    assert _answers(c) == before
