"""A citizen's online petition through the portal, end to end in the browser: submitted with an
attachment, the tracking code by SMS, tracked; registered in intake and routed; replied to,
rated 不满意 from the SMS link and the survey answered; and a suggestion to a campaign.

The petition is submitted once (module fixture) and the later tests follow it, as its life
goes on; staff steps go through the services' APIs with tokens from ``sunshine token``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.flows import (
    ask_code,
    category_path,
    consent,
    fill_person,
    fill_petition,
    reference,
    region_path,
    submit,
)
from tests.browser.pages import (
    COUNTY,
    VILLAGE,
    Phones,
    assert_accessible,
    field,
    person,
    pick,
    tiny_png,
)
from tests.support.processes import wait_for
from tests.support.system import System

pytestmark = pytest.mark.browser

Token = Callable[[str, str, str], dict[str, str]]
CITIZEN = person(1, "王小明")
TITLE = "村道破损无人维修"
CONTENT = "本村通往镇上的道路破损严重，雨天无法通行，请求尽快维修。"


def ok(resp: httpx.Response, status: int = 200) -> Any:
    assert resp.status_code == status, f"{resp.request.method} {resp.request.url}: {resp.text}"
    return resp.json()


@pytest.fixture(scope="module")
def submitted(
    browser: Browser, portal: str, phones: Phones, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The online petition, submitted through /petition with a photo attached; the receipt."""
    photo = tmp_path_factory.mktemp("upload") / "道路照片.png"
    photo.write_bytes(tiny_png())
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{portal}/petition")
    fill_petition(page, reference(portal), CITIZEN, title=TITLE, content=CONTENT, attachment=photo)
    field(page, "短信验证码").fill(ask_code(page, phones, CITIZEN.phone))
    consent(page)
    answer = submit(page)
    assert answer["status"] == 201, answer
    shown = page.get_by_test_id("tracking-code")
    expect(shown).to_have_text(answer["tracking_code"])
    expect(page.get_by_role("button", name="打印回执")).to_be_visible()
    yield {**answer, "receipt_text": page.inner_text("body")}
    context.close()


