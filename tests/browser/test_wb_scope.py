"""Confidentiality and scope seen from the page (issue 16, item 9): nothing a role may not read
reaches its browser, checked on every JSON body the pages loaded and on a CSV export.

- a handler of another department (金湖县卫健委) gets nothing of a 住建局 petition: not from
  its queue, its home page, nor the petition's address opened directly;
- the accused unit of an accusation (银涂镇人民政府, 320831003-GOV: its handler and the
  township's petition office) never gets the accuser's name, ID number or phone, nor the
  content, nor even the accusation's id or tracking code, while an ordinary claim of the same
  township reaches them as it should;
- a county's leader (金湖县) gets no region or department outside the county on its home and
  lights pages: a petition of 清江浦区 (320812), overdue like one of the county's own, is on
  neither, and its address is refused;
- a CSV export holds exactly the rows its list showed.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.pages import Person, person
from tests.browser.staff import api_responses, sign_in, texts_in
from tests.browser.wb_flow import TODAY_HEADER, city_today
from tests.browser.wb_frame import Token, petition_url
from tests.support.processes import wait_for
from tests.support.system import System

pytestmark = pytest.mark.browser

COUNTY = "320831"  # 金湖县
TOWNSHIP_GOV = "320831003-GOV"  # 银涂镇人民政府: handler.township; accused below
VILLAGE = "320831003002"
OTHER = "320812"  # 清江浦区, another county of the city
NOT_FOUND = "没有找到这件信访件，或者您无权查看。"
QUEUE_TABS = ("新收", "办理中", "即将到期", "已超期", "被退回")


@dataclass(frozen=True)
class Made:
    id: str
    tracking_code: str
    title: str
    content: str
    petitioner: Person

    @property
    def secrets(self) -> list[str]:
        """What of it must not reach a browser that may not read it."""
        p = self.petitioner
        return [self.id, self.tracking_code, self.title, self.content, p.name, p.id_number, p.phone]


@dataclass(frozen=True)
class World:
    zjj: Made  # a county-level housing matter: 金湖县住建局's
    accusation: Made  # against 银涂镇人民政府, about a matter in one of its villages
    claim: Made  # an ordinary claim in the same village: the township government's
    late: Made  # the county's, received 40 days ago: overdue
    other: Made  # 清江浦区's, received 40 days ago: overdue


def _mark() -> str:
    return uuid.uuid4().hex[:6].upper()


def register(
    system: System,
    token: Token,
    n: int,
    *,
    region: str,
    category: str = "0101",
    kind: str = "claim",
    accused: str | None = None,
    office: str = "320831-XFJ",
    days_ago: int = 0,
) -> Made:
    """A letter registered at ``office`` (received and registered ``days_ago`` days ago: a
    dated request), with markers of its own in its title, content and petitioner."""
    mark = _mark()
    someone = person(900 + n, f"甄{mark}")
    title = f"标题{mark}"
    content = f"内容{mark}：请有关部门依法处理。"
    day = city_today() - timedelta(days=days_ago)
    body: dict[str, Any] = {
        "channel": "letter",
        "kind": kind,
        "category_code": category,
        "region_code": region,
        "receiving_org": office,
        "received_on": day.isoformat(),
        "title": title,
        "content": content,
        "petitioner": {
            "name": someone.name,
            "id_type": "resident_id",
            "id_number": someone.id_number,
            "phone": someone.phone,
            "address": someone.address,
        },
    }
    if accused:
        body["accused_org"] = accused
    headers = token("registrar", office, f"registrar.{office}")
    if days_ago:
        headers = {**headers, TODAY_HEADER: day.isoformat()}
    got = httpx.post(f"{system.url('intake')}/api/v1/petitions", json=body, headers=headers)
    assert got.status_code == 201, got.text
    made = got.json()
    return Made(made["id"], made["tracking_code"], title, content, someone)


def wait_placed(system: System, token: Token, made: Made) -> str:
    """The department routing (or nobody yet: the manual queue) gave it, once decided."""
    auditor = token("auditor", "320800", "u-auditor")
    url = f"{system.url('routing')}/api/v1/petitions/{made.id}/routing"

    def decided() -> str | None:
        got = httpx.get(url, headers=auditor)
        if got.status_code != 200:
            return None
        case: dict[str, Any] = got.json()
        if case["status"] not in ("assigned", "manual"):
            return None
        return str(case["department"] or "")  # "": the office places it by hand

    found: str = wait_for(f"routing to decide {made.id}", decided, timeout=60, every=0.5)
    return found


def wait_red(system: System, token: Token, *made: Made) -> None:
    """Each on supervision's red list (as the city's inspector reads it)."""
    inspector = token("inspector", "320800", "u-inspector")
    url = f"{system.url('supervision')}/api/v1/red-list"

    def red() -> bool:
        got = httpx.get(url, headers=inspector)
        ids = {i["petition_id"] for i in got.json()["items"]} if got.status_code == 200 else set()
        return all(m.id in ids for m in made)

    wait_for("the overdue petitions on the red list", red, timeout=60, every=0.5)


@pytest.fixture(scope="module")
def world(system: System, token: Token) -> World:
    late = register(system, token, 4, region=COUNTY, days_ago=40)
    other = register(system, token, 5, region=OTHER, office=f"{OTHER}-XFJ", days_ago=40)
    # The dated ones are placed (their assignments dated 40 days ago too) before today's
    # letters are registered: supervision's clock follows the latest petition event in a
    # dated run, so it ends at today and the dated ones are red. Registered all at once, a
    # slow routing could place a dated one last and leave the clock 40 days back.
    for m in (late, other):
        wait_placed(system, token, m)
    bribery: dict[str, Any] = {"kind": "accusation", "category": "1103", "accused": TOWNSHIP_GOV}
    made = World(
        zjj=register(system, token, 1, region=COUNTY),
        accusation=register(system, token, 2, region=VILLAGE, **bribery),
        claim=register(system, token, 3, region=VILLAGE),
        late=late,
        other=other,
    )
    assert wait_placed(system, token, made.zjj) == "320831-ZJJ"
    assert wait_placed(system, token, made.claim) == TOWNSHIP_GOV
    assert wait_placed(system, token, made.accusation) != TOWNSHIP_GOV
    wait_red(system, token, made.late, made.other)
    return made


@pytest.fixture
def seen(page: Page) -> Iterator[list[tuple[str, Any]]]:
    """Every JSON body the page loads during the test."""
    with api_responses(page) as bodies:
        yield bodies


def loaded(bodies: list[tuple[str, Any]]) -> str:
    """What the pages loaded, but the public reference data (every region and department of
    the city, for the pickers) and a refusal's echo of the address asked for (``instance``)."""
    kept = [
        (u, {k: v for k, v in b.items() if k != "instance"} if isinstance(b, dict) else b)
        for u, b in bodies
        if "/public/reference" not in u
    ]
    return texts_in(kept)


