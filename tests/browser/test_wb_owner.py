"""The case owner's workbench in Chromium: the county office makes case-owner.county the case
owner (包案领导) of a petition, urges it (催办) and enters a leader's instruction on it (批示件);
the petition is then among the owner's cases, with its light, its department by name and the
urging, and the owner's list of urgings and instruction cases shows both."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import COUNTY, assert_accessible, person
from tests.browser.staff import sign_in
from tests.browser.wb_office import (
    Token,
    choose,
    fill_date,
    petition,
    register,
    row_of,
    wait_settled,
)
from tests.support.processes import wait_for
from tests.support.system import System

pytestmark = pytest.mark.browser

HOUSING = "0101"
OWNER = "case-owner.county"  # 徐婷


def test_the_case_owner_sees_a_case_the_office_gave_them_with_its_urging_and_instruction(
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
    # The gateway lists the region's case owners (GET /auth/users?role=case_owner).
    expect(box.get_by_role("combobox", name="包案领导", exact=True)).to_be_visible()
    choose(page, "包案领导", "徐婷（金湖县）")
    box.get_by_role("button", name="确定", exact=True).click()
    expect(box).to_be_hidden()
    wait_for(
        "the case owner on the petition",
        lambda: petition(system, token, p["id"])["case_owner"] == OWNER,
        timeout=15,
    )

    # The office urges the case and enters the county head's instruction on it.
    row.get_by_role("button", name="催办/督办").click()
    box = page.get_by_role("dialog", name=re.compile("催办或督办"))
    box.get_by_label("催办意见").fill("请尽快拿出老旧小区改造方案")
    box.get_by_role("button", name="发出催办").click()
    expect(box).to_be_hidden()
    leader_due = date.today() + timedelta(days=12)
    row.get_by_role("button", name="录入领导批示").click()
    box = page.get_by_role("dialog", name=re.compile("录入领导批示"))
    box.get_by_label("批示领导").fill("县长 陈某")
    box.get_by_label("批示内容").fill("请住建局会同街道妥善处理老旧小区改造")
    fill_date(page, "要求办结日期", leader_due)
    box.get_by_role("button", name="录入", exact=True).click()
    expect(box).to_be_hidden()

    owner = browser.new_page()
    try:
        sign_in(owner, portal, OWNER)
        owner.goto(f"{portal}/workbench/owner/cases")
        case = row_of(owner, "cases", p["tracking_code"])
        expect(case).to_be_visible()
        expect(case).to_contain_text("金湖县住房和城乡建设局")
        expect(case).not_to_contain_text("320831-ZJJ")
        expect(case.locator(".el-tag")).to_have_text(["绿灯"])
        # Supervision tells the owner of both (the page refreshes by itself).
        expect(case).to_contain_text("催办", timeout=15_000)
        expect(case).to_contain_text(f"批示件 {leader_due.isoformat()}")
        urging = row_of(owner, "owner-actions", "请尽快拿出老旧小区改造方案")
        expect(urging).to_contain_text("催办")
        expect(urging).to_contain_text(p["tracking_code"])
        instruction = row_of(owner, "owner-actions", "县长 陈某")
        expect(instruction).to_contain_text("批示件")
        expect(instruction).to_contain_text("请住建局会同街道妥善处理老旧小区改造")
        expect(instruction).to_contain_text(leader_due.isoformat())
        expect(instruction).to_contain_text(p["tracking_code"])
        expect(owner.get_by_text("暂时不对包案领导开放")).to_have_count(0)
        assert_accessible(owner)
    finally:
        owner.close()
