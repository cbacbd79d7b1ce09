"""A refusal on the workbench is told in Chinese, in the services' own words: the petition
office sends an accusation to the very unit it accuses, intake refuses it (Art. 30), and the
dialog says why in Chinese, never in the English meant for developers. The JSON the page read
carries the refusal's kind (``code``) and its sentence (``detail_zh``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import COUNTY, person
from tests.browser.staff import sign_in
from tests.browser.wb_office import Token, choose, petition, register, row_of, wait_manual
from tests.support.system import System

pytestmark = pytest.mark.browser

UNPLACED = "1805"  # 其他事项 of the county as a whole: no rule places it (test_wb_office.py)
ACCUSED = "320831-ZJJ"
ART_30 = "检举控告类信访事项不得交由被检举控告的单位办理（《信访工作条例》第三十条）"


def test_an_accusation_sent_to_the_accused_unit_is_refused_in_chinese(
    page: Page, portal: str, system: System, token: Token
) -> None:
    p = register(
        system,
        token,
        person(231, "严明"),
        category=UNPLACED,
        region=COUNTY,
        title="反映某局工作人员吃拿卡要",
        kind="accusation",
        accused_org=ACCUSED,
    )
    wait_manual(system, token, p["id"])
    sign_in(page, portal, "petition-office.county")
    page.goto(f"{portal}/workbench/office/routing")
    row = row_of(page, "queue", p["tracking_code"])
    row.get_by_role("button", name="交办/转送").click()
    box = page.get_by_role("dialog", name="交办或转送")
    choose(page, "交给哪个单位", "金湖县住房和城乡建设局")
    box.get_by_label("交办理由").fill("该局负责此类事项")
    with page.expect_response(lambda r: r.url.endswith("/assign")) as refused:
        box.get_by_role("button", name="交办", exact=True).click()

    assert refused.value.status == 409
    body = refused.value.json()
    assert (body["code"], body["detail_zh"]) == ("rule_violation", ART_30)
    expect(box.get_by_text(ART_30)).to_be_visible()
    expect(box).not_to_contain_text("accusation")
    expect(box).not_to_contain_text("Art. 30")
    # Nothing was written: the petition is still waiting in the manual queue, unassigned.
    assert petition(system, token, p["id"])["department"] is None
    box.get_by_role("button", name="取消").click()
    expect(row).to_be_visible()
