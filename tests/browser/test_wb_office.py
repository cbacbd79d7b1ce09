"""The petition office's workbench in Chromium (petition-office.county, 金湖县): the manual
routing queue with routing's reason and an assignment by hand, 督办 with a deadline, a
leader's instruction case, and nothing of another county in the JSON its pages load."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import COUNTY, assert_accessible, person
from tests.browser.staff import api_responses, sign_in, texts_in
from tests.browser.wb_office import (
    CITY_OFFICE,
    Token,
    choose,
    fill_date,
    petition,
    register,
    row_of,
    wait_manual,
    wait_settled,
)
from tests.support.processes import wait_for
from tests.support.system import System

pytestmark = pytest.mark.browser

# No routing rule places 其他事项 asked about the county as a whole (services/routing/rules/
# default.json: no department of 金湖县 or of the city answers for 1805): routing gives up.
UNPLACED = "1805"
HOUSING = "0101"  # 房屋征收拆迁: 金湖县住房和城乡建设局 (320831-ZJJ) by rule dept.320831-ZJJ
OTHER_COUNTY = "320812001001"  # 清江浦区 / 清江街道 / 新安社区


def test_an_unrouted_petition_shows_its_reason_and_is_assigned_by_hand(
    page: Page, portal: str, system: System, token: Token
) -> None:
    p = register(
        system, token, person(201, "周九"), category=UNPLACED, region=COUNTY, title="咨询补贴"
    )
    wait_manual(system, token, p["id"])
    sign_in(page, portal, "petition-office.county")
    page.goto(f"{portal}/workbench/office/routing")
    row = row_of(page, "queue", p["tracking_code"])
    # Routing's own Chinese (manual_reason_zh), the codes named; never its English.
    expect(row).to_contain_text("没有分派规则负责金湖县的“其他事项”类问题，请人工分派。")
    expect(row).not_to_contain_text("no rule")
    assert_accessible(page)

    row.get_by_role("button", name="交办/转送").click()
    box = page.get_by_role("dialog", name="交办或转送")
    expect(box).to_be_visible()
    choose(page, "交给哪个单位", "金湖县信访局")
    box.get_by_label("交办理由").fill("属本级信访部门直接办理的咨询事项")
    box.get_by_role("button", name="交办", exact=True).click()

    expect(row).to_have_count(0)
    got = petition(system, token, p["id"])
    assert got["status"] == "assigned"
    assert got["department"] == "320831-XFJ"


def test_supervising_with_a_deadline_and_an_instruction_case_show_in_supervision(
    page: Page, portal: str, system: System, token: Token
) -> None:
    p = register(
        system, token, person(202, "吴十"), category=HOUSING, region=COUNTY, title="拆迁补偿"
    )
    assert wait_settled(system, token, p["id"])["department"] == "320831-ZJJ"
    sign_in(page, portal, "petition-office.county")
    page.goto(f"{portal}/workbench/office/supervision")
    choose(page, "单位", "金湖县住房和城乡建设局")
    row = row_of(page, "deadlines", p["tracking_code"])
    expect(row).to_be_visible(timeout=15_000)
    assert_accessible(page)

    due = date.today() + timedelta(days=7)
    row.get_by_role("button", name="催办/督办").click()
    box = page.get_by_role("dialog", name=re.compile("催办或督办"))
    box.get_by_role("radio", name="督办").check()
    fill_date(page, "要求办结日期", due)
    box.get_by_label("催办意见").fill("请于一周内办结并报送结果")
    box.get_by_role("button", name="发出督办").click()
    urged = row_of(page, "actions", p["tracking_code"]).filter(has_text="督办")
    expect(urged).to_contain_text(due.isoformat(), timeout=15_000)

    leader_due = date.today() + timedelta(days=10)
    row.get_by_role("button", name="录入领导批示").click()
    box = page.get_by_role("dialog", name=re.compile("录入领导批示"))
    box.get_by_label("批示领导").fill("县长 何某")
    box.get_by_label("批示内容").fill("请住建局妥善处理拆迁补偿问题")
    fill_date(page, "要求办结日期", leader_due)
    box.get_by_role("button", name="录入", exact=True).click()
    expect(box).to_be_hidden()

    page.get_by_role("tab", name="领导批示件").click()
    case = row_of(page, "instructions", "县长 何某")
    expect(case).to_contain_text(leader_due.isoformat(), timeout=15_000)
    expect(case).to_contain_text(p["tracking_code"])
    assert_accessible(page)


def test_the_office_pages_load_nothing_of_another_county(
    page: Page, portal: str, system: System, token: Token
) -> None:
    mine = register(
        system, token, person(203, "郑一"), category=UNPLACED, region=COUNTY, title="本县咨询"
    )
    theirs = register(
        system,
        token,
        person(204, "王二"),
        category=HOUSING,
        region=OTHER_COUNTY,
        title="清江浦区拆迁",
        receiving_org=CITY_OFFICE,
        user="registrar.city",
    )
    wait_manual(system, token, mine["id"])
    # The other county's petition is routed (and so in routing's and supervision's tables).
    city = ("petition_office", "320800", "petition-office.city")
    wait_for(
        "the other county's petition to be assigned",
        lambda: petition(system, token, theirs["id"], city)["department"],
        timeout=20,
    )
    sign_in(page, portal, "petition-office.county")
    pages = {
        "routing": "待人工分派的信访",
        "returned": "退回件",
        "supervision": "督查督办",
        "lights": "红黄绿灯",
    }
    with api_responses(page) as bodies:
        for path, heading in pages.items():
            page.goto(f"{portal}/workbench/office/{path}")
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
            if path == "routing":
                expect(row_of(page, "queue", mine["tracking_code"])).to_be_visible()
            if path != "supervision":
                assert_accessible(page)
        page.goto(f"{portal}/workbench/office/supervision")
        with page.expect_response(lambda r: "/v1/instructions" in r.url):
            page.get_by_role("tab", name="领导批示件").click()
        expect(page.locator(".instructions")).to_be_visible()
    seen = texts_in(bodies)
    assert mine["tracking_code"] in seen  # the pages did load the county's own petitions
    assert theirs["id"] not in seen
    assert theirs["tracking_code"] not in seen
    assert "清江浦区拆迁" not in seen
