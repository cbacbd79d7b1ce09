"""The registrar's, the petition office's and the case owner's browser tests share these: a
petition registered through intake's staff API (as registrar.county would), read back, and
waited on while routing and supervision catch up; and the workbench's lists and dialogs as a
person uses them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.browser.pages import Person
from tests.support.processes import wait_for
from tests.support.system import System

Token = Callable[[str, str, str], dict[str, str]]
COUNTY_OFFICE = "320831-XFJ"  # 金湖县信访局: where registrar.county works
CITY_OFFICE = "320800-XFJ"


def ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, f"{response.status_code}: {response.text}"
    return response.json()


def register(
    system: System,
    token: Token,
    person: Person,
    *,
    category: str,
    region: str,
    title: str,
    kind: str = "claim",
    receiving_org: str = COUNTY_OFFICE,
    user: str = "registrar.county",
    accused_org: str | None = None,
) -> dict[str, Any]:
    """A letter registered at ``receiving_org`` today; intake's answer (id, tracking_code)."""
    body: dict[str, Any] = {
        "channel": "letter",
        "kind": kind,
        "category_code": category,
        "region_code": region,
        "receiving_org": receiving_org,
        "received_on": date.today().isoformat(),
        "title": title,
        "content": f"{title}。请有关部门尽快处理。",
        "petitioner": {
            "name": person.name,
            "id_type": "resident_id",
            "id_number": person.id_number,
            "phone": person.phone,
            "address": person.address,
        },
    }
    if accused_org is not None:
        body["accused_org"] = accused_org
    headers = token("registrar", receiving_org, user)
    got: dict[str, Any] = ok(
        httpx.post(f"{system.url('intake')}/api/v1/petitions", json=body, headers=headers)
    )
    return got


COUNTY_READER = ("petition_office", "320831", "petition-office.county")


def petition(
    system: System, token: Token, pid: str, reader: tuple[str, str, str] = COUNTY_READER
) -> dict[str, Any]:
    """The petition as ``reader`` (role, org, user: the county's petition office) reads it."""
    office = token(*reader)
    got: dict[str, Any] = ok(
        httpx.get(f"{system.url('intake')}/api/v1/petitions/{pid}", headers=office)
    )
    return got


def routing_case(system: System, token: Token, pid: str) -> dict[str, Any] | None:
    office = token("petition_office", "320831", "petition-office.county")
    r = httpx.get(f"{system.url('routing')}/api/v1/petitions/{pid}/routing", headers=office)
    if r.status_code == 404:
        return None
    got: dict[str, Any] = ok(r)
    return got


def wait_manual(system: System, token: Token, pid: str) -> dict[str, Any]:
    """Routing has found no rule for the petition: it waits for a person."""

    def manual() -> dict[str, Any] | None:
        case = routing_case(system, token, pid)
        return case if case and case["status"] == "manual" else None

    found: dict[str, Any] = wait_for("routing to give up on the petition", manual, timeout=20)
    return found


def wait_settled(system: System, token: Token, pid: str) -> dict[str, Any]:
    """Routing assigned the petition and set the department's default case owner (version 3
    or more), so nothing of routing's will change it under a person's hands."""

    def settled() -> dict[str, Any] | None:
        p = petition(system, token, pid)
        return p if p["department"] and p["version"] >= 3 else None

    found: dict[str, Any] = wait_for("routing to assign the petition", settled, timeout=20)
    return found


def row_of(page: Page, table_class: str, text: str) -> Locator:
    """The row of the table (its class) that shows ``text``."""
    return page.locator(f".{table_class} .el-table__body tr").filter(has_text=text)


def choose(page: Page, label: str, option: str) -> None:
    """Open the select labelled ``label`` and take ``option``."""
    page.get_by_role("combobox", name=label, exact=True).filter(visible=True).first.click()
    page.get_by_role("option", name=option, exact=True).filter(visible=True).first.click()


def fill_date(page: Page, label: str, day: date) -> None:
    """Type a date into Element Plus's date picker and close its panel."""
    box = page.get_by_label(label, exact=True)
    box.fill(day.isoformat())
    box.press("Enter")
    expect(box).to_have_value(day.isoformat())


def dialog(page: Page, title: str) -> Locator:
    return page.get_by_role("dialog", name=title)
