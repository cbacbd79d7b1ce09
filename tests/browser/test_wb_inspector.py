"""The discipline inspector (纪检) in Chromium: the overdue cases of their county as they
happen, the accountability record of one, a sanction recorded on it; and nothing of another
county in the JSON the pages loaded."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_accessible
from tests.browser.staff import api_responses, sign_in, texts_in
from tests.browser.wb_audit import (
    OTHER_OFFICE,
    OTHER_VILLAGE,
    Bearer,
    Registered,
    overdue_now,
    register,
    wait_record,
)
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
