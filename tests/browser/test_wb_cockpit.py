"""The leaders' cockpit (领导驾驶舱) in Chromium: the city's leader sees the map with every
district and county of 淮安市 coloured as index's scorecards say (the data the page loaded,
not pixels), the development zone beside the map, and a click on a county opens its health
check and from there its cases; the county's leader loads nothing of another county; on a
phone the cockpit is one column that never scrolls sideways, with targets for a thumb."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import COUNTY, assert_accessible, person
from tests.browser.staff import api_responses, sign_in, texts_in
from tests.browser.wb_office import CITY_OFFICE, Token, ok, register
from tests.support.processes import wait_for
from tests.support.system import ROOT, System

pytestmark = pytest.mark.browser

CITY = "320800"
ZONE = "320871"  # 淮安经济技术开发区: no boundary of its own on the map
OTHER_COUNTY = "320812001001"  # 清江浦区 / 清江街道 / 新安社区
HOUSING = "0101"
# The index's grades and feedback's satisfaction colours as the cockpit paints them
# (web/src/workbench/cockpit/scheme.ts; the health check's and feedback's charts' hues).
GRADE_FILLS = {1: "#c0392b", 2: "#e67e22", 3: "#f1c40f", 4: "#27ae60"}
SATISFACTION_FILLS = {
    "green": "#2e9d4f",
    "blue": "#2f6fd1",
    "yellow": "#e6b422",
    "red": "#d23c3c",
    "none": "#9e9e9e",
}
# The cockpit reads its region's card and the regions' below it in one health check.
REPORT = "/api/index/v1/index/reports/"


def counties() -> dict[str, str]:
    """The city's districts and counties in the reference data: code → name."""
    regions = json.loads((ROOT / "shared/refdata/files/regions.json").read_text("utf-8"))
    items = regions if isinstance(regions, list) else regions["regions"]
    return {r["code"]: r["name_zh"] for r in items if r.get("parent") == CITY}


def shown_regions(page: Page) -> dict[str, dict[str, str]]:
    """Each region button of the map's list and of the card beside it, once all are graded."""
    buttons = page.locator("[data-testid=cockpit] button[data-region]")
    expect(buttons.first).to_be_visible()
    expect(page.locator("[data-testid=cockpit] button[data-region][data-grade='']")).to_have_count(
        0
    )
    out: dict[str, dict[str, str]] = {}
    for b in buttons.all():
        out[b.get_attribute("data-region") or ""] = {
            k: b.get_attribute(f"data-{k}") or "" for k in ("grade", "fill", "satisfaction")
        }
    return out


