"""Helpers of the workbench's end-to-end flow (test_wb_flow.py): a browser per person, dated
as a dated development run dates a person's requests, and the registration form filled in as
the registrar fills it.

The fake clock is the one ``sunshine run`` already has outside production (shared/clock.py):
intake takes a request's day from ``X-Sunshine-Today`` (the gateway forwards it), the events
caused by it (routing's assignment, feedback's notices) follow it, and supervision's sweep
keeps the time of the latest petition event it has read (``FollowingClock``). So a flow
played some days ago moves supervision's "today" back to those days; the first undated event
afterwards brings it to the real today, and the deadlines that ran out meanwhile are missed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.flows import category_path, reference
from tests.browser.pages import Person, assert_accessible, field, pick
from tests.browser.staff import sign_in
from tests.browser.wb_frame import COUNTY, Token
from tests.support.processes import wait_for
from tests.support.system import System

TODAY_HEADER = "X-Sunshine-Today"
COUNTY_NAME = "金湖县"
# The registration page's kind for a claim (the reference data's name).
CLAIM = "申诉求决类"
# The revisit (回头看) after a 不满意 rating, in days, for feedback's task and supervision's
# deadline alike: short, so it runs out between the flow's days and the real today.
REVISIT_DAYS = 2
# How many days ago the flow is played. The acceptance notice's 15 days from then still end
# well after the real today (the queue shows the letter green), while the revisit's days end
# before it (supervision finds that deadline missed once its clock is back at today).
FLOW_DAYS_AGO = 6
SETTINGS = {
    "FEEDBACK_REVISIT_DAYS": str(REVISIT_DAYS),
    "SUPERVISION_REVISIT_DAYS": str(REVISIT_DAYS),
    # The accountability record of a missed deadline is the sweep's: seconds, not a minute.
    "SUPERVISION_SWEEP_INTERVAL_S": "2",
}


def city_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


@contextmanager
def browser_of(
    browser: Browser, args: dict[str, Any], portal: str, username: str | None, day: date | None
) -> Iterator[Page]:
    """A browser of one person (cookies of its own), signed in as ``username`` (None: a
    citizen), every request dated ``day`` (None: today)."""
    context: BrowserContext = browser.new_context(**args)
    try:
        date_requests(context, day)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username is not None:
            sign_in(page, portal, username)
        yield page
    finally:
        context.close()


def accessible(page: Page) -> None:
    """axe on the page (assert_accessible waits for its transitions to end)."""
    assert_accessible(page)


def date_requests(context: BrowserContext, day: date | None) -> None:
    """Every request of this browser names ``day`` as its day (None: no date, today)."""
    context.set_extra_http_headers({TODAY_HEADER: day.isoformat()} if day else {})


def fill_date(page: Page, label: str, day: date) -> None:
    """Type a date into Element Plus's date picker and close its panel."""
    box = page.get_by_label(label, exact=True)
    box.fill(day.isoformat())
    box.press("Enter")
    expect(box).to_have_value(day.isoformat())


def pick_county(page: Page, label: str, name: str) -> None:
    """Choose a county itself (not a township below it) in a region cascader that allows any
    level: type its name and take the suggestion that is the county alone."""
    box = field(page, label)
    box.click()
    box.fill(name)
    page.locator(".el-cascader__suggestion-item").filter(visible=True).get_by_text(
        name, exact=True
    ).first.click()


def fill_registration(
    page: Page, portal: str, *, received: date, petitioner: Person, title: str, content: str
) -> None:
    """The registration form of a letter about a county-level housing matter (category
    0101, region 金湖县 itself: routing's rule for 金湖县住建局)."""
    ref = reference(portal)
    page.get_by_role("radio", name="来信").check(force=True)
    fill_date(page, "收到日期", received)
    page.get_by_role("radio", name=CLAIM).check()
    pick(page, "问题分类", *category_path(ref, "0101"))
    pick_county(page, "问题发生地", COUNTY_NAME)
    field(page, "姓名").fill(petitioner.name)
    field(page, "证件号码").fill(petitioner.id_number)
    field(page, "联系电话").fill(petitioner.phone)
    field(page, "住址").fill(petitioner.address)
    field(page, "标题").fill(title)
    field(page, "主要内容").fill(content)


def days_pass(system: System, token: Token) -> str:
    """Time moves on to the real today: a letter registered without a date (so its event,
    and supervision's clock after it, are of today). Its id, once routing placed it."""
    body = {
        "channel": "letter",
        "kind": "claim",
        "category_code": "0101",
        "region_code": COUNTY,
        "receiving_org": "320831-XFJ",
        "received_on": city_today().isoformat(),
        "title": f"小区路灯不亮 {uuid.uuid4().hex[:6]}",
        "content": "小区路灯坏了一个月，请求维修。",
        "petitioner": {"name": "路人甲", "phone": "13900002222"},
    }
    intake = f"{system.url('intake')}/api/v1/petitions"
    made = httpx.post(
        intake, json=body, headers=token("registrar", "320831-XFJ", "registrar.county")
    )
    assert made.status_code == 201, made.text
    pid: str = made.json()["id"]
    office = token("petition_office", COUNTY, "petition-office.county")

    def placed() -> bool:
        got = httpx.get(f"{intake}/{pid}", headers=office)
        return got.status_code == 200 and got.json()["department"] is not None

    wait_for(f"routing to place {pid}", placed, timeout=60)
    return pid


def flow_day() -> date:
    return city_today() - timedelta(days=FLOW_DAYS_AGO)
