"""The workbench's frame in Chromium: each role signs in and sees its own menu, with its
name, role and org in the header; a page of another role is refused in plain words (and
its data never requested); the menu folds into a drawer on a tablet; an ended session sends
the user back to sign in saying so; the home page's counts refresh by themselves; axe finds
no serious violation on the home page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import assert_accessible
from tests.browser.staff import api_responses, sign_in
from tests.browser.wb_frame import Token, menu, register_letter, wait_assigned
from tests.support.system import System

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("username", "name", "role", "org", "queue"),
    [
        ("handler.county", "陈静", "承办人", "金湖县住房和城乡建设局", True),
        ("registrar.county", "李强", "登记员", "金湖县信访局", False),
        ("inspector.county", "朱琳", "督查员", "", False),
    ],
)
def test_each_role_sees_its_menu_and_who_is_signed_in(
    page: Page, portal: str, username: str, name: str, role: str, org: str, queue: bool
) -> None:
    sign_in(page, portal, username)
    header = page.get_by_test_id("wb-user")
    expect(header).to_contain_text(name)
    expect(header).to_contain_text(role)
    if org:
        expect(header).to_contain_text(org)
    nav = menu(page)
    expect(nav.get_by_role("menuitem", name="首页")).to_be_visible()
    expect(nav.get_by_role("menuitem", name="办理队列")).to_have_count(1 if queue else 0)
    expect(page.get_by_role("heading", name="今日工作")).to_be_visible()


def test_a_page_of_another_role_is_refused_and_its_data_never_requested(
    page: Page, portal: str
) -> None:
    sign_in(page, portal, "registrar.county")
    with api_responses(page) as seen:
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(f"{portal}/workbench/queue")
        expect(page.get_by_role("heading", name="您没有权限查看此页面")).to_be_visible()
    assert not [u for u in requested if "/api/routing/v1/queues/" in u], requested
    assert not [u for u, _ in seen if "/queues/" in u]
    page.get_by_role("link", name="回到工作台首页").click()
    expect(page.get_by_role("heading", name="今日工作")).to_be_visible()


def test_on_a_tablet_the_menu_folds_into_a_drawer(browser: Browser, portal: str) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 800, "height": 1100})
    page = context.new_page()
    try:
        sign_in(page, portal, "handler.county")
        # No side bar: the header's 菜单 button opens the same menu in a drawer.
        expect(page.get_by_role("menuitem", name="办理队列")).to_have_count(0)
        page.get_by_role("button", name="打开菜单").click()
        page.get_by_role("menuitem", name="办理队列").click()
        expect(page).to_have_url(f"{portal}/workbench/queue")
        expect(page.get_by_role("heading", name="办理队列", level=1)).to_be_visible()
        assert_accessible(page)
    finally:
        context.close()


def test_an_ended_session_sends_the_user_back_to_sign_in_saying_so(
    browser: Browser, portal: str
) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        sign_in(page, portal, "handler.county")
        expect(page.get_by_role("heading", name="今日工作")).to_be_visible()
        # The session ends (cookies gone): the next refresh's 401 leads back to sign-in.
        context.clear_cookies()
        expect(page).to_have_url(f"{portal}/signin?expired=1&redirect=/workbench", timeout=10_000)
        expect(page.get_by_text("登录已失效，请重新登录。")).to_be_visible()
    finally:
        context.close()


def test_the_home_page_counts_new_petitions_by_itself(
    page: Page, portal: str, system: System, token: Token
) -> None:
    sign_in(page, portal, "handler.county")
    counted = page.get_by_test_id("count-new")
    expect(counted).to_have_text(re.compile(r"^\d+$"))
    before = int(counted.inner_text())
    made = register_letter(system, token)
    wait_assigned(system, token, made["id"])
    # No reload: the page reads the counts again within its refresh interval.
    expect(counted).to_have_text(str(before + 1), timeout=8_000)
    new_list = page.get_by_test_id("new-list")
    expect(new_list.get_by_role("link", name=made["tracking_code"])).to_be_visible()
    assert_accessible(page)


def test_the_home_page_of_a_watcher_shows_lights_by_region(page: Page, portal: str) -> None:
    sign_in(page, portal, "petition-office.county")
    expect(page.get_by_test_id("light-counts")).to_contain_text("红灯")
    expect(page.get_by_test_id("light-counts")).to_contain_text("绿灯")
    assert_accessible(page)