def none_of(made: Made, text: str) -> None:
    leaked = [s for s in made.secrets if s in text]
    assert not leaked, f"reached the browser: {leaked}"


def refused(page: Page, portal: str, made: Made) -> None:
    """The petition's address, opened directly: intake refuses it, the page says so."""
    read = f"/api/intake/v1/petitions/{made.id}"
    with page.expect_response(lambda r: read in r.url) as got:
        page.goto(petition_url(portal, made.id))
    assert got.value.status in (403, 404), got.value.status
    expect(page.get_by_text(NOT_FOUND)).to_be_visible()


def home(page: Page, portal: str) -> None:
    page.goto(f"{portal}/workbench")
    expect(page.get_by_role("heading", name="今日工作")).to_be_visible()
    expect(page.get_by_test_id("light-counts")).to_be_visible()


def every_queue_tab(page: Page, portal: str, department: str) -> None:
    page.goto(f"{portal}/workbench/queue")
    expect(page.get_by_role("heading", name="办理队列", level=1)).to_be_visible()
    for tab in QUEUE_TABS:
        with page.expect_response(lambda r: f"/api/routing/v1/queues/{department}" in r.url) as q:
            page.get_by_role("tab", name=tab).click()
        assert q.value.status == 200


def column(table: Locator, n: int) -> list[str]:
    """The texts of a table's ``n``-th column (from 1), one per row shown."""
    return [t.strip() for t in table.locator(f"tbody tr td:nth-child({n})").all_inner_texts()]


def exported(page: Page, button: Locator) -> list[list[str]]:
    """The rows of the CSV the button downloads (its header first)."""
    with page.expect_download() as download:
        button.click()
    path = download.value.path()
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_another_departments_handler_gets_nothing_of_the_petition(
    page: Page, portal: str, world: World, seen: list[tuple[str, Any]]
) -> None:
    sign_in(page, portal, "handler.county-health")
    every_queue_tab(page, portal, "320831-WJW")
    home(page, portal)
    refused(page, portal, world.zjj)
    assert [u for u, _ in seen if "/queues/320831-WJW" in u], "the queue loaded nothing"
    none_of(world.zjj, loaded(seen))


