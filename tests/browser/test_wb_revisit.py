"""The handler's revisit (回访) after a 不满意 rating, on the petition page in Chromium.

A letter of 金湖县住建局 (handler.county) is accepted and replied to and its petitioner rates
it 不满意 through intake's APIs, so feedback opens the revisit task. The handler records what
the revisit found: the page says the outcome was sent and awaits the petition system's
confirmation, then shows it recorded (intake's 回访结果 in the history, the notice and the
action gone). When the petition changed while the handler was writing (the petition office
recorded a request for review, 复查), intake refuses the outcome: once the petition allows a
revisit outcome again the page says why in Chinese (feedback's refused_reason_zh) and offers
the action again, and the second attempt is recorded.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_accessible
from tests.browser.staff import sign_in
from tests.browser.wb_frame import (
    COUNTY,
    ZJJ,
    Token,
    action,
    dialog,
    history,
    ok,
    petition_url,
    register_letter,
    status,
    wait_assigned,
)
from tests.support.processes import wait_for
from tests.support.system import System

pytestmark = pytest.mark.browser

HANDLER = "handler.county"  # 陈静 of 金湖县住建局 (ZJJ)
OFFICE = "petition-office.county"
SENT = "回访结果已提交，正在等待信访系统确认"
# Intake refuses the outcome of a petition under review; feedback says so in Chinese.
REFUSED_ZH = "信访事项的状态已经变化（现为“复查中”），现在不能记录回访结果"


def command(
    system: System, who: dict[str, str], pid: str, name: str, body: dict[str, Any]
) -> dict[str, Any]:
    """``name`` on the petition's version as intake now has it; again on a newer one when
    another writer (feedback's acceptance notice) came first."""
    url = f"{system.url('intake')}/api/v1/petitions/{pid}"

    def sent() -> dict[str, Any] | None:
        etag = httpx.get(url, headers=who, timeout=10).headers["ETag"]
        got = httpx.post(f"{url}/{name}", json=body, headers={**who, "If-Match": etag}, timeout=10)
        if got.status_code == 409:
            return None
        answer: dict[str, Any] = ok(got)
        return answer

    found: dict[str, Any] = wait_for(f"{name} on {pid}", sent, timeout=30, every=0.5)
    return found


def revisit_task(system: System, token: Token, pid: str) -> dict[str, Any] | None:
    """Feedback's revisit task of the petition as the handler's unit reads it, or None."""
    who = token("handler", ZJJ, HANDLER)
    got = httpx.get(f"{system.url('feedback')}/api/v1/revisits/{pid}", headers=who, timeout=10)
    if got.status_code == 404:
        return None
    task: dict[str, Any] = ok(got)
    return task


@pytest.fixture
def rated(system: System, token: Token) -> str:
    """A letter replied to and rated 不满意, whose revisit task is open: its id."""
    made = register_letter(system, token)
    pid = made["id"]
    wait_assigned(system, token, pid)
    handler = token("handler", ZJJ, HANDLER)
    command(system, handler, pid, "accept", {"handler": HANDLER})
    reply = {"reply_text": "经核查，补偿款将于本月内发放到位。", "document_ref": "JH-ZJ-2026-031"}
    rating_token = command(system, handler, pid, "reply", reply)["rating_token"]
    rating = {
        "tracking_code": made["tracking_code"],
        "token": rating_token,
        "unit_rating": "dissatisfied",
        "result_rating": "dissatisfied",
    }
    ok(httpx.post(f"{system.url('intake')}/api/v1/public/rate", json=rating, timeout=10))

    def opened() -> bool:
        task = revisit_task(system, token, pid)
        return task is not None and task["state"] == "open"

    wait_for(f"feedback's revisit task of {pid}", opened, timeout=30, every=0.5)
    return pid


def record_revisit(page: Page, found: str) -> Any:
    """The handler fills in 记录回访结果 and saves it; feedback's answer (the task)."""
    action(page, "回访结果").click()
    revisit = dialog(page, "记录回访结果")
    revisit.get_by_label("回访情况").fill(found)
    revisit.get_by_role("radio", name="已解决").check()
    with page.expect_response(lambda r: r.url.endswith("/outcome")) as answer:
        revisit.get_by_role("button", name="保存回访结果").click()
    assert answer.value.status < 300, answer.value.text()
    expect(revisit).to_be_hidden()
    return answer.value.json()


def expect_recorded(page: Page) -> None:
    """Intake recorded the outcome: the history has it, the notice and the action are gone."""
    expect(history(page)).to_contain_text("回访结果")
    expect(page.get_by_test_id("revisit-sent")).to_have_count(0)
    expect(page.get_by_test_id("revisit-refused")).to_have_count(0)
    expect(action(page, "回访结果")).to_have_count(0)


def test_a_revisit_outcome_is_sent_then_confirmed(
    page: Page, portal: str, system: System, token: Token, rated: str
) -> None:
    sign_in(page, portal, HANDLER)
    page.goto(petition_url(portal, rated))
    expect(status(page)).to_have_text("已答复")
    expect(history(page)).to_contain_text("信访人评价")
    expect(history(page)).not_to_contain_text("回访结果")

    task = record_revisit(page, "电话回访信访人：补偿款已发放，信访人表示认可。")
    assert task["state"] == "sent", task
    # Until intake has recorded it, the page says it waits for intake. Intake may record it
    # before the page shows the notice (the page's refresh and intake race): then the
    # history has it already, which is the end this waits for anyway.
    sent = page.get_by_test_id("revisit-sent")
    expect(sent.or_(history(page).get_by_text("回访结果")).first).to_be_visible()
    if sent.count():
        expect(sent).to_contain_text(SENT)
        assert_accessible(page)

    # Then, refreshing by itself, the page shows it recorded.
    expect_recorded(page)
    done = revisit_task(system, token, rated)
    assert done is not None and done["state"] == "done", done
    assert done["outcome"] == "电话回访信访人：补偿款已发放，信访人表示认可。"


def test_a_refused_revisit_outcome_says_why_in_chinese(
    page: Page, portal: str, system: System, token: Token, rated: str
) -> None:
    sign_in(page, portal, HANDLER)
    page.goto(petition_url(portal, rated))
    expect(status(page)).to_have_text("已答复")
    action(page, "回访结果").click()
    revisit = dialog(page, "记录回访结果")
    revisit.get_by_label("回访情况").fill("上门回访：信访人仍不认可补偿标准。")
    revisit.get_by_role("radio", name="未解决").check()

    # While the handler writes (the page does not refresh under an open dialog), the office
    # records the petitioner's request for review: the petition is under review.
    office = token("petition_office", COUNTY, OFFICE)
    command(system, office, rated, "request-review", {})
    with page.expect_response(lambda r: r.url.endswith("/outcome")) as answer:
        revisit.get_by_role("button", name="保存回访结果").click()
    assert answer.value.status < 300, answer.value.text()  # feedback sent it to intake

    def refused() -> dict[str, Any] | None:
        task = revisit_task(system, token, rated)
        return task if task and task["state"] == "open" and task["refused_code"] else None

    task = wait_for("intake's refusal of the revisit outcome", refused, timeout=30, every=0.5)
    assert task["refused_reason_zh"] == REFUSED_ZH, task

    # The review decided, the petition takes a revisit outcome again: the page says why the
    # last one was not recorded, in Chinese, and offers the action again.
    decision = {"upheld": True, "decision_text": "经复查，维持原答复意见。"}
    command(system, office, rated, "decide-review", decision)
    notice = page.get_by_test_id("revisit-refused")
    expect(notice).to_contain_text(f"上次提交的回访结果没有被接受：{REFUSED_ZH}")
    expect(page.get_by_test_id("revisit-sent")).to_have_count(0)
    expect(history(page)).not_to_contain_text("回访结果")
    assert_accessible(page)

    again = record_revisit(page, "复查后再次回访：信访人认可复查意见。")
    assert again["state"] == "sent", again
    expect_recorded(page)
