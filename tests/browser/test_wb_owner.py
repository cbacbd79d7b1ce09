"""The case owner's workbench in Chromium: the county office makes case-owner.county the case
owner (包案领导) of a petition, and it is then among their cases, with its light."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import COUNTY, assert_accessible, person
from tests.browser.staff import sign_in
from tests.browser.wb_office import Token, choose, petition, register, row_of, wait_settled
from tests.support.processes import wait_for
from tests.support.system import System

HOUSING = "0101"
OWNER = "case-owner.county"  # 徐婷


def test_the_case_owner_sees_a_case_the_office_gave_them(
    page: Page, browser: Browser, portal: str, system: System, token: Token
) -> None:
    p = register(
        system, token, person(301, "冯三"), category=HOUSING, region=COUNTY, title="老旧小区改造"
    )
    wait_settled(system, token, p["id"])
    sign_in(page, portal, "petition-office.county")
    page.goto(f"{portal}/workbench/office/supervision")
    choose(page, "单位", "金湖县住房和城乡建设局")
    row = row_of(page, "deadlines", p["tracking_code"])
    row.get_by_role("button", name="确定包案领导").click()
    box = page.get_by_role("dialog", name="确定包案领导")
    picker = box.get_by_label("包案领导", exact=True)
    if picker.count():  # the gateway lists case owners (contract item 3)
        choose(page, "包案领导", "徐婷（金湖县）")
    else:  # until then, the user name and name are typed
        box.get_by_label("包案领导的用户名").fill(OWNER)
        box.get_by_label("包案领导的姓名").fill("徐婷")
    box.get_by_role("button", name="确定", exact=True).click()
    expect(box).to_be_hidden()
    wait_for(
        "the case owner on the petition",
        lambda: petition(system, token, p["id"])["case_owner"] == OWNER,
        timeout=15,
    )

    owner = browser.new_page()
    try:
        sign_in(owner, portal, OWNER)
        owner.goto(f"{portal}/workbench/owner/cases")
        case = row_of(owner, "cases", p["tracking_code"])
        expect(case).to_be_visible()
        expect(case).to_contain_text("金湖县住房和城乡建设局")
        expect(case.locator(".el-tag")).to_have_text(["绿灯"])
        assert_accessible(owner)
    finally:
        owner.close()
