"""Helpers of the inspector's, auditor's and admin's browser tests: petitions registered
through intake's API with a received date in the past (their deadlines have passed), and
the supervision reads that say when the system has caught up with them."""

from __future__ import annotations

import csv
import io
import random
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import Locator, Page, Response, expect

from tests.support.processes import wait_for
from tests.support.system import System

Bearer = Callable[[str, str, str], dict[str, str]]

# 金湖县 (the inspector.county's region) and another county, 盱眙县.
COUNTY = "320831"
VILLAGE = "320831003002"
TOWNSHIP_GOV = "320831003-GOV"
OTHER_COUNTY = "320830"
OTHER_VILLAGE = "320830002001"
OTHER_OFFICE = "320830-XFJ"


@dataclass(frozen=True)
class Registered:
    id: str
    tracking_code: str
    registrar: str  # the registrar's user id, unique to the test run
    receiving_org: str


def city_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def id_number() -> str:
    """A valid resident ID number, new each time: petitions of one test are not one
    person's repeat petitions (which supervision would turn into more records)."""
    body = f"320831{random.randint(1960, 1999)}0101{random.randint(100, 999)}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def register(
    system: System,
    token: Bearer,
    *,
    days_ago: int,
    village: str = VILLAGE,
    receiving_org: str = TOWNSHIP_GOV,
    registrar: str | None = None,
    registered_late: bool = False,
    kind: str = "claim",
) -> Registered:
    """A letter (申诉求决类 unless ``kind`` says otherwise) that arrived ``days_ago`` days ago
    and was registered that day; with 0 it is on time everywhere. With ``registered_late`` it
    is registered (and so forwarded) today: its forwarding deadline, counted from the day it
    arrived, is missed."""
    user = registrar or f"u-reg-{uuid.uuid4().hex[:8]}"
    received = (city_today() - timedelta(days=days_ago)).isoformat()
    body = {
        "channel": "letter",
        "kind": kind,
        "category_code": "0101",
        "region_code": village,
        "receiving_org": receiving_org,
        "received_on": received,
        "title": "房屋漏水多次反映未解决",
        "content": "楼顶漏水，多次反映至今没有维修。",
        "petitioner": {
            "name": "测试人",
            "id_number": id_number(),
            "phone": "13800000001",
            "address": "金湖县",
        },
    }
    # The letter is registered on the day it arrived (a dated request: intake in `sunshine
    # run` takes X-Sunshine-Today), so routing's assignment follows on that day and the
    # acceptance notice's 15 days ran out long ago: the case is red now. Registered late,
    # it is an undated request: intake's today, and routing assigns it today.
    headers = token("registrar", receiving_org, user)
    if not registered_late:
        headers = {**headers, "X-Sunshine-Today": received}
    got = httpx.post(
        f"{system.url('intake')}/api/v1/petitions", json=body, headers=headers, timeout=10
    )
    assert got.status_code == 201, got.text
    created = got.json()
    return Registered(created["id"], created["tracking_code"], user, receiving_org)


def wait_assigned(system: System, token: Bearer, petition_id: str) -> dict[str, Any]:
    """The petition as intake has it once routing assigned it (and set its case owner)."""
    who = token("petition_office", "320800", "u-office")

    def assigned() -> dict[str, Any] | None:
        p: dict[str, Any] = _get(system, "intake", f"/api/v1/petitions/{petition_id}", who)
        types = {h["type"] for h in p["history"]}
        return p if {"petition.assigned", "petition.case_owner_set"} <= types else None

    # Routing's first assignment of a session waits for its consumer group to form.
    found: dict[str, Any] = wait_for(f"{petition_id} assigned", assigned, timeout=60, every=0.5)
    return found


def overdue_now(system: System, token: Bearer, *petitions: Registered) -> None:
    """Wait until supervision shows these dated petitions red.

    In ``sunshine run`` (a dated development run) supervision's clock keeps the offset of the
    newest event it read: after the dated petitions, its "today" is their day. A petition
    registered today, once assigned, brings it back to today."""
    for p in petitions:
        wait_assigned(system, token, p.id)
    wait_assigned(system, token, register(system, token, days_ago=0).id)
    for p in petitions:
        wait_red(system, token, p.id)


def _get(system: System, service: str, path: str, headers: dict[str, str]) -> Any:
    got = httpx.get(f"{system.url(service)}{path}", headers=headers, timeout=10)
    assert got.status_code == 200, f"{path}: {got.status_code} {got.text}"
    return got.json()


