"""The online petition as a citizen fills it in, shared by the flow tests: every field by its
Chinese label, the code asked for last (it lives ``CODE_TTL_S`` seconds), then 提交."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.browser.pages import VILLAGE, Person, Phones, field, pick


def reference(portal: str) -> dict[str, Any]:
    """The public reference data, as the pages read it (through the gateway)."""
    got = httpx.get(f"{portal}/api/intake/v1/public/reference", timeout=10)
    assert got.status_code == 200, got.text
    data: dict[str, Any] = got.json()
    return data


def region_path(regions: list[dict[str, Any]], code: str) -> list[str]:
    """The names from the top of the region tree down to ``code``."""
    for region in regions:
        if region["code"] == code:
            return [region["name_zh"]]
        below = region_path(region.get("children") or [], code)
        if below:
            return [region["name_zh"], *below]
    return []


def category_path(ref: dict[str, Any], minor: str) -> list[str]:
    for major in ref["categories"]:
        for m in major["minors"]:
            if m["code"] == minor:
                return [major["name_zh"], m["name_zh"]]
    raise AssertionError(f"no category {minor} in the reference data")


# The kinds as the form shows them, in plain words (a hint follows each in its radio's name).
KIND_LABELS = {"claim": "申诉、求决", "accusation": "检举、控告", "suggestion": "提建议、意见"}


def choose_kind(page: Page, kind: str) -> None:
    page.get_by_role("radio", name=re.compile("^" + re.escape(KIND_LABELS[kind]))).check()


def fill_person(page: Page, person: Person) -> None:
    field(page, "姓名").fill(person.name)
    field(page, "身份证号码").fill(person.id_number)
    field(page, "手机号码").fill(person.phone)
    field(page, "住址").fill(person.address)


def fill_petition(
    page: Page,
    ref: dict[str, Any],
    person: Person,
    *,
    title: str,
    content: str,
    kind: str = "claim",
    category: str = "0101",
    attachment: Path | None = None,
) -> None:
    """Everything but the code and the consent."""
    fill_person(page, person)
    choose_kind(page, kind)
    pick(page, "问题类别", *category_path(ref, category))
    # The form's list starts at the districts and counties: the city is the whole list's parent.
    pick(page, "问题属地", *region_path(ref["regions"], VILLAGE)[1:])
    field(page, "标题").fill(title)
    field(page, "诉求内容").fill(content)
    if attachment is not None:
        field(page, "附件").set_input_files(attachment)
        expect(page.get_by_text(attachment.name)).to_be_visible()


def consent(page: Page) -> None:
    """Tick the consent to the personal-information notice."""
    page.get_by_role("checkbox", name="个人信息", exact=False).check()


def ask_code(page: Page, phones: Phones, phone: str) -> str:
    """Press 获取验证码 and read the code the phone received."""
    from tools.browser import count_messages

    before = count_messages(phones.intake, "verification_code", phone)
    page.get_by_role("button", name="获取验证码").click()
    return phones.code(phone, skip=before)


def submit(page: Page) -> dict[str, Any]:
    """Press 提交; the API's answer (201: tracking code and petition id)."""
    with page.expect_response(
        lambda r: r.url.endswith("/api/intake/v1/public/petitions") and r.request.method == "POST"
    ) as answer:
        page.get_by_role("button", name="提交", exact=True).click()
    response = answer.value
    body: dict[str, Any] = response.json()
    body["status"] = response.status
    return body
