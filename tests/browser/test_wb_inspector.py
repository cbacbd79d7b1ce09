"""The discipline inspector (纪检) in Chromium: the overdue cases of their county as they
happen, named (departments and case owners in words) in a table that fits the window; the
accountability record of one, a sanction recorded on it; the records filtered by supervision
(every filter goes to the API, and nothing outside it reaches the page), a page at a time,
and exported whole; and nothing of another county in the JSON the pages loaded."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_accessible
from tests.browser.staff import api_responses, sign_in, texts_in
from tests.browser.wb_audit import (
    COUNTY,
    OTHER_OFFICE,
    OTHER_VILLAGE,
    TOWNSHIP_GOV,
    Bearer,
    Registered,
    choose,
    downloaded_csv,
    fill_day,
    overdue_now,
    pick_region,
    records_of,
    register,
    wait_assigned,
    wait_record,
)
from tests.support.processes import wait_for
from tests.support.system import System

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def overdue(system: System, token: Bearer) -> tuple[Registered, Registered]:
    """A petition of 金湖县 received 40 days ago (overdue), and one of 盱眙县 (another
    county's, which inspector.county must never receive)."""
    mine = register(system, token, days_ago=40)
    other = register(system, token, days_ago=40, village=OTHER_VILLAGE, receiving_org=OTHER_OFFICE)
    overdue_now(system, token, mine, other)
    return mine, other


def test_inspector_sees_the_overdue_case_and_records_a_sanction(
    page: Page,
    portal: str,
    system: System,
    token: Bearer,
    overdue: tuple[Registered, Registered],
) -> None:
    mine, other = overdue
    sign_in(page, portal, "inspector.county")

    with api_responses(page) as seen:
        page.goto(f"{portal}/workbench/inspector/overdue")
        expect(page.get_by_role("heading", name="超期件")).to_be_visible()
        row = page.get_by_role("row").filter(has_text=mine.tracking_code)
        expect(row).to_be_visible()
        expect(row).to_contain_text("红灯")
        # The newest overdue come first and are marked.
        expect(page.get_by_role("row").nth(1)).to_contain_text("最新超期")
        assert_accessible(page)

        # The record is written by supervision's sweep; the page shows it by itself.
        wait_record(system, token, mine.id)
        page.goto(f"{portal}/workbench/inspector/records")
        page.get_by_label("信访件编号").fill(mine.id)
        page.get_by_label("信访件编号").press("Enter")
        record = page.get_by_role("row").filter(has_text="办理超期").first
        expect(record).to_be_visible()
        expect(record).to_contain_text("未处理")
        assert_accessible(page)

        record.get_by_role("button", name="登记处理").click()
        dialog = page.get_by_role("dialog", name="登记处理结果")
        dialog.get_by_role("radio", name="处分").check()
        dialog.get_by_label("被处理人").fill("陈静")
        dialog.get_by_label("说明（可不填）").fill("超期未告知是否受理")
        assert_accessible(page)
        dialog.get_by_role("button", name="登记").click()
        expect(dialog).to_be_hidden()
        expect(page.get_by_role("row").filter(has_text="处分：陈静").first).to_be_visible()

        # Without the petition filter, the county's list: still nothing of 盱眙县.
        page.get_by_label("信访件编号").fill("")
        page.get_by_label("信访件编号").press("Enter")
        expect(page.get_by_text(re.compile(r"显示 [1-9]\d* 条"))).to_be_visible()

    # The public reference list (every department with its region, as on the portal) is no
    # petition's data: the check is on everything else the page loaded.
    loaded = texts_in([(u, b) for u, b in seen if "/public/reference" not in u])
    assert mine.id in loaded
    assert other.id not in loaded, "inspector.county received a petition of another county"
    assert '"region_code": "320830' not in loaded
    record_bodies = [b for url, b in seen if "/v1/records?" in url or url.endswith("/v1/records")]
    assert record_bodies, "the records page loaded no records"
    for body in record_bodies:
        for item in body["items"]:
            assert (item["region_code"] or "").startswith("320831") or (
                item["department"] or ""
            ).startswith("320831"), item


def test_the_overdue_list_refreshes_by_itself(
    page: Page, portal: str, system: System, token: Bearer, overdue: tuple[Registered, Registered]
) -> None:
    sign_in(page, portal, "inspector.county")
    page.goto(f"{portal}/workbench/inspector/overdue")
    expect(page.get_by_role("row").filter(has_text=overdue[0].tracking_code)).to_be_visible()
    later = register(system, token, days_ago=41)
    overdue_now(system, token, later)
    # No reload: the page polls within 5 s.
    row = page.get_by_role("row").filter(has_text=later.tracking_code)
    expect(row).to_be_visible(timeout=5_000)
    expect(row).to_contain_text("新出现")


# A department code (320831003-GOV, 320831-ZJJ) or a user id made of one (owner-…): what the
# overdue list must never show where a name belongs.
CODE = re.compile(r"\b\d{6,12}-[A-Z]{2,}\b|owner-")


def test_the_overdue_list_names_departments_and_case_owners_and_fits_the_window(
    page: Page, portal: str, overdue: tuple[Registered, Registered]
) -> None:
    mine, _ = overdue
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, portal, "inspector.county")
    with api_responses(page) as seen:
        page.goto(f"{portal}/workbench/inspector/overdue")
        row = page.get_by_role("row").filter(has_text=mine.tracking_code)
        # 银涂镇人民政府 handles it; routing named its 分管负责人 the case owner.
        expect(row).to_contain_text("银涂镇人民政府")
        expect(row).to_contain_text("银涂镇人民政府分管负责人")
    table = page.get_by_test_id("wb-overdue-table")
    shown = table.inner_text()
    assert not CODE.search(shown), f"a code where a name belongs: {CODE.search(shown)}"
    red = [b for u, b in seen if "/v1/red-list" in u]
    assert red, "the red list never loaded"
    item = next(i for i in red[-1]["items"] if i["petition_id"] == mine.id)
    assert (item["department"], item["case_owner_name"]) == (
        TOWNSHIP_GOV,
        "银涂镇人民政府分管负责人",
    )
    # Every column in view at 1280 × 900: nothing to scroll sideways, in the table or the page.
    widths = table.evaluate(
        """(el) => {
          const wrap = el.querySelector('.el-table__body-wrapper .el-scrollbar__wrap') ?? el
          const doc = document.documentElement
          return [wrap.scrollWidth, wrap.clientWidth, doc.scrollWidth, doc.clientWidth]
        }"""
    )
    table_scroll, table_client, page_scroll, page_client = widths
    assert table_scroll <= table_client, f"the table scrolls sideways: {widths}"
    assert page_scroll <= page_client, f"the page scrolls sideways: {widths}"
    header = table.locator(".el-table__header-wrapper")
    assert header.evaluate("(el) => el.scrollWidth <= el.clientWidth"), "the header overflows"