def scorecards(bodies: list[tuple[str, Any]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for url, b in bodies:
        if REPORT in url and "format=" not in url:
            for card in (b["scorecard"], *b["sub_regions"]):
                found.setdefault(card["subject"], card)
    return found


@pytest.fixture(scope="module")
def seeded(system: System, token: Token) -> None:
    """One running deadline in 金湖县 and one in 清江浦区, counted by supervision."""
    register(system, token, person(501, "钱五"), category=HOUSING, region=COUNTY, title="驾驶舱甲")
    register(
        system,
        token,
        person(502, "孙六"),
        category=HOUSING,
        region=OTHER_COUNTY,
        title="驾驶舱乙",
        receiving_org=CITY_OFFICE,
        user="registrar.city",
    )
    leader = token("leader", CITY, "leader.city")

    def counted() -> bool:
        got = ok(httpx.get(f"{system.url('supervision')}/api/v1/lights", headers=leader))
        codes = list(got["groups"])
        return any(c.startswith(COUNTY) for c in codes) and any(
            c.startswith(OTHER_COUNTY[:6]) for c in codes
        )

    wait_for("supervision to count both petitions", counted, timeout=20)


def test_the_city_leader_sees_every_county_coloured_as_its_scorecard_says(
    page: Page, portal: str, system: System, token: Token, seeded: None
) -> None:
    sign_in(page, portal, "leader.city")
    with api_responses(page) as bodies:
        page.get_by_role("menuitem", name="领导驾驶舱").click()
        expect(page).to_have_url(f"{portal}/workbench/cockpit")
        expect(page.get_by_role("heading", name="领导驾驶舱", level=1)).to_be_visible()
        shown = shown_regions(page)
        # The map drew every boundary it has (ECharts' SVG carries one label per region).
        chart = page.get_by_role("img", name=re.compile("淮安市地图"))
        expect(chart).to_be_visible()
        for code, name in counties().items():
            if code != ZONE:
                expect(chart.locator("text", has_text=name)).to_have_count(1)
        lights = page.get_by_test_id("cockpit-lights")
        expect(lights.locator(f"tr[data-region='{COUNTY}'] td[data-light]").first).to_be_visible()
        for code in (COUNTY, OTHER_COUNTY[:6]):
            row = lights.locator(f"tr[data-region='{code}']")
            expect(row.locator("td").last).not_to_have_text("0")

    # By department: each department's counts as supervision gave them.
    with page.expect_response(
        lambda r: "/api/supervision/v1/lights" in r.url and "by=department" in r.url
    ) as got:
        page.get_by_role("button", name="按单位").click()
    departments = got.value.json()["groups"]
    assert departments
    for code, counts in departments.items():
        row = lights.locator(f"tr[data-region='{code}']")
        for light, n in counts.items():
            expect(row.locator(f"td[data-light='{light}']")).to_have_text(str(n))
    page.get_by_role("button", name="按地区").click()

    cards = scorecards(bodies)
    asked = [u for u, _ in bodies if REPORT in u]
    assert len(asked) == 1 and f"{REPORT}{CITY}?" in asked[0], asked  # one read for them all
    assert set(shown) == set(counties()), shown
    for code, seen in shown.items():
        grade = cards[code]["grade"]
        assert int(seen["grade"]) == grade, (code, seen, grade)
        assert seen["fill"] == GRADE_FILLS[grade], (code, seen)
    # The development zone is beside the map, with its grade, not dropped.
    beside = page.get_by_test_id("cockpit-beside")
    expect(beside.locator(f"button[data-region='{ZONE}']")).to_contain_text("淮安经济技术开发区")
    expect(page.get_by_test_id("cockpit-legend")).to_contain_text("一级（最严重）")
    assert_accessible(page)

    # Coloured by satisfaction: each region as feedback's figures say ("none": nobody rated).
    with api_responses(page) as more:
        page.get_by_role("button", name="按满意度").click()
        expect(page.get_by_role("heading", name="各地群众满意度地图")).to_be_visible()
    groups = {
        g["code"]: g["colour"]
        for url, body in [*bodies, *more]
        if "/api/feedback/v1/satisfaction" in url
        for g in body["groups"]
    }
    for code, seen in shown_regions(page).items():
        colour = groups.get(code, "none")
        assert seen["satisfaction"] == colour, (code, seen)
        assert seen["fill"] == SATISFACTION_FILLS[colour], (code, seen)

    # This week's grades instead of the month's: the map follows the week's scorecards.
    page.get_by_role("button", name="按指数等级").click()
    with api_responses(page) as week:
        page.get_by_role("button", name="本周").click()
        expect(page.get_by_test_id("cockpit-summary")).to_have_attribute("data-period", "week")
        shown = shown_regions(page)
    cards = {c["subject"]: c for c in scorecards(week).values() if c["period"]["kind"] == "week"}
    assert set(cards) == set(counties()) | {CITY}
    for code, seen in shown.items():
        assert int(seen["grade"]) == cards[code]["grade"], (code, seen)
        assert seen["fill"] == GRADE_FILLS[cards[code]["grade"]], (code, seen)


def test_a_click_on_a_county_opens_its_health_check_its_cases_and_their_timeline(
    page: Page, portal: str, seeded: None
) -> None:
    sign_in(page, portal, "leader.city")
    page.goto(f"{portal}/workbench/cockpit")
    shown_regions(page)
    chart = page.get_by_role("img", name=re.compile("淮安市地图"))
    label = chart.locator("text", has_text="金湖县")
    expect(label).to_be_visible()
    box = label.bounding_box()
    assert box is not None
    with page.expect_response(lambda r: f"/api/index/v1/index/reports/{COUNTY}" in r.url) as got:
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    report = got.value.json()
    drawer = page.get_by_role("dialog", name="金湖县信访工作体检表")
    expect(drawer).to_be_visible()
    grade = drawer.get_by_test_id("health-grade")
    expect(grade).to_have_attribute("data-region", COUNTY)
    expect(grade).to_have_attribute("data-grade", str(report["scorecard"]["grade"]))
    expect(drawer).to_contain_text(report["analysis"][0])
    for sub in report["sub_regions"]:
        expect(drawer.get_by_role("button", name=f"查看{sub['name']}的体检表")).to_be_visible()
    assert_accessible(page)
    # The printable health check (index's HTML) opens through the gateway with the session.
    href = drawer.get_by_role("link", name="打开可打印的体检表").get_attribute("href")
    assert href
    printable = page.request.get(f"{portal}{href}")
    assert printable.status == 200, printable.status
    assert "信访工作体检表：金湖县" in printable.text()

    # From the health check its cases (the newest, with their lights), and from a case its
    # timeline on the petition page.
    cases = drawer.get_by_test_id("health-cases").get_by_role("link")
    expect(cases.first).to_be_visible()
    code = cases.first.inner_text()
    cases.first.click()
    expect(page.get_by_role("heading", name="办理过程")).to_be_visible()
    expect(page.locator("#wb-main")).to_contain_text(code)
    page.go_back()
    shown_regions(page)
    page.get_by_role("button", name=re.compile("查看金湖县的体检表")).click()
    drawer = page.get_by_role("dialog", name="金湖县信访工作体检表")
    # And all of them: the lights page, cut to the county.
    with page.expect_response(
        lambda r: "/api/supervision/v1/red-list" in r.url and f"region={COUNTY}" in r.url
    ):
        drawer.get_by_role("link", name="在红黄绿灯页面查看该地区全部信访").click()
    expect(page).to_have_url(re.compile(rf"/workbench/office/lights\?region={COUNTY}$"))
    expect(page.get_by_role("heading", name="红黄绿灯", level=1)).to_be_visible()


def test_open_measures_show_under_their_grade_with_their_deadlines(
    page: Page, portal: str, system: System, token: Token, seeded: None
) -> None:
    # The city's petition office grades the month (each graded region gets its grade's
    # measures, a rectification with a deadline for grades 1 and 2).
    office = token("petition_office", CITY, "petition-office.city")
    # Grading every region of the city takes a while on a busy machine: more than httpx's 5 s.
    url = f"{system.url('index')}/api/v1/index/assessments"
    ok(httpx.post(url, headers=office, timeout=60))
    sign_in(page, portal, "leader.city")
    with api_responses(page) as bodies:
        page.goto(f"{portal}/workbench/cockpit")
        shown_regions(page)
        card = page.get_by_test_id("cockpit-measures")
        expect(card.locator("li[data-region]").first).to_be_visible()
    loaded = {
        m["measure_id"]: m
        for url, b in bodies
        if "/api/index/v1/index/measures" in url
        for m in b["items"]
    }
    issued = list(loaded.values())
    assert issued, "the page loaded no measure"
    assert {m["subject"] for m in issued} <= set(counties()) | {CITY}
    for grade in sorted({m["grade"] for m in issued}):
        words = {1: "一级（最严重）", 2: "二级", 3: "三级", 4: "四级（日常管理）"}[grade]
        section = card.get_by_role("region", name=words)
        expect(section.get_by_role("heading", name=words)).to_be_visible()
        mine = [m for m in issued if m["grade"] == grade]
        expect(section.locator("li[data-region]")).to_have_count(len(mine))
        for m in mine:
            row = section.locator(f"li[data-region='{m['subject']}']")
            expect(row.first).to_be_visible()
            if m["due_on"]:
                expect(row.filter(has_text=m["due_on"])).to_have_count(
                    sum(
                        1
                        for x in mine
                        if x["subject"] == m["subject"] and x["due_on"] == m["due_on"]
                    )
                )
    assert_accessible(page)


def test_live_surge_warnings_are_listed_with_their_region_category_and_share(
    page: Page, portal: str, system: System, token: Token, seeded: None
) -> None:
    # Twenty letters about one matter in 金湖县 within the 30-day window: its category's share
    # of the county's petitions passes the surge rule (at least 20 petitions, major over 10%).
    for n in range(20):
        register(
            system,
            token,
            person(510 + n, "周七"),
            category=HOUSING,
            region=COUNTY,
            title="集中拆迁",
        )
    office = token("petition_office", CITY, "petition-office.city")
    index = system.url("index")

    def raised() -> list[dict[str, Any]] | None:
        ok(httpx.post(f"{index}/api/v1/index/surges/check", headers=office, timeout=30))
        got = ok(httpx.get(f"{index}/api/v1/index/surges?region={COUNTY}", headers=office))
        items: list[dict[str, Any]] = got["items"]
        return items if any(i["category_code"] == HOUSING[:2] for i in items) else None

    wait_for("index to raise the county's surge", raised, timeout=30)
    sign_in(page, portal, "leader.city")
    with page.expect_response(lambda r: "/api/index/v1/index/surges" in r.url) as got:
        page.goto(f"{portal}/workbench/cockpit")
    items = got.value.json()["items"]
    card = page.get_by_test_id("cockpit-warnings")
    assert any(i["region_code"] == COUNTY and i["category_code"] == "01" for i in items), items
    # Each warning index gave, with its region and share (the words: 淮安市 / 金湖县, 32.1%).
    for i in items:
        row = card.locator(f"li[data-region='{i['region_code']}']")
        expect(row.filter(has_text=f"{i['share'] * 100:.1f}%").first).to_be_visible()
    expect(card.locator(f"li[data-region='{COUNTY}']").first).to_contain_text("金湖县")
    assert_accessible(page)


STATS = "/api/index/v1/stats/"


def test_trends_rates_and_hot_words_are_the_statistics_the_page_loaded(
    page: Page, portal: str, system: System, token: Token, seeded: None
) -> None:
    leader = token("leader", CITY, "leader.city")
    index = system.url("index")

    def counted() -> dict[str, Any] | None:
        got = ok(httpx.get(f"{index}/api/v1/stats/counts?region={CITY}&by=major", headers=leader))
        return got if got["total"]["petitions"] >= 2 else None

    wait_for("index's statistics to count the seeded petitions", counted, timeout=30)
    sign_in(page, portal, "leader.city")
    with api_responses(page) as bodies:
        page.goto(f"{portal}/workbench/cockpit")
        trends = page.get_by_test_id("cockpit-trends")
        expect(trends.get_by_test_id("trend-petitions")).not_to_have_text("")
        expect(page.get_by_test_id("cockpit-rates").locator("li[data-key]").first).to_be_visible()
        expect(page.get_by_test_id("cockpit-rates").locator("h3")).to_have_text("热词")
    stats = {url.split(STATS)[1].split("?")[0] + (
        "?by=" + url.split("by=")[1].split("&")[0] if "by=" in url else ""
    ): b for url, b in bodies if STATS in url}  # fmt: skip
    majors, months = stats["counts?by=major"], stats["counts?by=month"]
    assert majors["region"] == CITY and majors["period"]["kind"] == "month"
    assert months["period"]["kind"] == "year" and len(months["items"]) == 12
    total = majors["total"]["petitions"]
    assert total >= 2
    expect(trends.get_by_test_id("trend-petitions")).to_have_text(str(total))
    expect(trends.get_by_test_id("trend-people")).to_have_text(str(majors["total"]["people"]))
    # What 同比 and 环比 are set beside, as index said (this month to date against as many
    # days of the month before and of the same month a year earlier: tests/unit).
    before, ago = majors["previous_period"], majors["year_ago_period"]
    assert before["start"][8:] == ago["start"][8:] == "01"
    for p in (before, ago):
        expect(trends.get_by_test_id("trend-compared")).to_contain_text(p["start"])
        expect(trends.get_by_test_id("trend-compared")).to_contain_text(p["end"])
    # The top categories, largest first, as index counted them; 住房 among them.
    rows = trends.get_by_test_id("trend-top").locator("tbody tr[data-code]")
    largest = sorted((i for i in majors["items"] if i["petitions"]), key=lambda i: -i["petitions"])[
        :5
    ]
    expect(rows).to_have_count(len(largest))
    assert HOUSING[:2] in [i["key"] for i in largest]
    for row, item in zip(rows.all(), largest, strict=True):
        expect(row.locator("td").first).to_have_text(str(item["petitions"]))
    # Every rate, with its value as index gave it (a ratio as a percentage, days as days).
    card = page.get_by_test_id("cockpit-rates")
    shown = card.locator("li[data-key]")
    rates = stats["rates"]["rates"]
    expect(shown).to_have_count(len(rates))
    assert len(rates) == 9
    for r in rates:
        value = r["value"]
        text = "—" if value is None else (
            f"{value * 100:.1f}%" if r["unit"] == "ratio" else f"{value:.1f} 天"
        )  # fmt: skip
        item = card.locator(f"li[data-key='{r['key']}']")
        expect(item).to_contain_text(r["name"])
        expect(item.get_by_test_id("rate-value")).to_have_text(text)
    words = [w["word"] for w in stats["hot-words"]["items"]]
    if words:
        expect(page.get_by_test_id("cockpit-hot-words").locator("li .word")).to_have_text(words)
    assert_accessible(page)


REGION_CODE = re.compile(r'"(3208\d\d)(?:\d{3}){0,2}(?:-[A-Z]+)?"')


def test_the_county_leader_loads_nothing_of_another_county(
    page: Page, portal: str, system: System, token: Token, seeded: None
) -> None:
    sign_in(page, portal, "leader.county")
    with api_responses(page) as bodies:
        page.goto(f"{portal}/workbench/cockpit")
        shown = shown_regions(page)
        expect(page.get_by_role("img", name=re.compile("金湖县地图"))).to_be_visible()
        expect(page.get_by_test_id("cockpit-lights").locator("tbody tr").first).to_be_visible()
        page.get_by_test_id("cockpit-own-health").click()
        drawer = page.get_by_role("dialog", name="金湖县信访工作体检表")
        expect(drawer.get_by_test_id("health-grade")).to_have_attribute("data-region", COUNTY)
        expect(page.get_by_test_id("cockpit-beside")).to_have_count(0)
        # A township of the county, from the county's health check.
        drawer.get_by_role("button", name="查看银涂镇的体检表").click()
        township = page.get_by_role("dialog", name="银涂镇信访工作体检表")
        expect(township.get_by_test_id("health-grade")).to_have_attribute(
            "data-region", "320831003"
        )
    assert set(shown) == {COUNTY}
    cards = scorecards(bodies)  # the county's, its townships' (the drawer's), no other
    assert COUNTY in cards and all(code.startswith(COUNTY) for code in cards), sorted(cards)
    # No region or org code of another district or county in what the page loaded (the
    # reference data's names aside). The city's own may appear: a petition about the county
    # received or handled by a city office is the county's leader's to see.
    others = set(counties()) - {COUNTY}
    data = [(u, b) for u, b in bodies if "/reference" not in u]
    assert any("/api/supervision/v1/lights" in u for u, _ in data)
    assert any("/api/feedback/v1/satisfaction" in u for u, _ in data)
    foreign = {m.group(0) for m in REGION_CODE.finditer(texts_in(data)) if m.group(1) in others}
    assert not foreign, foreign
    for url, _ in data:
        assert "region=" not in url or f"region={COUNTY}" in url, url


def test_on_a_phone_the_cockpit_is_one_column_that_never_scrolls_sideways(
    browser: Browser, portal: str
) -> None:
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        sign_in(page, portal, "leader.city")
        page.goto(f"{portal}/workbench/cockpit")
        shown_regions(page)
        expect(page.get_by_role("img", name=re.compile("淮安市地图"))).to_be_visible()
        # One column, the region's own figures first, then lights, warnings, measures, the
        # health check (and the map after them).
        cards = page.locator("[data-testid=cockpit] .grid section.card")
        boxes = [c.bounding_box() for c in cards.all()]
        assert all(b is not None for b in boxes)
        lefts = {round(b["x"]) for b in boxes if b}
        assert len(lefts) == 1, lefts
        tops = [b["y"] for b in boxes if b]
        order = [c.get_attribute("class") or "" for c in cards.all()]
        by_top = [cls.split()[1] for _, cls in sorted(zip(tops, order, strict=True))]
        assert by_top[:5] == [
            "summary",
            "lights-card",
            "warnings-card",
            "measures-card",
            "health-card",
        ]
        assert by_top[5:] == ["map-card", "trends-card", "rates-card"]
        assert_no_sideways_scroll(page)
        small = page.evaluate(SMALL_TARGETS)
        assert not small, small
        assert_accessible(page)

        page.get_by_test_id("cockpit-own-health").click()
        drawer = page.get_by_role("dialog", name="淮安市信访工作体检表")
        expect(drawer.get_by_test_id("health-grade")).to_be_visible()
        assert_no_sideways_scroll(page)
        width = page.evaluate(
            "() => { const d = document.querySelector('.health-drawer .el-drawer__body');"
            " return [d.scrollWidth, d.clientWidth] }"
        )
        assert width[0] <= width[1], width
    finally:
        context.close()


def assert_no_sideways_scroll(page: Page) -> None:
    sizes = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert sizes[0] <= sizes[1], sizes


# Every button and link of the cockpit that shows, with its size, when smaller than a thumb
# (44 × 44 CSS px; a link in running text may be narrower, never lower).
SMALL_TARGETS = """() => [...document.querySelectorAll(
    '[data-testid=cockpit] button, [data-testid=cockpit] a')]
  .filter((e) => e.offsetParent !== null)
  .map((e) => [e.textContent.trim(), e.getBoundingClientRect()])
  .filter(([, r]) => r.height < 44 || r.width < 44)
  .map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
