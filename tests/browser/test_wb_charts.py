"""Custom charts (定制图表) in Chromium: the city's leader builds a chart, saves it shared with
the city, reloads the page and reopens it from 我的图表 (the figures the page loaded are the
stats API's own), and exports it as a PNG, a CSV and an Excel workbook (opened with
openpyxl); the city's petition office sees the shared chart; the county's leader neither
lists the city's charts nor loads the city's figures; on a phone the page is one column that
never scrolls sideways; axe finds nothing serious."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, Response, expect

from tests.browser.pages import COUNTY, assert_accessible, person
from tests.browser.staff import api_responses, sign_in, texts_in
from tests.browser.wb_office import Token, ok, register
from tests.support.processes import wait_for
from tests.support.system import System

pytestmark = pytest.mark.browser

CITY = "320800"
DATA = "/api/index/v1/charts/data"
PNG = b"\x89PNG\r\n\x1a\n"


def is_data(r: Response) -> bool:
    return DATA in r.url and r.request.method == "POST"


@pytest.fixture(scope="module")
def seeded(system: System, token: Token) -> None:
    """A petition of 金湖县 this year, counted by index's statistics."""
    register(system, token, person(611, "冯七"), category="0101", region=COUNTY, title="图表甲")
    leader = token("leader", CITY, "leader.city")

    def counted() -> bool:
        got = ok(
            httpx.get(
                f"{system.url('index')}/api/v1/stats/counts",
                params={"by": "region", "region": CITY, "period": "year"},
                headers=leader,
            )
        )
        return any(i["key"] == COUNTY and i["petitions"] > 0 for i in got["items"])

    wait_for("index to count the petition", counted, timeout=30)


def yearly(r: Response) -> bool:
    return '"period":"year"' in (r.request.post_data or "")


def origin(page: Page) -> str:
    parts = urlsplit(page.url)
    return f"{parts.scheme}://{parts.netloc}"


def stats_rows(page: Page, figures: dict[str, Any]) -> dict[str, int]:
    """The stats API's counts by region for the chart's region and period, read by the same
    signed-in user (the page's cookies)."""
    got = page.request.get(
        f"{origin(page)}/api/index/v1/stats/counts",
        params={
            "by": "region",
            "region": figures["region"],
            "period": figures["period"]["kind"],
            "from": figures["period"]["start"],
        },
    )
    assert got.ok, got.text()
    return {i["key"]: i["petitions"] for i in got.json()["items"] if i["petitions"] or i["people"]}


def shown_rows(page: Page) -> dict[str, str]:
    rows = page.get_by_test_id("charts-rows").locator("tbody tr")
    return {
        r.get_attribute("data-key") or "": r.get_attribute("data-value") or "" for r in rows.all()
    }


def build_and_save(page: Page, portal: str, name: str) -> dict[str, Any]:
    """As the city's leader: 信访件次 by 地区 for this year, a bar chart, saved and shared."""
    sign_in(page, portal, "leader.city")
    page.get_by_role("menuitem", name="定制图表").click()
    expect(page).to_have_url(f"{portal}/workbench/charts")
    expect(page.get_by_role("heading", name="定制图表", level=1)).to_be_visible()
    expect(page.get_by_test_id("charts-region")).to_have_value(CITY)
    page.get_by_test_id("charts-measure").select_option(label="信访件次")
    page.get_by_test_id("charts-dimension").select_option(label="地区")
    page.get_by_test_id("charts-type-bar").check()
    with page.expect_response(lambda r: is_data(r) and yearly(r)) as got:
        page.get_by_test_id("charts-period").select_option(label="按年")
    figures: dict[str, Any] = got.value.json()
    assert figures["period"]["kind"] == "year" and figures["unit"] == "件"
    assert {r["key"]: r["value"] for r in figures["rows"]} == stats_rows(page, figures)
    assert figures["title"].startswith("淮安市") and "信访件次（按地区）" in figures["title"]
    expect(page.get_by_test_id("charts-figure")).to_have_attribute("data-loading", "no")
    expect(page.get_by_role("img", name=figures["title"] + "，数据见下表")).to_be_visible()
    assert shown_rows(page)[COUNTY] == str(
        next(r["value"] for r in figures["rows"] if r["key"] == COUNTY)
    )
    page.get_by_label("图表名称").fill(name)
    page.get_by_label("与本单位共享").check()
    page.get_by_role("button", name="保存为新图表").click()
    expect(page.get_by_test_id("charts-notice")).to_have_text(f"已保存“{name}”")
    expect(page.get_by_test_id("charts-mine").locator(f"li[data-name='{name}']")).to_be_visible()
    return figures