@dataclass(frozen=True)
class Records:
    """Four overdue petitions of 金湖县, each with its accountability record, found on
    ``day``: two claims of 银涂镇 (one sanctioned 处分), a suggestion of 银涂镇, and a claim
    of the county itself (handled by a county department, not 银涂镇人民政府)."""

    sanctioned: Registered
    unsanctioned: Registered
    suggestion: Registered
    county: Registered
    day: date

    @property
    def all(self) -> tuple[Registered, ...]:
        return (self.sanctioned, self.unsanctioned, self.suggestion, self.county)


@pytest.fixture(scope="module")
def records(system: System, token: Bearer) -> Records:
    sanctioned = register(system, token, days_ago=40)
    unsanctioned = register(system, token, days_ago=40)
    suggestion = register(system, token, days_ago=40, kind="suggestion")
    county = register(system, token, days_ago=40, village=COUNTY, receiving_org=f"{COUNTY}-XFJ")
    assert wait_assigned(system, token, county.id)["department"] != TOWNSHIP_GOV
    overdue_now(system, token, sanctioned, unsanctioned, suggestion, county)
    found = {p.id: wait_record(system, token, p.id) for p in (sanctioned, unsanctioned)}
    for p in (suggestion, county):
        found[p.id] = wait_record(system, token, p.id)
    days = {r["occurred_on"] for r in found.values()}
    assert len(days) == 1, f"the records were found on different days: {days}"
    rid = found[sanctioned.id]["record_id"]
    got = httpx.post(
        f"{system.url('supervision')}/api/v1/records/{rid}/sanctions",
        json={"sanction": "disciplinary", "person": "赵刚"},
        headers=token("inspector", COUNTY, "u-inspector-county"),
        timeout=10,
    )
    assert got.status_code == 202, got.text
    wait_for(
        "the sanction on the record",
        lambda: records_of(system, token, petition_id=sanctioned.id)[0]["sanctions"],
        timeout=30,
        every=0.5,
    )
    return Records(sanctioned, unsanctioned, suggestion, county, date.fromisoformat(days.pop()))


def filtered(
    page: Page, portal: str, param: str, set_filter: Callable[[], None]
) -> list[dict[str, Any]]:
    """Open the records page, set one filter, and return every records body the page then
    loaded with ``param`` (e.g. ``sanction=disciplinary``) in its URL: the filter went to the
    server. The body of a read without it (the first load, before the filter) is left out."""
    page.goto(f"{portal}/workbench/inspector/records")
    expect(page.get_by_test_id("wb-records-table")).to_be_visible()
    with api_responses(page) as seen:
        with page.expect_response(lambda r: "/v1/records?" in r.url and param in r.url):
            set_filter()
        # The page draws what it was sent (and its next refresh is sent with the filter too).
        with page.expect_response(lambda r: "/v1/records?" in r.url, timeout=10_000):
            pass
    bodies = [b for u, b in seen if "/v1/records?" in u and param in u]
    assert bodies, f"no records read with {param}"
    return bodies


def shown(page: Page, p: Registered) -> Any:
    return page.get_by_test_id("wb-records-table").get_by_role("row").filter(has_text=p.id[:8])


def items_of(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for b in bodies for i in b["items"]]


