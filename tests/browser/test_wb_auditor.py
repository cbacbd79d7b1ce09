"""The auditor in Chromium: a petition's timeline from the event log (who did what and when,
a deadline met and one missed) with supervision's own acts on it (督办, a leader's
instruction), and one org's and one person's actions; an inspector reads the same pages.

Both pages read supervision's audit log (GET /v1/audit/petitions/{id} and
/v1/audit/actions), the rows of ``sunshine replay``; the timeline adds supervision's records,
urgings, instructions and the pauses of the petition's clock, each at the time of day it
happened. (Accountability records and their sanctions in the timeline: test_wb_flow.py, whose
run misses a deadline on a fake clock.)"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_accessible
from tests.browser.staff import api_responses, sign_in, texts_in
from tests.browser.wb_audit import (
    COUNTY,
    TOWNSHIP_GOV,
    Bearer,
    Registered,
    city_today,
    register,
    supervise,
    wait_assigned,
)
from tests.support.processes import wait_for
from tests.support.system import System

TOWNSHIP_GOV_NAME = "银涂镇人民政府"  # TOWNSHIP_GOV in the reference data
# The township's registrar of the development directory (shared/refdata/files/users.json).
TOWNSHIP_REGISTRAR = "registrar.township"
TOWNSHIP_REGISTRAR_NAMED = f"张敏（{TOWNSHIP_GOV_NAME}）"

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
    # A tracking code typed as a person reads it off the receipt (lower case, blanks for
    # dashes) opens the petition's timeline: intake's search turns it into the petition id.
    show_timeline(page, on_time.tracking_code.lower().replace("-", " "))
    expect(page).to_have_url(re.compile(rf"id={on_time.id}"))
    timeline = page.get_by_test_id("wb-audit-timeline")
    registered = timeline.get_by_role("row").filter(has_text="登记").first
    expect(registered).to_contain_text(on_time.registrar)
    expect(registered).to_contain_text("登记员")
    expect(registered).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"))
    assigned = timeline.get_by_role("row").filter(
        has=page.get_by_role("cell", name="交办", exact=True)
    )
    expect(assigned).to_contain_text("按期")
    assert_accessible(page)

    show_timeline(page, late.id)
    expect(page).to_have_url(re.compile(rf"id={late.id}"))
    expect(
        page.get_by_test_id("wb-audit-timeline").get_by_role("row").filter(has_text="超期").first
    ).to_contain_text("转送交办")
    expect(page.get_by_text(re.compile(r"\d+ 个期限按期，[1-9]\d* 个超期"))).to_be_visible()


def test_a_tracking_code_no_petition_has_is_said_plainly(
    page: Page, portal: str, petitions: tuple[Registered, Registered]
) -> None:
    on_time, _ = petitions
    sign_in(page, portal, "auditor.county")
    page.goto(f"{portal}/workbench/audit/petition?id={on_time.id}")
    expect(page.get_by_test_id("wb-audit-timeline")).to_be_visible()
    # A well-formed code (its check character fits) that no petition has.
    # The search's own answer, awaited (a body collected by a response listener can be lost
    # on a loaded machine, as it once was in CI).
    with page.expect_response(lambda r: "tracking_code=" in r.url) as answer:
        show_timeline(page, "0000-0000-0000-0011")
    expect(page.get_by_role("alert")).to_contain_text(
        "没有找到查询码为“0000-0000-0000-0011”的信访件"
    )
    assert answer.value.json() == {"items": [], "next_cursor": None}
    expect(page).to_have_url(re.compile(rf"id={on_time.id}"))  # the timeline shown stays
    # The message is not taken away by the page's own refreshes (every 3 s): two of them,
    # so the first has surely been drawn.
    for _ in range(2):
        with page.expect_response(lambda r: "/audit/petitions/" in r.url, timeout=10_000):
            pass
    expect(page.get_by_role("alert")).to_contain_text("没有找到查询码")


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
    with page.expect_response(lambda r: "/audit/actions" in r.url) as answer:
        page.get_by_role("button", name="查询").click()
    # The org by its name, its code kept in the cell's title (and in what the page loaded).
    assert TOWNSHIP_GOV in answer.value.text()
    expect(table.get_by_role("row").filter(has_text=late.id[:8]).first).to_contain_text(
        TOWNSHIP_GOV_NAME
    )
    # The rows of one org only.
    for row in table.locator("tbody tr").all():
        expect(row).to_contain_text(TOWNSHIP_GOV_NAME)
        expect(row.get_by_title(TOWNSHIP_GOV, exact=True)).to_have_count(1)


def test_the_auditor_reads_who_acted_by_name_and_unit(
    page: Page, portal: str, system: System, token: Bearer
) -> None:
    """A person of the directory as 姓名（单位） (the user id in the cell's title), routing as
    系统; the names come from the gateway's list of the auditor's own subtree only."""
    letter = register(system, token, days_ago=0, registrar=TOWNSHIP_REGISTRAR)
    wait_assigned(system, token, letter.id)

    sign_in(page, portal, "auditor.county")
    with page.expect_response(lambda r: "/auth/users" in r.url) as listed:
        page.goto(f"{portal}/workbench/audit/petition?id={letter.id}")
    people = listed.value.json()["items"]
    assert people and all(p["org"].startswith(COUNTY) for p in people), people
    assert any(p["username"] == TOWNSHIP_REGISTRAR for p in people)
    rows = page.get_by_test_id("wb-audit-timeline").get_by_role("row")
    registered = rows.filter(has=page.get_by_role("cell", name="登记", exact=True))
    expect(registered).to_contain_text(TOWNSHIP_REGISTRAR_NAMED)
    expect(registered.get_by_title(f"{TOWNSHIP_REGISTRAR}（登记员）")).to_have_count(1)
    assigned = rows.filter(has=page.get_by_role("cell", name="交办", exact=True))
    expect(assigned.get_by_role("cell", name="系统", exact=True)).to_have_count(1)
    # Its unit is the service that acted, in words, the code kept in the cell's title.
    expect(assigned.get_by_role("cell", name="分流交办系统", exact=True)).to_have_count(1)
    expect(assigned.get_by_title("routing", exact=True)).to_have_count(1)
    expect(registered).not_to_contain_text(f"{TOWNSHIP_GOV}")  # the unit by name, not by code
    assert_accessible(page)

    page.goto(f"{portal}/workbench/audit/actions")
    page.get_by_label("用户名").fill(TOWNSHIP_REGISTRAR)
    page.get_by_role("button", name="查询").click()
    table = page.get_by_test_id("wb-audit-actions")
    mine = table.get_by_role("row").filter(has_text=letter.id[:8])
    expect(mine).to_contain_text("登记")
    expect(mine).to_contain_text(TOWNSHIP_REGISTRAR_NAMED)
    for row in table.locator("tbody tr").all():
        expect(row).to_contain_text(TOWNSHIP_REGISTRAR_NAMED)


def test_the_timeline_shows_supervisions_urgings_and_instructions_as_its_acts(
    page: Page, portal: str, system: System, token: Bearer
) -> None:
    letter = register(system, token, days_ago=0)
    wait_assigned(system, token, letter.id)
    supervise(system, token, letter.id, "urgings", {"kind": "supervise", "note": "请本周内答复"})
    due = (city_today() + timedelta(days=10)).isoformat()
    order = {"leader": "王副县长", "instruction": "请住建部门牵头尽快解决", "due_on": due}
    supervise(system, token, letter.id, "instructions", order)

    sign_in(page, portal, "auditor.county")
    page.goto(f"{portal}/workbench/audit/petition?id={letter.id}")
    rows = page.get_by_test_id("wb-audit-timeline").get_by_role("row")
    supervised = rows.filter(has_text="请本周内答复")
    expect(supervised).to_contain_text("督办")
    expect(supervised).to_contain_text("监督")  # marked as supervision's act
    expect(supervised).to_contain_text("u-office-county（信访机构）")
    expect(supervised).to_contain_text(city_today().isoformat())
    instructed = rows.filter(has_text="王副县长批示：请住建部门牵头尽快解决")
    expect(instructed).to_contain_text("领导批示件")
    expect(instructed).to_contain_text(due)
    # In time order: never before the registration the acts follow.
    texts = [t for t in rows.all_inner_texts() if t.strip()]
    first = next(i for i, t in enumerate(texts) if "登记员" in t)
    acts = [i for i, t in enumerate(texts) if "监督" in t]
    assert len(acts) == 2 and min(acts) > first, texts
    # The summary counts the petition's own deadlines only.
    expect(page.get_by_text(re.compile(r"· \d+ 个期限按期，0 个超期$"))).to_be_visible()
    assert_accessible(page)


def test_an_inspector_has_the_audit_pages_and_an_admin_not(
    page: Page, portal: str, petitions: tuple[Registered, Registered]
) -> None:
    """Supervision's audit log answers auditors and inspectors (not admins): the menu and
    the pages follow it, so no role gets a page whose API refuses it."""
    on_time, _ = petitions
    sign_in(page, portal, "inspector.county")
    page.get_by_role("menuitem", name="信访件全过程").click()
    show_timeline(page, on_time.id)
    timeline = page.get_by_test_id("wb-audit-timeline")
    expect(timeline.get_by_role("row").filter(has_text="登记员").first).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, portal, "admin.county")
    expect(page.get_by_role("menuitem", name="首页")).to_be_visible()
    expect(page.get_by_role("menuitem", name="信访件全过程")).to_have_count(0)
    expect(page.get_by_role("menuitem", name="单位和人员操作记录")).to_have_count(0)


def city_time(instant: str) -> str:
    """An instant as the page shows it: the city's time of day, to the second."""
    local = datetime.fromisoformat(instant).astimezone(ZoneInfo("Asia/Shanghai"))
    return local.strftime("%Y-%m-%d %H:%M:%S")


def resume(system: System, token: Bearer, petition_id: str) -> None:
    """The office restarts the petition's clock, once supervision has read the pause back
    (until then it answers that the clock is not paused)."""
    who = token("petition_office", COUNTY, "u-office-county")
    url = f"{system.url('supervision')}/api/v1/petitions/{petition_id}/resume"

    def sent() -> bool:
        got = httpx.post(url, headers=who, timeout=10)
        assert got.status_code in (202, 409), got.text
        return got.status_code == 202

    wait_for(f"the clock of {petition_id} resumed", sent, timeout=30, every=0.5)


def test_supervisions_acts_stand_at_their_time_of_day(
    page: Page, portal: str, system: System, token: Bearer
) -> None:
    letter = register(system, token, days_ago=0)
    other = register(system, token, days_ago=0)
    for p in (letter, other):
        wait_assigned(system, token, p.id)
    due = (city_today() + timedelta(days=10)).isoformat()
    supervise(system, token, letter.id, "urgings", {"kind": "urge", "note": "请今天内联系信访人"})
    order = {"leader": "李副县长", "instruction": "请当面答复信访人", "due_on": due}
    supervise(system, token, other.id, "instructions", {**order, "instruction": "另一件的批示"})
    supervise(system, token, letter.id, "instructions", order)
    supervise(system, token, letter.id, "pause", {"reason": "等待现场勘验结论"})
    resume(system, token, letter.id)

    sign_in(page, portal, "auditor.county")
    with api_responses(page) as seen:
        page.goto(f"{portal}/workbench/audit/petition?id={letter.id}")
        timeline = page.get_by_test_id("wb-audit-timeline")
        resumed = timeline.get_by_role("row").filter(has_text="办理期限恢复计时")
        expect(resumed).to_contain_text("恢复计时")
        expect(resumed).to_contain_text("u-office-county（信访机构）")
    rows = timeline.get_by_role("row")
    urged = rows.filter(has_text="请今天内联系信访人")
    instructed = rows.filter(has_text="李副县长批示：请当面答复信访人")
    paused = rows.filter(has_text="等待现场勘验结论")
    expect(paused).to_contain_text("暂停计时")

    # Each act at the instant supervision keeps for it, in the city's time to the second.
    def body(part: str) -> Any:
        return next(b for u, b in reversed(seen) if part in u)

    view = body(f"/departments/{TOWNSHIP_GOV}/view")
    (urging,) = [a for a in view["actions"] if (a["petition_id"], a["kind"]) == (letter.id, "urge")]
    (instruction,) = body("/v1/instructions")["items"]
    pause, restart = body(f"/petitions/{letter.id}/pauses")["items"]
    for row, instant in (
        (urged, urging["issued_at"]),
        (instructed, instruction["issued_at"]),
        (paused, pause["at"]),
        (resumed, restart["at"]),
    ):
        assert instant, "an act without its instant"
        expect(row).to_contain_text(city_time(instant))
    # In the order they happened, after the petition's own registration and assignment.
    texts = [t for t in rows.all_inner_texts() if t.strip()]

    def at(marker: str) -> int:
        return next(i for i, t in enumerate(texts) if marker in t)

    order_seen = [
        at(m) for m in ("登记员", "交办", "请今天内联系", "李副县长批示", "勘验", "恢复计时")
    ]
    assert order_seen == sorted(order_seen), texts
    # The instruction cases were asked for this petition only: another's never arrived.
    asked = [(u, b) for u, b in seen if "/v1/instructions" in u]
    assert asked and all(f"petition_id={letter.id}" in u for u, _ in asked), asked
    assert other.id not in texts_in(asked) and "另一件的批示" not in texts_in(asked)
    # So were the urgings: the department's view of this petition, not the page's filter.
    views = [(u, b) for u, b in seen if "/view" in u]
    assert views and all(f"petition_id={letter.id}" in u for u, _ in views), views
    assert all(a["petition_id"] == letter.id for _, b in views for a in b["actions"]), views
    assert_accessible(page)