def test_a_chart_is_saved_reopened_and_exported(page: Page, portal: str, seeded: None) -> None:
    name = f"各地信访件次-{uuid.uuid4().hex[:6]}"
    build_and_save(page, portal, name)

    # Reloaded, the page starts afresh; the saved chart reopens from the list.
    page.reload()
    expect(page.get_by_role("heading", name="定制图表", level=1)).to_be_visible()
    saved = page.get_by_test_id("charts-mine").locator(f"li[data-name='{name}']")
    expect(saved).to_contain_text("已共享")
    with page.expect_response(lambda r: is_data(r) and yearly(r)) as got:
        saved.get_by_role("button", name=f"打开“{name}”").click()
    figures = got.value.json()
    assert figures["period"]["kind"] == "year" and figures["measure"] == "petitions"
    assert {r["key"]: r["value"] for r in figures["rows"]} == stats_rows(page, figures)
    expect(page.get_by_test_id("charts-notice")).to_have_text(f"正在查看：{name}")
    expect(page.get_by_test_id("charts-period")).to_have_value("year")
    expect(page.get_by_test_id("charts-type-bar")).to_be_checked()
    expect(page.get_by_test_id("charts-rows").locator(f"tr[data-key='{COUNTY}']")).to_be_visible()
    want = {r["key"]: r["value"] for r in figures["rows"]}

    with page.expect_download() as png:
        page.get_by_role("button", name="导出图片").click()
    assert png.value.suggested_filename == f"{name}.png"
    with open(png.value.path(), "rb") as f:
        assert f.read(8) == PNG

    with page.expect_download() as got_csv:
        page.get_by_role("button", name="导出 CSV").click()
    assert got_csv.value.suggested_filename == f"{name}.csv"
    with open(got_csv.value.path(), encoding="utf-8") as f:
        text = f.read()
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[0] == ["地区", "信访件次（件）", "代码"]
    assert {row[2]: int(row[1]) for row in table[1:]} == want

    with page.expect_download() as xlsx:
        page.get_by_role("button", name="导出 Excel").click()
    assert xlsx.value.suggested_filename == f"{name}.xlsx"
    with open(xlsx.value.path(), "rb") as f:
        sheet = load_workbook(io.BytesIO(f.read())).active
    assert sheet is not None
    values = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == name
    assert ("单位", "件") in [v[:2] for v in values]
    header = values.index(("地区", "信访件次（件）", "代码"))
    assert {v[2]: v[1] for v in values[header + 1 :]} == want

    # The map: regions only, coloured; a category cannot be drawn on a map.
    page.get_by_test_id("charts-type-map").check()
    expect(page.get_by_role("img", name=figures["title"] + "，数据见下表")).to_be_visible()
    page.get_by_test_id("charts-dimension").select_option(label="问题分类")
    expect(page.get_by_test_id("charts-type-map")).to_be_disabled()
    expect(page.get_by_test_id("charts-type-bar")).to_be_checked()
    assert_accessible(page)


def test_the_org_sees_the_shared_chart_and_the_county_nothing_of_the_city(
    page: Page, portal: str, seeded: None
) -> None:
    name = f"共享图表-{uuid.uuid4().hex[:6]}"
    build_and_save(page, portal, name)
    chart_id = (
        page.get_by_test_id("charts-mine")
        .locator(f"li[data-name='{name}']")
        .get_attribute("data-id")
    )
    page.context.clear_cookies()

    # The city's petition office: the same org, so the chart is among 共享图表.
    sign_in(page, portal, "petition-office.city")
    page.goto(f"{portal}/workbench/charts")
    shared = page.get_by_test_id("charts-shared").locator(f"li[data-name='{name}']")
    expect(shared).to_contain_text("林娜 共享")
    with page.expect_response(is_data) as got:
        shared.get_by_role("button", name=f"打开“{name}”").click()
    assert {r["key"]: r["value"] for r in got.value.json()["rows"]} == stats_rows(
        page, got.value.json()
    )
    expect(page.get_by_role("button", name="保存修改")).to_have_count(0)  # not the office's
    assert_accessible(page)
    page.context.clear_cookies()

    # The county's leader: no city chart listed, no city figures loaded, the chart refused.
    sign_in(page, portal, "leader.county")
    with api_responses(page) as bodies:
        with page.expect_response(is_data) as first:
            page.goto(f"{portal}/workbench/charts")
        expect(page.get_by_role("heading", name="定制图表", level=1)).to_be_visible()
        expect(page.get_by_test_id("charts-region")).to_have_value(COUNTY)
        expect(page.get_by_test_id("charts-figure")).to_have_attribute("data-loading", "no")
        expect(
            page.get_by_test_id("charts-region").locator(f"option[value='{CITY}']")
        ).to_have_count(0)
    assert first.value.json()["region"] == COUNTY
    for url, body in bodies:
        if DATA in url:
            assert body["region"] == COUNTY
            assert all(r["key"].startswith(COUNTY) for r in body["rows"]), body
        if url.endswith("/v1/charts"):
            assert all(i["owner_org"] == COUNTY or not i["shared"] for i in body["items"])
    assert name not in texts_in(bodies)
    assert page.request.get(f"{origin(page)}/api/index/v1/charts/{chart_id}").status == 404
    expect(page.get_by_test_id("charts-shared").locator(f"li[data-name='{name}']")).to_have_count(0)

    # A phone: one column, nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_test_id("charts-rows")).to_be_visible()
    wait_for(
        "the page to fit the phone",
        lambda: page.evaluate(
            "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
        ),
        timeout=10,
    )
    side = page.locator(".side").bounding_box()
    main = page.locator(".main").bounding_box()
    assert side and main and side["y"] >= main["y"] + main["height"] - 1
    assert_accessible(page)