def test_the_accused_unit_never_gets_the_accusation(
    page: Page, portal: str, world: World, seen: list[tuple[str, Any]]
) -> None:
    sign_in(page, portal, "handler.township")
    every_queue_tab(page, portal, TOWNSHIP_GOV)
    page.get_by_role("tab", name="新收").click()
    table = page.get_by_test_id("queue-table")
    expect(table.locator("tr", has_text=world.claim.tracking_code)).to_be_visible()
    # The queue's export: the rows the list showed, the accusation in none.
    rows = exported(page, page.get_by_role("button", name="导出 CSV"))
    assert rows[0][0] == "查询码", rows[0]
    assert sorted(r[0] for r in rows[1:]) == sorted(column(table, 2))
    assert world.claim.tracking_code in {r[0] for r in rows[1:]}
    none_of(world.accusation, "\n".join(",".join(r) for r in rows))
    home(page, portal)
    refused(page, portal, world.accusation)
    page.goto(petition_url(portal, world.claim.id))  # its own petition opens
    expect(page.get_by_role("heading", name=world.claim.title, level=1)).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, portal, "petition-office.township")
    home(page, portal)
    for path, heading in (
        ("office/routing", "待人工分派的信访"),
        ("office/returned", "退回件"),
        ("office/supervision", "督查督办"),
        ("office/lights", "红黄绿灯"),
    ):
        page.goto(f"{portal}/workbench/{path}")
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    refused(page, portal, world.accusation)

    text = loaded(seen)
    assert world.claim.tracking_code in text, "the township's own claim never loaded"
    none_of(world.accusation, text)


def test_the_accused_units_auditor_gets_neither_the_accuser_nor_the_content(
    page: Page, portal: str, world: World, seen: list[tuple[str, Any]]
) -> None:
    """An auditor reads every petition's steps, the accused unit's too (who did what when),
    but never what the accusation says nor who made it."""
    sign_in(page, portal, "auditor.township")
    home(page, portal)
    page.goto(f"{portal}/workbench/audit/petition?id={world.accusation.id}")
    expect(page.get_by_role("cell", name="登记", exact=True)).to_be_visible()
    page.goto(f"{portal}/workbench/petitions/{world.accusation.id}")
    expect(page.get_by_test_id("status").or_(page.get_by_text(NOT_FOUND))).to_be_visible()
    page.goto(f"{portal}/workbench/audit/actions")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_text(re.compile(r"已显示 [1-9]\d* 条"))).to_be_visible()

    text = loaded(seen)
    assert world.accusation.id in text, "the accusation's steps never loaded"
    p = world.accusation.petitioner
    for secret in (world.accusation.title, world.accusation.content, p.name, p.id_number, p.phone):
        assert secret not in text, f"reached the accused unit's auditor: {secret}"


def regions_in(bodies: list[tuple[str, Any]]) -> set[str]:
    """Every region the JSON names: each item's ``region_code`` and the groups of the light
    counts by region."""
    found = set(re.findall(r'"region_code": "(\d+)"', loaded(bodies)))
    for url, body in bodies:
        if "/v1/lights" in url and "by=region" in url and isinstance(body, dict):
            found |= set(body.get("groups", body))
    return found


def test_a_county_leader_gets_nothing_outside_its_county(
    page: Page, portal: str, world: World, seen: list[tuple[str, Any]]
) -> None:
    sign_in(page, portal, "leader.county")
    home(page, portal)
    page.goto(f"{portal}/workbench/office/lights")
    expect(page.get_by_role("heading", name="红黄绿灯", exact=True)).to_be_visible()
    expect(page.locator(".red-list tr", has_text=world.late.tracking_code)).to_be_visible()
    for by in ("单位", "问题分类", "地区"):  # the counts by each grouping
        with page.expect_response(lambda r: "/v1/lights" in r.url):
            page.get_by_role("radiogroup", name="按").get_by_text(by, exact=True).click()
    # The red list's export: what the list showed, and only the county's.
    red_list = page.locator(".red-list")
    rows = exported(page, page.get_by_role("button", name="导出 CSV").last)
    codes = [r[0] for r in rows[1:]]
    assert sorted(codes) == sorted(column(red_list, 1))
    assert world.late.tracking_code in codes and world.other.tracking_code not in codes
    refused(page, portal, world.other)

    text = loaded(seen)
    assert world.late.id in text, "the county's own overdue petition never loaded"
    none_of(world.other, text)
    # Regions of the county only. (A department of the city may show, as the one handling a
    # matter of the county, e.g. 市纪委监委 an accusation; but nothing of another county.)
    assert [u for u, _ in seen if "by=region" in u], "the lights by region never loaded"
    outside = {r for r in regions_in(seen) if not r.startswith(COUNTY)}
    assert not outside, f"regions outside {COUNTY} reached the leader's browser: {outside}"
    assert f'"{OTHER}' not in text, f"something of {OTHER} reached the leader's browser"