def test_every_filter_of_the_records_goes_to_the_server(
    page: Page, portal: str, records: Records
) -> None:
    r = records
    sign_in(page, portal, "inspector.county")

    bodies = filtered(
        page, portal, "sanction=disciplinary", lambda: choose(page, "处理情况", "处分")
    )
    expect(shown(page, r.sanctioned)).to_contain_text("处分：赵刚")
    expect(shown(page, r.unsanctioned)).to_have_count(0)
    assert all(
        any(s["sanction"] == "disciplinary" for s in i["sanctions"]) for i in items_of(bodies)
    )
    text = texts_in([("", b) for b in bodies])
    assert r.sanctioned.id in text
    for outside in (r.unsanctioned, r.suggestion, r.county):
        assert outside.id not in text, "a record without 处分 reached the page"

    bodies = filtered(
        page, portal, "kind=suggestion", lambda: choose(page, "信访类别", "建议意见类")
    )
    expect(shown(page, r.suggestion)).to_be_visible()
    text = texts_in([("", b) for b in bodies])
    assert r.suggestion.id in text
    for outside in (r.sanctioned, r.unsanctioned, r.county):
        assert outside.id not in text, "a claim's record reached the page"

    wanted = f"department={TOWNSHIP_GOV}"
    bodies = filtered(page, portal, wanted, lambda: choose(page, "承办单位", "银涂镇人民政府"))
    expect(shown(page, r.unsanctioned)).to_contain_text("银涂镇人民政府")
    assert {i["department"] for i in items_of(bodies)} == {TOWNSHIP_GOV}
    assert r.county.id not in texts_in([("", b) for b in bodies])

    township = TOWNSHIP_GOV.removesuffix("-GOV")
    bodies = filtered(
        page, portal, f"region={township}", lambda: pick_region(page, "问题发生地", "银涂镇")
    )
    expect(shown(page, r.unsanctioned)).to_be_visible()
    assert all((i["region_code"] or "").startswith(township) for i in items_of(bodies))
    assert r.county.id not in texts_in([("", b) for b in bodies])

    after = r.day + timedelta(days=1)
    bodies = filtered(page, portal, f"since={after}", lambda: fill_day(page, "发生日期从", after))
    expect(shown(page, r.sanctioned)).to_have_count(0)
    assert all(i["occurred_on"] >= str(after) for i in items_of(bodies))
    text = texts_in([("", b) for b in bodies])
    assert not [p.id for p in r.all if p.id in text], "a record of before the period arrived"

    bodies = filtered(page, portal, f"until={r.day}", lambda: fill_day(page, "发生日期到", r.day))
    assert all(i["occurred_on"] <= str(r.day) for i in items_of(bodies))
    assert_accessible(page)


# 前锋镇 (no other browser test's township): one page of records and one more there.
PAGING_VILLAGE = "320831006001"
PAGING_GOV = "320831006-GOV"
PAGE = 20  # the records page's page size (RecordsView.vue)


@pytest.fixture(scope="module")
def paging(system: System, token: Bearer) -> list[Registered]:
    made = [
        register(system, token, days_ago=40, village=PAGING_VILLAGE, receiving_org=PAGING_GOV)
        for _ in range(PAGE + 1)
    ]
    overdue_now(system, token, *made)
    ids = {p.id for p in made}

    def all_found() -> bool:
        return ids <= {x["petition_id"] for x in records_of(system, token, department=PAGING_GOV)}

    wait_for("the records of 前锋镇's petitions", all_found, timeout=120, every=1)
    return made


def test_records_a_page_at_a_time_and_the_export_holds_all_the_filter_selects(
    page: Page, portal: str, paging: list[Registered]
) -> None:
    ids = {p.id for p in paging}
    sign_in(page, portal, "inspector.county")
    wanted = f"department={PAGING_GOV}"
    bodies = filtered(page, portal, wanted, lambda: choose(page, "承办单位", "前锋镇人民政府"))
    first = {i["petition_id"] for i in bodies[0]["items"]}
    assert len(first) == PAGE and first <= ids and bodies[0]["next_cursor"]
    expect(page.get_by_text(f"显示 {PAGE} 条")).to_be_visible()

    with api_responses(page) as seen:
        with page.expect_response(lambda r: "/v1/records?" in r.url and "cursor=" in r.url):
            page.get_by_role("button", name="加载更多").click()
        expect(page.get_by_text(f"显示 {PAGE + 1} 条 · 已全部显示。")).to_be_visible()
    expect(page.get_by_role("button", name="加载更多")).to_have_count(0)
    (nxt,) = [b for u, b in seen if "/v1/records?" in u and "cursor=" in u]
    rest = {i["petition_id"] for i in nxt["items"]}
    assert rest == ids - first and nxt["next_cursor"] is None  # the next page, nothing twice

    rows = downloaded_csv(page, page.get_by_role("button", name="导出 CSV"))
    header, data = rows[0], rows[1:]
    assert len(data) == PAGE + 1
    column = {name: n for n, name in enumerate(header)}
    assert {d[column["信访件编号"]] for d in data} == ids
    assert {d[column["承办单位"]] for d in data} == {"前锋镇人民政府"}
    assert all("分管负责人" in d[column["包案领导"]] for d in data)