def wait_red(
    system: System, token: Bearer, petition_id: str, org: str = "320800"
) -> dict[str, Any]:
    """The petition on supervision's red list (as an inspector of ``org`` reads it)."""
    who = token("inspector", org, "u-inspector")

    def red() -> dict[str, Any] | None:
        items = _get(system, "supervision", "/api/v1/red-list", who)["items"]
        return next((i for i in items if i["petition_id"] == petition_id), None)

    found: dict[str, Any] = wait_for(f"{petition_id} on the red list", red, timeout=30, every=0.5)
    return found


def wait_record(
    system: System, token: Bearer, petition_id: str, timeout: float = 100
) -> dict[str, Any]:
    """An accountability record of the petition: written when supervision's sweep (every
    60 s in the browser session's run) finds the missed deadline."""
    who = token("inspector", "320800", "u-inspector")

    def record() -> dict[str, Any] | None:
        path = f"/api/v1/records?petition_id={petition_id}"
        items = _get(system, "supervision", path, who)["items"]
        return items[0] if items else None

    found: dict[str, Any] = wait_for(
        f"an accountability record of {petition_id}", record, timeout=timeout, every=1
    )
    return found


def records_of(system: System, token: Bearer, **query: str) -> list[dict[str, Any]]:
    """Every accountability record the query selects, as the city's inspector reads them."""
    who = token("inspector", "320800", "u-inspector")
    out: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params = {**query, "limit": "1000", **({"cursor": cursor} if cursor else {})}
        body = _get(system, "supervision", f"/api/v1/records?{urlencode(params)}", who)
        out += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return out


def supervise(
    system: System, token: Bearer, petition_id: str, path: str, body: dict[str, Any]
) -> dict[str, Any]:
    """The county's petition office acts on the petition in supervision (``urgings``: 催办
    or 督办, ``instructions``: a leader's instruction case), once supervision knows the
    petition (it answers 404 until its projection has read the registration)."""
    who = token("petition_office", COUNTY, "u-office-county")
    url = f"{system.url('supervision')}/api/v1/petitions/{petition_id}/{path}"

    def sent() -> dict[str, Any] | None:
        got = httpx.post(url, json=body, headers=who, timeout=10)
        if got.status_code == 404:
            return None
        assert got.status_code == 202, got.text
        answer: dict[str, Any] = got.json()
        return answer

    found: dict[str, Any] = wait_for(f"{path} on {petition_id}", sent, timeout=30, every=0.5)
    return found


@contextmanager
def auth_responses(page: Page) -> Iterator[list[tuple[str, Any]]]:
    """The JSON bodies of ``/auth/…`` the page receives (staff.api_responses keeps /api/)."""
    seen: list[tuple[str, Any]] = []

    def keep(response: Response) -> None:
        if "/auth/" not in response.url or "json" not in (
            response.headers.get("content-type") or ""
        ):
            return
        try:
            seen.append((response.url, response.json()))
        except Exception:  # not JSON after all, or the page navigated away
            return

    page.on("response", keep)
    try:
        yield seen
    finally:
        page.remove_listener("response", keep)


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the Element Plus select labelled ``label`` (its input lies under
    the select's box, which takes the click), in a form item or in the workbench's filter row
    (kit/FilterRow.vue: each field in a ``label.filter``)."""
    item = page.locator(".el-form-item, label.filter").filter(
        has=page.get_by_label(label, exact=True)
    )
    item.locator(".el-select__wrapper").click()
    page.get_by_role("option", name=option, exact=True).filter(visible=True).first.click()


def fill_day(page: Page, label: str, day: date) -> None:
    """Type a day into the Element Plus date picker labelled ``label`` and close its panel."""
    box = page.get_by_label(label, exact=True)
    box.fill(day.isoformat())
    box.press("Enter")
    expect(box).to_have_value(day.isoformat())


def pick_region(page: Page, label: str, name: str) -> None:
    """Choose the region ``name`` itself (not one below it) in the region cascader labelled
    ``label``: type its name and take the suggestion whose path ends with it. The box is
    found by its role: the open menu carries the same label."""
    box = page.get_by_role("textbox", name=label, exact=True)
    box.click()
    box.fill(name)
    suggestions = page.locator(".el-cascader__suggestion-item").filter(visible=True)
    suggestions.filter(has_text=re.compile(rf"(^|/ ){re.escape(name)}$")).first.click()


def downloaded_csv(page: Page, button: Locator) -> list[list[str]]:
    """The rows of the CSV the button downloads (its header first)."""
    with page.expect_download() as download:
        button.click()
    text = download.value.path().read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))
