"""The handler's work in Chromium: a letter registered for 金湖县住建局 appears in
handler.county's queue within 2 s of being assigned, green; the handler opens it, accepts it
and replies with a document, which the petition page then lists under 答复文书 and which
downloads. Two browsers on one petition: the second one's command meets the first one's
change, sees what changed and who did it, and either retries on the new version or sees the
action is no longer offered. Another department's handler gets nothing of it in any JSON its
pages load. axe finds no serious violation on the queue and the petition page."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.pages import assert_accessible, tiny_png
from tests.browser.staff import api_responses, sign_in, texts_in
from tests.browser.wb_frame import (
    PETITIONER,
    Token,
    action,
    dialog,
    history,
    menu,
    petition_url,
    register_letter,
    status,
    wait_assigned,
)
from tests.support.system import System

pytestmark = pytest.mark.browser


@pytest.fixture
def second(browser: Browser) -> Iterator[BrowserContext]:
    """Another browser (its own cookies): the colleague on the same petition."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def queue_row(page: Page, code: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("queue-table").locator("tr", has_text=code)


def test_a_new_letter_is_in_the_queue_within_2_s_green_and_the_handler_accepts_and_replies(
    page: Page, portal: str, system: System, token: Token, tmp_path_factory: pytest.TempPathFactory
) -> None:
    sign_in(page, portal, "handler.county")
    menu(page).get_by_role("menuitem", name="办理队列").click()
    expect(page.get_by_role("tab", name="新收")).to_have_attribute("aria-selected", "true")
    made = register_letter(system, token)
    wait_assigned(system, token, made["id"])
    assigned_at = time.monotonic()
    row = queue_row(page, made["tracking_code"])
    expect(row).to_be_visible(timeout=2_000)
    assert time.monotonic() - assigned_at <= 2.5  # 2 s and the assertion's own polling
    expect(row.get_by_text("绿灯", exact=True)).to_be_visible()
    expect(row).to_contain_text(made["title"])
    assert_accessible(page)

    row.get_by_role("link", name=made["tracking_code"]).click()
    expect(page).to_have_url(petition_url(portal, made["id"]))
    expect(page.get_by_role("heading", name=made["title"], level=1)).to_be_visible()
    expect(status(page)).to_have_text("已交办")
    expect(history(page)).to_contain_text("登记")
    expect(history(page)).to_contain_text("交办")
    # The handler may see the petitioner (the block is in the JSON for this role).
    expect(page.get_by_test_id("petitioner")).to_contain_text(PETITIONER["name"])
    # What the state allows, and no more: no reply before acceptance.
    expect(action(page, "受理")).to_be_visible()
    expect(action(page, "不予受理")).to_be_visible()
    expect(action(page, "答复")).to_have_count(0)
    assert_accessible(page)

    action(page, "受理").click()
    accept = dialog(page, "受理信访件")
    expect(accept.get_by_label("承办人")).to_have_value("handler.county")
    assert_accessible(page)
    accept.get_by_role("button", name="确认受理").click()
    expect(status(page)).to_have_text("已受理，正在办理")
    expect(page.get_by_text("“受理”已办理完成。")).to_be_visible()
    expect(action(page, "受理")).to_have_count(0)
    # Feedback tells the petitioner and records it; the page shows it by itself.
    expect(history(page)).to_contain_text("告知信访人受理情况", timeout=20_000)

    doc = tmp_path_factory.mktemp("reply") / "答复意见书.png"
    doc.write_bytes(tiny_png())
    action(page, "答复").click()
    reply = dialog(page, "答复信访人")
    reply.get_by_role("button", name="确认答复").click()
    expect(reply.get_by_role("alert")).to_contain_text("请填写答复意见")
    answer = "经核查，补偿款已拨付到镇政府，将于本月底前发放到位。"
    reply.get_by_label("答复意见", exact=True).fill(answer)
    reply.get_by_label("答复意见书（PDF 或图片）").set_input_files(doc)
    expect(reply.get_by_text("已上传：答复意见书.png")).to_be_visible()
    reply.get_by_label("答复意见书文号").fill("金住建复〔2026〕8号")
    with page.expect_response(lambda r: r.url.endswith("/reply")) as answered:
        reply.get_by_role("button", name="确认答复").click()
    assert answered.value.status == 200, answered.value.text()
    sent = answered.value.request.post_data_json
    # The document's number is the reference; the uploaded file goes by its id.
    assert sent["document_ref"] == "金住建复〔2026〕8号"
    assert len(sent["attachment_ids"]) == 1
    expect(status(page)).to_have_text("已答复")
    expect(history(page)).to_contain_text("答复")
    # The reply's document is on the petition page, under 答复文书, and downloads.
    documents = page.get_by_test_id("reply-documents")
    expect(page.get_by_role("heading", name="答复文书")).to_be_visible()
    link = documents.get_by_role("link", name="答复意见书.png")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href == f"/api/intake/v1/petitions/{made['id']}/attachments/{sent['attachment_ids'][0]}"
    download = page.request.get(f"{portal}{href}")
    assert download.status == 200, download.text()
    assert download.body() == doc.read_bytes()
    assert_accessible(page)


def test_not_accepting_needs_a_reason_and_offers_the_common_ones(
    page: Page, portal: str, system: System, token: Token
) -> None:
    made = register_letter(system, token)
    wait_assigned(system, token, made["id"])
    sign_in(page, portal, "handler.county")
    page.goto(petition_url(portal, made["id"]))
    action(page, "不予受理").click()
    box = dialog(page, "不予受理")
    box.get_by_role("button", name="确认不予受理").click()
    expect(box.get_by_role("alert")).to_contain_text("请选择或写明不予受理的理由")
    box.get_by_text("已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决").click()
    with page.expect_response(lambda r: r.url.endswith("/not-accept")) as sent:
        box.get_by_role("button", name="确认不予受理").click()
    assert sent.value.status == 200, sent.value.text()
    assert "诉讼、仲裁、行政复议" in sent.value.request.post_data_json["reason"]
    expect(status(page)).to_have_text("不予受理")


