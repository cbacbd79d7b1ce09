"""Reports for print (报告) in Chromium: a leader opens a county's health check (体检表) and
satisfaction report for a month; the page shows the numbers of the JSON it loaded, and the
PDF the browser prints (page.pdf, print styles, A4) carries the report's title and those
numbers, without the workbench's menu or buttons. A county's leader cannot open another
county's report (the JSON is refused and the page says so). The kept weekly and monthly
reports the services generated are listed for the county's leader and open as the same page
from the kept snapshot."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.pages import COUNTY, assert_accessible, pick
from tests.browser.staff import sign_in
from tests.support.system import System

pytestmark = pytest.mark.browser

OTHER_COUNTY = "320812"  # 清江浦区
HEALTH = f"/api/index/v1/index/reports/{COUNTY}"
SATISFACTION = "/api/feedback/v1/satisfaction/report"


def this_month() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().replace(day=1)


def js_num(v: float | None) -> str:
    """As the page writes a factor's score: rounded to two places, no trailing zeros."""
    if v is None:
        return "—"
    r = round(v, 2)
    return str(int(r)) if r == int(r) else str(r)


def one(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}"


def pdf_text(page: Page) -> str:
    """The printed PDF's text, every page, with the spaces a PDF puts between glyphs gone;
    NFKC, as the fonts map some ideographs to their Kangxi radicals (⾦ for 金)."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = "".join(p.extract_text() or "" for p in reader.pages)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def health_numbers(body: dict[str, Any]) -> list[str]:
    card = body["scorecard"]
    return [one(card["total"]), one(card["trend"]["previous_total"])] + [
        one(s["total"]) for s in body["sub_regions"]
    ]


def check_health_page(page: Page, body: dict[str, Any]) -> None:
    card = body["scorecard"]
    report = page.get_by_test_id("report")
    key = report.get_by_test_id("report-key")
    expect(key.locator("[data-key=total]")).to_have_text(one(card["total"]))
    expect(key.locator("[data-key=grade]")).to_have_attribute("data-grade", str(card["grade"]))
    expect(key.locator("[data-key=previous]")).to_have_text(one(card["trend"]["previous_total"]))
    for f in card["factors"]:
        row = report.locator(f"[data-testid=report-factors] tr[data-factor='{f['id']}']")
        expect(row.locator("[data-key=score]")).to_have_text(js_num(f["score"]))
    for s in body["sub_regions"]:
        row = report.locator(f"[data-testid=report-regions] tr[data-region='{s['subject']}']")
        expect(row.locator("[data-key=total]")).to_have_text(one(s["total"]))
    for line in body["analysis"]:
        expect(report.get_by_text(line, exact=True)).to_be_visible()
    expect(report.get_by_role("img", name=re.compile("各项因子得分条形图"))).to_be_visible()


# A4's printable width (210 mm less two 15 mm margins) in CSS pixels.
PRINTABLE_PX = 180 / 25.4 * 96


def printed(text: str, line: str) -> bool:
    """Whether the PDF's text holds ``line``: an ideograph there may come out as a CJK radical
    that NFKC leaves be (⺠ for 民: the font maps the glyph to both), so any radical stands
    for any ideograph."""
    any_radical = "[\u2e80-\u2fdf]"
    pattern = "".join(
        f"(?:{re.escape(ch)}|{any_radical})" if "\u4e00" <= ch <= "\u9fff" else re.escape(ch)
        for ch in squeeze(line)
    )
    return re.search(pattern, text) is not None


def check_pdf(page: Page, title: str, numbers: list[str], analysis: list[str]) -> None:
    # On paper the sheet keeps the width its charts were drawn at, within the page: a chart
    # wider than the paper is cut off at its edge (the text would still all be there).
    page.emulate_media(media="print")
    sheet, charts = page.evaluate(
        "() => { const s = document.querySelector('.sheet').getBoundingClientRect();"
        " return [s.width, [...document.querySelectorAll('.sheet .echart svg')]"
        ".map(e => e.getBoundingClientRect().right - s.left)] }"
    )
    page.emulate_media(media=None)
    assert sheet <= PRINTABLE_PX + 1, sheet
    assert all(right <= sheet + 1 for right in charts), (sheet, charts)
    text = pdf_text(page)
    assert printed(text, title), text[:400]
    for n in numbers:
        assert n in text, (n, text[:400])
    for line in analysis:
        assert printed(text, line), (line, text[:400])
    # Printed without the frame: no menu, no buttons.
    for absent in ("领导驾驶舱", "返回报告列表", "退出"):
        assert absent not in text, absent


def test_a_leader_prints_a_countys_health_check_for_a_month(
    page: Page, portal: str, system: System
) -> None:
    sign_in(page, portal, "leader.city")
    month = this_month()
    # 报告 → 体检表, 金湖县, 月 (this month, the form's default) → 打开报告.
    page.get_by_role("menuitem", name="报告", exact=True).click()
    expect(page.get_by_role("heading", name="报告", level=1)).to_be_visible()
    page.get_by_role("radio", name="体检表").check()
    pick(page, "地区", "淮安市 / 金湖县")
    page.get_by_role("radio", name="月").check()
    assert_accessible(page)
    with page.expect_response(lambda r: HEALTH in r.url and "period=month" in r.url) as got:
        page.get_by_role("button", name="打开报告").click()
    expect(page).to_have_url(re.compile(f"/workbench/reports/health-check/{COUNTY}\\?period=month"))
    assert got.value.status == 200
    body = got.value.json()
    title = f"金湖县 {month.year}年{month.month}月 信访工作体检表"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    start, end = body["scorecard"]["period"]["start"], body["scorecard"]["period"]["end"]
    expect(page.get_by_test_id("report-period")).to_have_text(f"统计期间：{start} 至 {end}")
    check_health_page(page, body)
    expect(page.get_by_role("button", name="打印")).to_be_enabled()
    assert_accessible(page)
    check_pdf(page, title, health_numbers(body), body["analysis"])


def test_a_leader_prints_a_countys_satisfaction_report_for_a_month(
    page: Page, portal: str, system: System
) -> None:
    sign_in(page, portal, "leader.city")
    month = this_month()
    with page.expect_response(lambda r: SATISFACTION in r.url) as got:
        page.goto(f"{portal}/workbench/reports/satisfaction/{COUNTY}?period=month&start={month}")
    assert got.value.status == 200
    assert f"region={COUNTY}" in got.value.url and f"from={month}" in got.value.url
    body = got.value.json()
    title = f"金湖县 {month.year}年{month.month}月 群众满意度报告"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    key = page.get_by_test_id("report-key")
    o = body["overall"]
    expect(key.locator("[data-key=rated]")).to_have_text(str(o["rated"]))
    expect(key.locator("[data-key=score]")).to_have_text(one(o["score"]))
    expect(key.locator("[data-key=revisits]")).to_have_text(str(body["revisits"]["opened"]))
    assert body["analysis"]
    for line in body["analysis"]:
        expect(page.get_by_text(line, exact=True)).to_be_visible()
    assert all(r["code"].startswith(COUNTY) for r in body["regions"]), body["regions"]
    assert_accessible(page)
    check_pdf(page, title, [str(o["rated"]), one(o["score"])], body["analysis"])


def test_a_county_leader_cannot_open_another_countys_reports(
    page: Page, portal: str, system: System
) -> None:
    sign_in(page, portal, "leader.county")
    for kind, api in (
        ("health-check", f"/api/index/v1/index/reports/{OTHER_COUNTY}"),
        ("satisfaction", SATISFACTION),
    ):
        with page.expect_response(re.compile(re.escape(api))) as got:
            page.goto(f"{portal}/workbench/reports/{kind}/{OTHER_COUNTY}?period=month")
        assert got.value.status == 403, (kind, got.value.status)
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("无法打开这份报告")
        expect(alert).to_contain_text("超出了您所在单位的范围")
        expect(page.get_by_role("heading", level=1)).to_have_count(0)


def test_the_kept_reports_are_listed_for_the_county_and_open_as_they_were_kept(
    page: Page, portal: str, system: System
) -> None:
    sign_in(page, portal, "leader.county")
    with page.expect_response(lambda r: "/api/index/v1/index/kept-reports?" in r.url) as listed:
        page.get_by_role("menuitem", name="报告", exact=True).click()
    expect(page).to_have_url(f"{portal}/workbench/reports")
    expect(page.get_by_role("heading", name="报告", level=1)).to_be_visible()
    assert listed.value.status == 200
    # The schedulers keep last week's and last month's reports when the services start.
    table = page.get_by_test_id("kept-reports")
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_visible(timeout=30_000)
    month_row = table.locator("tr[data-kind='health-check'][data-cadence='month']").first
    expect(month_row).to_contain_text("月报")
    expect(
        table.locator("tr[data-kind='health-check'][data-cadence='week']").first
    ).to_contain_text("周报")
    expect(
        table.locator("tr[data-kind='satisfaction'][data-cadence='month']").first
    ).to_be_visible()
    start = month_row.get_attribute("data-start")
    assert start
    kept_month = date.fromisoformat(start)
    assert_accessible(page)

    with page.expect_response(
        lambda r: f"/api/index/v1/index/kept-reports/{COUNTY}/month/{start}" in r.url
    ) as got:
        month_row.get_by_role("link", name=re.compile("打开报告")).click()
    assert got.value.status == 200
    kept = got.value.json()
    assert kept["region"] == COUNTY and kept["cadence"] == "month"
    title = f"金湖县 {kept_month.year}年{kept_month.month}月 信访工作体检表"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_test_id("report")).to_contain_text("月报，生成于")
    check_health_page(page, kept["body"])
    check_pdf(page, title, health_numbers(kept["body"]), kept["body"]["analysis"])


def test_the_cockpits_health_check_opens_its_print_page(
    page: Page, portal: str, system: System
) -> None:
    sign_in(page, portal, "leader.county")
    page.get_by_role("menuitem", name="领导驾驶舱").click()
    page.locator(f"[data-testid=cockpit] button[data-region='{COUNTY}']").first.click()
    drawer = page.get_by_test_id("health-check")
    expect(drawer.get_by_test_id("health-grade")).to_be_visible()
    with page.expect_response(lambda r: HEALTH in r.url) as got:
        drawer.get_by_role("link", name="打印体检表").click()
    assert got.value.status == 200
    body = got.value.json()
    start = date.fromisoformat(body["scorecard"]["period"]["start"])
    expect(page).to_have_url(re.compile(f"/workbench/reports/health-check/{COUNTY}\\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"金湖县 {start.year}年{start.month}月 信访工作体检表"
    )
    check_health_page(page, body)