def test_the_receipt_and_the_sms_give_the_code_and_the_track_page_shows_it(
    submitted: dict[str, Any], page: Page, phones: Phones, portal: str
) -> None:
    code = submitted["tracking_code"]
    # The tracking code and the track link arrive by SMS (feedback, once registered).
    link = phones.link("tracking_code", CITIZEN.phone, contains=code)
    assert link.startswith(f"{portal}/track") and code in link
    with page.expect_response(lambda r: f"/api/intake/v1/public/track/{code}" in r.url) as got:
        page.goto(link)
    assert got.value.status == 200
    tracked = got.value.json()
    expect(page.get_by_text(code).first).to_be_visible()
    # No personal data on the page, nor in what it loaded.
    assert CITIZEN.hidden_from(page.inner_text("body")) and CITIZEN.hidden_from(str(tracked))
    # And by hand: the code typed into 查询码.
    page.goto(f"{portal}/track")
    field(page, "查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_text(code).first).to_be_visible()


def test_the_online_petition_is_registered_in_intake_and_routed(
    submitted: dict[str, Any], system: System, token: Token
) -> None:
    office = token("petition_office", COUNTY, "u-office")
    pid = submitted["petition_id"]

    def routed() -> dict[str, Any] | None:
        r = httpx.get(f"{system.url('intake')}/api/v1/petitions/{pid}", headers=office)
        p: dict[str, Any] = ok(r)
        return p if p["department"] else None

    petition = wait_for("routing to assign the online petition", routed, timeout=20)
    assert petition["channel"] == "online"
    assert petition["tracking_code"] == submitted["tracking_code"]
    assert petition["title"] == TITLE
    why = ok(httpx.get(f"{system.url('routing')}/api/v1/petitions/{pid}/routing", headers=office))
    assert why["department"] == petition["department"] and why["rule_id"]


def _reply(system: System, token: Token, pid: str) -> None:
    """The department accepts and replies (intake's staff API, If-Match on each version)."""
    intake = f"{system.url('intake')}/api/v1/petitions/{pid}"
    office = token("petition_office", COUNTY, "u-office")
    dept = wait_for("a department", lambda: ok(httpx.get(intake, headers=office))["department"])
    handler = token("handler", dept, "u-handler")

    def version(at_least: int, history: str = "") -> str | None:
        r = httpx.get(intake, headers=handler)
        seen = {h["type"] for h in ok(r)["history"]}
        n = int(r.headers["ETag"].strip('W/"'))
        return r.headers["ETag"] if n >= at_least and (not history or history in seen) else None

    etag = wait_for("the case owner on the petition", lambda: version(3), timeout=20)
    accept = {"handler": "u-handler"}
    ok(httpx.post(f"{intake}/accept", json=accept, headers={**handler, "If-Match": etag}))
    etag = wait_for(
        "feedback's acceptance notice",
        lambda: version(5, "petition.acceptance_notice_recorded"),
        timeout=20,
    )
    reply = {"reply_text": "经核查，道路将于下月修复。", "document_ref": "JH-2026-017"}
    ok(httpx.post(f"{intake}/reply", json=reply, headers={**handler, "If-Match": etag}))


def test_after_the_reply_the_citizen_rates_dissatisfied_from_the_sms_and_answers_the_survey(
    submitted: dict[str, Any], page: Page, phones: Phones, system: System, token: Token
) -> None:
    code = submitted["tracking_code"]
    _reply(system, token, submitted["petition_id"])
    link = phones.link("rating_invitation", CITIZEN.phone, contains=code)
    page.goto(link)
    for whom in ("承办单位", "办理结果"):
        group = page.get_by_role("radiogroup", name=whom, exact=False)
        group.get_by_text("不满意", exact=True).click()  # the button a person touches
        expect(group.get_by_role("radio", name="不满意", exact=True)).to_be_checked()
    with page.expect_response(lambda r: r.url.endswith("/api/intake/v1/public/rate")) as rated:
        page.get_by_role("button", name="提交", exact=True).click()
    assert rated.value.status == 200, rated.value.text()
    # The link is one-time: opened again, a second rating is refused, in plain words.
    page.goto(link)
    for whom in ("承办单位", "办理结果"):
        page.get_by_role("radiogroup", name=whom, exact=False).get_by_text(
            "满意", exact=True
        ).click()
    with page.expect_response(lambda r: r.url.endswith("/api/intake/v1/public/rate")) as again:
        page.get_by_role("button", name="提交", exact=True).click()
    assert again.value.status == 403
    expect(page.get_by_text("这个评价链接已经用过或已失效。")).to_be_visible()

    # After a 不满意 the survey invitation comes by SMS: 7 dimensions for the office and the unit.
    survey = phones.link("survey_invitation", CITIZEN.phone, contains=code)
    token_part = survey.rsplit("/", 1)[1]
    api = f"{system.url('feedback')}/api/v1/public/surveys/{token_part}"
    asked = ok(httpx.get(api))
    page.goto(survey)
    for target in asked["targets"].values():
        for dimension in asked["dimensions"]:
            # One row of score buttons per target and dimension: its best score.
            row = page.get_by_role("radiogroup", name=f"{target}：{dimension}", exact=True)
            row.get_by_text("5 分", exact=True).click()
            expect(row.get_by_role("radio", name="5 分", exact=True)).to_be_checked()
    page.get_by_role("button", name="提交", exact=True).click()
    wait_for("the survey answered", lambda: ok(httpx.get(api))["answered"], timeout=10)


def test_a_suggestion_to_a_campaign(
    page: Page, portal: str, phones: Phones, system: System, token: Token
) -> None:
    office = token("petition_office", COUNTY, "u-office")
    campaign_id = f"c{int(time.time())}"
    campaign = {
        "campaign_id": campaign_id,
        "topic": "乡村道路建设意见征集",
        "description": "征集对本县乡村道路规划与养护的意见建议。",
        "starts_on": date.today().isoformat(),
        "ends_on": (date.today() + timedelta(days=30)).isoformat(),
    }
    campaigns = f"{system.url('feedback')}/api/v1/campaigns"
    ok(httpx.post(campaigns, json=campaign, headers=office), 201)
    page.goto(f"{portal}/suggestions")
    page.get_by_role("link", name=campaign["topic"]).click()
    expect(page).to_have_url(f"{portal}/suggestions/{campaign_id}")
    assert_accessible(page)
    citizen = person(2, "赵建国")
    fill_person(page, citizen)
    ref = reference(portal)
    pick(page, "问题类别", *category_path(ref, "0101"))
    pick(page, "问题属地", *region_path(ref["regions"], VILLAGE)[1:])
    field(page, "标题").fill("建议增设路灯")
    field(page, "诉求内容").fill("建议在村道沿线增设太阳能路灯，方便夜间出行。")
    field(page, "短信验证码").fill(ask_code(page, phones, citizen.phone))
    consent(page)
    answer = submit(page)
    assert answer["status"] == 201, answer
    expect(page.get_by_test_id("tracking-code")).to_have_text(answer["tracking_code"])

    def counted() -> bool:
        stats = ok(httpx.get(f"{campaigns}/{campaign_id}", headers=office))["statistics"]
        return stats["suggestions"] == 1 and stats["by_channel"].get("online") == 1

    wait_for("the suggestion in the campaign's statistics", counted, timeout=20)