def test_two_browsers_on_one_petition_the_second_sees_what_changed_and_retries(
    page: Page, second: BrowserContext, portal: str, system: System, token: Token
) -> None:
    made = register_letter(system, token)
    wait_assigned(system, token, made["id"])
    a, b = page, second.new_page()
    for p in (a, b):
        sign_in(p, portal, "handler.county")
        p.goto(petition_url(portal, made["id"]))
        expect(status(p)).to_have_text("已交办")

    # B opens 受理 (its page stops refreshing under the open dialog); A accepts first.
    action(b, "受理").click()
    b_accept = dialog(b, "受理信访件")
    action(a, "受理").click()
    dialog(a, "受理信访件").get_by_role("button", name="确认受理").click()
    expect(status(a)).to_have_text("已受理，正在办理")
    with b.expect_response(lambda r: r.url.endswith("/accept")) as refused:
        b_accept.get_by_role("button", name="确认受理").click()
    assert refused.value.status == 409
    notice = b.get_by_test_id("conflict")
    expect(notice).to_contain_text("该信访件已被他人修改")
    expect(notice).to_contain_text("受理")
    expect(notice).to_contain_text("handler.county")
    expect(notice).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"))
    expect(notice).to_contain_text("已不能办理“受理”")
    expect(notice.get_by_role("button", name="重试")).to_have_count(0)
    expect(action(b, "受理")).to_have_count(0)  # the reloaded page no longer offers it
    expect(status(b)).to_have_text("已受理，正在办理")
    assert_accessible(b)
    notice.get_by_role("button", name="知道了").click()

    # Both wait for feedback's acceptance notice (their pages refresh by themselves).
    for p in (a, b):
        expect(history(p)).to_contain_text("告知信访人受理情况", timeout=20_000)
    # B writes a reply; meanwhile A asks for an extension: the reply still fits the new state.
    action(b, "答复").click()
    b_reply = dialog(b, "答复信访人")
    b_reply.get_by_label("答复意见", exact=True).fill("经核查，补偿款将于本月底前发放。")
    b_reply.get_by_label("答复意见书文号").fill("金住建复〔2026〕9号")
    action(a, "申请延期").click()
    ext = dialog(a, "申请延长办理期限")
    ext.get_by_label("延期理由").fill("需要会同镇政府核实补偿标准。")
    ext.get_by_role("button", name="提交申请").click()
    expect(history(a)).to_contain_text("申请延期")
    with b.expect_response(lambda r: r.url.endswith("/reply")) as clash:
        b_reply.get_by_role("button", name="确认答复").click()
    assert clash.value.status == 409
    notice = b.get_by_test_id("conflict")
    expect(notice).to_contain_text("该信访件已被他人修改")
    expect(notice).to_contain_text("申请延期")
    expect(status(b)).to_have_text("已受理，正在办理")  # nothing was overwritten
    with b.expect_response(lambda r: r.url.endswith("/reply")) as again:
        notice.get_by_role("button", name="重试").click()
    assert again.value.status == 200, again.value.text()
    assert again.value.request.post_data_json["document_ref"] == "金住建复〔2026〕9号"
    expect(b.get_by_text("已在最新版本上办理完成。")).to_be_visible()
    expect(status(b)).to_have_text("已答复")
    expect(status(a)).to_have_text("已答复", timeout=10_000)  # A's page refreshes by itself


def test_another_departments_handler_gets_nothing_of_the_petition(
    page: Page, portal: str, system: System, token: Token
) -> None:
    made = register_letter(system, token)
    wait_assigned(system, token, made["id"])
    sign_in(page, portal, "handler.county-health")
    with api_responses(page) as seen:
        page.goto(f"{portal}/workbench/queue")
        expect(page.get_by_role("heading", name="办理队列", level=1)).to_be_visible()
        own_queue = "/api/routing/v1/queues/320831-WJW"
        for tab in ("新收", "办理中", "即将到期", "已超期", "被退回"):
            with page.expect_response(lambda r: own_queue in r.url) as got:
                page.get_by_role("tab", name=tab).click()
            assert got.value.status == 200
        read = f"/api/intake/v1/petitions/{made['id']}"
        with page.expect_response(lambda r: read in r.url) as one:
            page.goto(petition_url(portal, made["id"]))
        assert one.value.status == 404
        expect(page.get_by_text("没有找到这件信访件，或者您无权查看。")).to_be_visible()
        # Another department's queue, asked for directly from this browser, is refused.
        status_code = page.evaluate(
            "async () => (await fetch('/api/routing/v1/queues/320831-ZJJ')).status"
        )
        assert status_code == 403
        page.goto(f"{portal}/workbench")
        expect(page.get_by_test_id("light-counts")).to_be_visible()
    assert seen, "the pages loaded no JSON"
    # A refusal's problem body echoes the path the browser asked for (`instance`): its own
    # words, not the petition's. Everything else must hold nothing of the petition.
    loaded = texts_in(
        [
            (u, {k: v for k, v in b.items() if k != "instance"} if isinstance(b, dict) else b)
            for u, b in seen
        ]
    )
    for secret in (made["id"], made["tracking_code"], made["title"], PETITIONER["name"]):
        assert secret not in loaded, secret
