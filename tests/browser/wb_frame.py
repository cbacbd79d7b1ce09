"""Helpers of the workbench's frame and handler tests: a petition registered for 金湖县住建局
(320831-ZJJ, handler.county's department) through intake's API, waited for until routing put
it there; and the page's parts found as a person finds them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
from playwright.sync_api import Locator, Page

from tests.support.processes import wait_for
from tests.support.system import System

Token = Callable[[str, str, str], dict[str, str]]

ZJJ = "320831-ZJJ"  # 金湖县住房和城乡建设局: handler.county
WJW = "320831-WJW"  # 金湖县卫生健康委员会: handler.county-health
COUNTY = "320831"
# A county-level matter (region: the county itself) of category 0101 (房屋征收拆迁, under 01
# 城乡建设) is the county's housing bureau's: routing's generated rule dept.320831-ZJJ.
CATEGORY = "0101"
PETITIONER = {
    "name": "钱多多",
    "id_number": "320802198001011236",
    "phone": "13900001111",
    "address": "金湖县黎城镇健康路 8 号",
}


def ok(resp: httpx.Response, status: int = 200) -> Any:
    assert resp.status_code == status, f"{resp.request.method} {resp.request.url}: {resp.text}"
    return resp.json()


def register_letter(system: System, token: Token, title: str | None = None) -> dict[str, Any]:
    """A letter registered at the county's petition bureau; its id, tracking code, title."""
    title = title or f"小区拆迁补偿未到位 {uuid.uuid4().hex[:6]}"
    body = {
        "channel": "letter",
        "kind": "claim",
        "category_code": CATEGORY,
        "region_code": COUNTY,
        "receiving_org": "320831-XFJ",
        "received_on": date.today().isoformat(),
        "title": title,
        "content": "我家房屋去年被征收，补偿款至今没有发放到位，请求尽快解决。",
        "petitioner": PETITIONER,
    }
    headers = token("registrar", "320831-XFJ", "registrar.county")
    url = f"{system.url('intake')}/api/v1/petitions"
    made = ok(httpx.post(url, json=body, headers=headers), 201)
    return {"id": made["id"], "tracking_code": made["tracking_code"], "title": title}


def wait_assigned(system: System, token: Token, pid: str, department: str = ZJJ) -> dict[str, Any]:
    """The petition once intake records it assigned to ``department`` (routing's work)."""
    office = token("petition_office", COUNTY, "petition-office.county")
    url = f"{system.url('intake')}/api/v1/petitions/{pid}"

    def assigned() -> dict[str, Any] | None:
        p: dict[str, Any] = ok(httpx.get(url, headers=office))
        return p if p["department"] == department and p["status"] == "assigned" else None

    return wait_for(f"routing to assign {pid} to {department}", assigned, timeout=30)


def menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name="工作台菜单")


def petition_url(portal: str, pid: str) -> str:
    return f"{portal}/workbench/petitions/{pid}"


def action(page: Page, name: str) -> Locator:
    """A button of the petition page's 可以办理的事项."""
    section = page.locator("section", has=page.get_by_role("heading", name="可以办理的事项"))
    return section.get_by_role("button", name=name, exact=True)


def dialog(page: Page, title: str) -> Locator:
    return page.get_by_role("dialog", name=title)


def status(page: Page) -> Locator:
    return page.get_by_test_id("status")


def history(page: Page) -> Locator:
    return page.get_by_test_id("history")
