"""The auditor in Chromium: a petition's timeline from the event log (who did what and when,
a deadline met and one missed), and one org's and one person's actions.

Both pages read supervision's audit log (GET /v1/audit/petitions/{id} and
/v1/audit/actions), the rows of ``sunshine replay``."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_accessible
from tests.browser.staff import api_responses, sign_in, texts_in
from tests.browser.wb_audit import TOWNSHIP_GOV, Bearer, Registered, register, wait_assigned
from tests.support.system import System

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def petitions(system: System, token: Bearer) -> tuple[Registered, Registered]:
    """Two letters of one registrar: one registered the day it arrived (forwarded on time),
    one that arrived 40 days before it was registered and forwarded: its forwarding
    deadline is missed, and the log says so on the assignment that ended the step late."""
    late = register(system, token, days_ago=40, registrar=None, registered_late=True)
    on_time = register(system, token, days_ago=0, registrar=late.registrar)
    for p in (late, on_time):
        wait_assigned(system, token, p.id)
    return on_time, late


def show_timeline(page: Page, petition_id: str) -> None:
    page.get_by_label("信访件编号或查询码").fill(petition_id)
    page.get_by_role("button", name="查看").click()


def test_the_auditor_sees_a_petitions_timeline_with_deadlines_met_and_missed(
    page: Page, portal: str, petitions: tuple[Registered, Registered]
) -> None:
    on_time, late = petitions
    sign_in(page, portal, "auditor.county")
    page.goto(f"{portal}/workbench/audit/petition")
    # No service finds a petition by its tracking code for staff yet: the page says so.
    show_timeline(page, on_time.tracking_code)
    expect(page.get_by_role("alert")).to_contain_text("按查询码查找还没有开通")
    show_timeline(page, on_time.id)
    timeline = page.get_by_test_id("wb-audit-timeline")
    registered = timeline.get_by_role("row").filter(has_text="登记").first
    expect(registered).to_contain_text(on_time.registrar)
    expect(registered).to_contain_text("登记员")
    expect(registered).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"))
    assigned = timeline.get_by_role("row").filter(has_text="交办到承办单位").first
    expect(assigned).to_contain_text("按期")
    assert_accessible(page)

    show_timeline(page, late.id)
    expect(page).to_have_url(re.compile(rf"id={late.id}"))
    expect(
        page.get_by_test_id("wb-audit-timeline").get_by_role("row").filter(has_text="超期").first
    ).to_contain_text("转送交办")
    expect(page.get_by_text(re.compile(r"\d+ 个期限按期，[1-9]\d* 个超期"))).to_be_visible()


def test_the_auditor_sees_one_persons_and_one_orgs_actions(
    page: Page, portal: str, petitions: tuple[Registered, Registered]
) -> None:
    on_time, late = petitions
    sign_in(page, portal, "auditor.county")
    page.goto(f"{portal}/workbench/audit/actions")
    page.get_by_label("用户名").fill(on_time.registrar)
    with api_responses(page) as seen:
        page.get_by_role("button", name="查询").click()
        table = page.get_by_test_id("wb-audit-actions")
        expect(table.get_by_role("row").filter(has_text=on_time.id[:8])).to_contain_text("登记")
        expect(table.get_by_role("row").filter(has_text=late.id[:8])).to_contain_text("登记")
    body = texts_in([(u, b) for u, b in seen if "/audit/actions" in u])
    assert on_time.registrar in body
    assert_accessible(page)

    page.get_by_label("用户名").fill("")
    page.get_by_label("单位代码").fill(TOWNSHIP_GOV)
    page.get_by_role("button", name="查询").click()
    expect(table.get_by_role("row").filter(has_text=late.id[:8]).first).to_contain_text(
        TOWNSHIP_GOV
    )
    # The rows of one org only.
    for row in table.locator("tbody tr").all():
        expect(row).to_contain_text(TOWNSHIP_GOV)
