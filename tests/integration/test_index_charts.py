"""Custom charts over HTTP (issue 17), on SQLite and PostgreSQL: each measure by each dimension
says the stats API's and the scorecards' own numbers; a pair that cannot be answered and a
region outside the caller's are refused; a saved chart is its owner's, shared with the owner's
org only when asked, kept through a rebuild; its rows open in Excel."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from shared.auth import Principal, Role, mint_token
from shared.settings import DEV_JWT_SECRET
from tests.integration.test_index_stats_api import (
    CITY,
    COUNTY,
    MARCH,
    OTHER_COUNTY,
    TOWN,
    Runners,
    a_year_of_logs,
    client,
)

__all__ = ["client"]  # the fixture, shared with the stats tests


def auth(user: str, role: Role, org: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=user, role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


CITY_LEADER = auth("leader-city", Role.LEADER, CITY)
CITY_OFFICE = auth("office-city", Role.PETITION_OFFICE, CITY)
COUNTY_LEADER = auth("leader-county", Role.LEADER, COUNTY)
INSPECTOR = auth("inspector-city", Role.INSPECTOR, CITY)
IN_MARCH = {"period": "month", "from": "2025-03-10"}


@pytest.fixture
def c(client: tuple[TestClient, Runners]) -> TestClient:
    http, runners = client
    log = a_year_of_logs()
    for runner in runners:
        runner.process_batch(log.messages())
    return http


def figures(c: TestClient, headers: dict[str, str] = CITY_LEADER, **body: Any) -> Any:
    r = c.post("/api/v1/charts/data", json=body, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def stats(c: TestClient, path: str, headers: dict[str, str] = CITY_LEADER) -> Any:
    r = c.get(f"/api/v1/stats/{path}", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def rows(body: Any) -> dict[str, Any]:
    return {r["key"]: r["value"] for r in body["rows"]}


def test_counts_by_every_dimension_say_the_stats_numbers(c: TestClient) -> None:
    for dimension, by, query in (
        ("region", "region", ""),
        ("category", "major", ""),
        ("channel", "channel", ""),
        ("department", "department", ""),
    ):
        counts = stats(c, f"counts?by={by}&region={CITY}&{MARCH}{query}")
        for measure in ("petitions", "people"):
            body = figures(c, measure=measure, dimension=dimension, region=CITY, **IN_MARCH)
            want = {i["key"]: i[measure] for i in counts["items"] if i["petitions"] or i["people"]}
            assert rows(body) == want, (dimension, measure)
    body = figures(c, measure="petitions", dimension="region", region=CITY, **IN_MARCH)
    assert body["title"] == "淮安市2025年3月信访件次（按地区）"
    assert body["unit"] == "件" and body["good"] == "low"
    assert rows(body) == {COUNTY: 2, OTHER_COUNTY: 1, CITY: 1}
    # A major category splits into its minors.
    minors = figures(
        c, measure="people", dimension="category", region=CITY, category="01", **IN_MARCH
    )
    assert rows(minors) == {"0101": 2, "0102": 10}
    # The period: days for a month, months for a year, every point, empty ones too.
    days = figures(c, measure="petitions", dimension="period", region=CITY, **IN_MARCH)
    assert len(days["rows"]) == 31 and rows(days)["2025-03-03"] == 4
    year = figures(
        c,
        measure="petitions",
        dimension="period",
        region=CITY,
        period="year",
        **{"from": "2025-06-01"},
    )
    series = stats(c, f"counts?by=month&region={CITY}&period=year&from=2025-06-01")
    assert rows(year) == {i["key"]: i["petitions"] for i in series["items"]}
    assert year["rows"][2]["name"] == "2025年3月"


def test_rates_and_satisfaction_by_region_category_and_period(c: TestClient) -> None:
    body = figures(c, measure="satisfaction_rate", dimension="region", region=CITY, **IN_MARCH)
    assert body["unit"] == "%" and body["good"] == "high"
    for code, value in rows(body).items():
        rates = stats(c, f"rates?region={code}&{MARCH}")
        raw = next(r["value"] for r in rates["rates"] if r["key"] == "satisfaction_rate")
        assert value == (None if raw is None else round(raw * 100, 2)), code
    assert rows(body)[COUNTY] == 100.0
    days = figures(c, measure="avg_handling_days", dimension="category", region=COUNTY, **IN_MARCH)
    assert days["unit"] == "天" and rows(days) == {"01": 10.0}
    shares = figures(c, measure="collective_share", dimension="period", region=COUNTY, **IN_MARCH)
    assert len(shares["rows"]) == 31 and rows(shares)["2025-03-03"] == 50.0
    assert rows(shares)["2025-03-04"] is None  # nothing registered that day


def test_the_index_by_region_and_period_says_the_scorecards(c: TestClient) -> None:
    body = figures(
        c, measure="index", dimension="region", region=CITY, chart_type="map", **IN_MARCH
    )
    assert body["unit"] == "分" and set(rows(body)) >= {COUNTY, OTHER_COUNTY}
    for code in (COUNTY, OTHER_COUNTY):
        r = c.get(
            f"/api/v1/index/scorecards/region/{code}?period=month&start=2025-03-10",
            headers=CITY_LEADER,
        )
        assert rows(body)[code] == round(r.json()["total"], 2)
    months = figures(
        c,
        measure="index",
        dimension="period",
        region=COUNTY,
        period="year",
        **{"from": "2025-03-01"},
    )
    assert len(months["rows"]) == 12
    march = c.get(
        f"/api/v1/index/scorecards/region/{COUNTY}?period=month&start=2025-03-01",
        headers=CITY_LEADER,
    ).json()
    assert rows(months)["2025-03-01"] == round(march["total"], 2)


def test_what_cannot_be_answered_or_seen_is_refused(c: TestClient) -> None:
    def refused(body: dict[str, Any], headers: dict[str, str] = CITY_LEADER) -> Any:
        return c.post("/api/v1/charts/data", json={**IN_MARCH, **body}, headers=headers)

    r = refused({"measure": "satisfaction_rate", "dimension": "channel", "region": CITY})
    assert r.status_code == 422 and r.json()["code"] == "chart_refused"
    assert "满意率" in r.json()["detail_zh"] and "渠道" in r.json()["detail_zh"]
    r = refused(
        {"measure": "petitions", "dimension": "category", "region": CITY, "chart_type": "map"}
    )
    assert r.status_code == 422 and "地图只能按地区" in r.json()["detail_zh"]
    r = refused({"measure": "index", "dimension": "region", "region": CITY, "category": "01"})
    assert r.status_code == 422
    r = refused({"measure": "petitions", "dimension": "region", "region": CITY}, COUNTY_LEADER)
    assert r.status_code == 403 and "rows" not in r.json()
    r = refused({"measure": "index", "dimension": "region", "region": CITY}, COUNTY_LEADER)
    assert r.status_code == 403
    r = refused({"measure": "petitions", "dimension": "region", "region": "999999"})
    assert r.status_code == 404
    r = refused({"measure": "petitions", "dimension": "region", "region": CITY}, INSPECTOR)
    assert r.status_code == 403
    r = refused({"measure": "petitions", "dimension": "region", "region": CITY, "extra": 1})
    assert r.status_code == 422
    # The county leader's own county answers.
    own = figures(
        c, COUNTY_LEADER, measure="petitions", dimension="region", region=COUNTY, **IN_MARCH
    )
    assert rows(own) == {TOWN: 2}


def test_a_saved_chart_is_the_owners_and_shared_within_the_org_only(
    client: tuple[TestClient, Runners], c: TestClient
) -> None:
    definition = {
        "measure": "petitions",
        "dimension": "region",
        "chart_type": "bar",
        "region": CITY,
        **IN_MARCH,
    }
    r = c.post(
        "/api/v1/charts", json={"name": "各地件次", "definition": definition}, headers=CITY_LEADER
    )
    assert r.status_code == 201, r.text
    chart = r.json()
    assert chart["mine"] and not chart["shared"] and chart["definition"]["from"] == "2025-03-10"
    cid = chart["id"]

    def listed(headers: dict[str, str]) -> list[str]:
        r = c.get("/api/v1/charts", headers=headers)
        assert r.status_code == 200, r.text
        return [i["id"] for i in r.json()["items"]]

    assert listed(CITY_LEADER) == [cid]
    assert cid not in listed(CITY_OFFICE)
    assert c.get(f"/api/v1/charts/{cid}", headers=CITY_OFFICE).status_code == 404
    # Shared: the city's petition office sees it, the county's leader never does.
    r = c.patch(
        f"/api/v1/charts/{cid}", json={"shared": True, "name": "各地信访件次"}, headers=CITY_LEADER
    )
    assert r.status_code == 200 and r.json()["shared"] and r.json()["name"] == "各地信访件次"
    assert cid in listed(CITY_OFFICE)
    seen = c.get(f"/api/v1/charts/{cid}", headers=CITY_OFFICE).json()
    assert seen["mine"] is False and seen["definition"] == chart["definition"]
    assert cid not in listed(COUNTY_LEADER)
    assert c.get(f"/api/v1/charts/{cid}", headers=COUNTY_LEADER).status_code == 404
    assert c.get(f"/api/v1/charts/{cid}/export.xlsx", headers=COUNTY_LEADER).status_code == 404
    # Only the owner changes or deletes it.
    r = c.patch(f"/api/v1/charts/{cid}", json={"name": "我的"}, headers=CITY_OFFICE)
    assert r.status_code == 403 and r.json()["code"] == "chart_not_yours"
    assert c.delete(f"/api/v1/charts/{cid}", headers=CITY_OFFICE).status_code == 403
    # A chart of a region outside the saver's is not saved.
    r = c.post(
        "/api/v1/charts",
        json={"name": "市里", "definition": definition, "shared": True},
        headers=COUNTY_LEADER,
    )
    assert r.status_code == 403
    # A rebuild of the index's projections leaves the saved charts be.
    _, runners = client
    for runner in runners:
        runner.reset()
    assert listed(CITY_LEADER) == [cid]
    assert c.delete(f"/api/v1/charts/{cid}", headers=CITY_LEADER).status_code == 204
    assert c.get(f"/api/v1/charts/{cid}", headers=CITY_LEADER).status_code == 404
    assert listed(CITY_OFFICE) == []


def test_a_chart_opens_in_excel_with_its_rows(c: TestClient) -> None:
    definition = {"measure": "people", "dimension": "region", "region": CITY, **IN_MARCH}
    made = c.post(
        "/api/v1/charts",
        json={"name": "各地人次", "definition": definition, "shared": True},
        headers=CITY_LEADER,
    ).json()
    for headers in (CITY_LEADER, CITY_OFFICE):
        r = c.get(f"/api/v1/charts/{made['id']}/export.xlsx", headers=headers)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in r.headers["content-disposition"]
        sheet = load_workbook(io.BytesIO(r.content)).active
        assert sheet is not None
        values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        assert values[0][0] == "各地人次"
        assert ("时期", "2025年3月") in [v[:2] for v in values]
        assert ("单位", "人次") in [v[:2] for v in values]
        header = values.index(("地区", "信访人次（人次）", "代码"))
        assert {v[2]: v[1] for v in values[header + 1 :]} == {COUNTY: 11, OTHER_COUNTY: 1, CITY: 1}
    r = c.post("/api/v1/charts/export.xlsx", json=definition, headers=CITY_LEADER)
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None and sheet["A1"].value == "淮安市2025年3月信访人次（按地区）"
