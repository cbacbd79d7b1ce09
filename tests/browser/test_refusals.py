"""Every refusal of the online petition, in Chinese next to its field: a missing field, no
consent, a wrong code, an expired code, too many attempts."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import ask_code, consent, fill_petition, reference, submit
from tests.browser.pages import CODE_TTL_S, MAX_ATTEMPTS, Person, Phones, field, field_error, person
from tests.support.processes import wait_for

pytestmark = pytest.mark.browser

CHINESE = re.compile(r"[\u4e00-\u9fff]")
TITLE = "小区噪音扰民"
CONTENT = "夜间施工噪音严重影响休息，请予处理。"


@pytest.fixture
def form(page: Page, portal: str) -> Iterator[Page]:
    page.goto(f"{portal}/petition")
    yield page


def _fill(page: Page, portal: str, citizen: Person) -> None:
    fill_petition(page, reference(portal), citizen, title=TITLE, content=CONTENT)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_missing_field_is_named_next_to_it(form: Page) -> None:
    field(form, "姓名").fill("陈晓")
    form.get_by_role("button", name="提交", exact=True).click()
    expect(field_error(form, "标题")).to_have_text(CHINESE)
    expect(field_error(form, "诉求内容")).to_have_text(CHINESE)
    expect(field_error(form, "姓名")).to_have_count(0)


def test_no_consent_is_named_next_to_the_consent(form: Page, portal: str, phones: Phones) -> None:
    citizen = person(11, "陈晓")
    _fill(form, portal, citizen)
    field(form, "短信验证码").fill(ask_code(form, phones, citizen.phone))
    form.get_by_role("button", name="提交", exact=True).click()
    box = form.get_by_role("checkbox", name="个人信息", exact=False)
    error = form.locator(".el-form-item").filter(has=box).locator(".el-form-item__error")
    expect(error).to_have_text(CHINESE)
    expect(form.get_by_test_id("tracking-code")).to_have_count(0)


def test_a_wrong_code_is_named_next_to_the_code(form: Page, portal: str, phones: Phones) -> None:
    citizen = person(12, "林芳")
    _fill(form, portal, citizen)
    field(form, "短信验证码").fill(_wrong(ask_code(form, phones, citizen.phone)))
    consent(form)
    assert submit(form)["status"] == 422
    expect(field_error(form, "短信验证码")).to_have_text("验证码错误")
    expect(form.get_by_test_id("tracking-code")).to_have_count(0)


def test_an_expired_code_is_named_next_to_the_code(form: Page, portal: str, phones: Phones) -> None:
    citizen = person(13, "周强")
    _fill(form, portal, citizen)
    code = ask_code(form, phones, citizen.phone)
    expires = time.monotonic() + CODE_TTL_S + 1
    field(form, "短信验证码").fill(code)
    consent(form)
    # The code's life is what is waited out here (the run gives it CODE_TTL_S seconds).
    wait_for("the code to expire", lambda: time.monotonic() > expires, timeout=CODE_TTL_S + 5)
    assert submit(form)["status"] == 422
    expect(field_error(form, "短信验证码")).to_have_text("验证码已过期")


def test_too_many_attempts_are_refused_even_with_the_right_code(
    form: Page, portal: str, phones: Phones
) -> None:
    citizen = person(14, "吴静")
    _fill(form, portal, citizen)
    code = ask_code(form, phones, citizen.phone)
    consent(form)
    for _ in range(MAX_ATTEMPTS):
        field(form, "短信验证码").fill(_wrong(code))
        assert submit(form)["status"] == 422
        expect(field_error(form, "短信验证码")).to_have_text("验证码错误")
    field(form, "短信验证码").fill(code)
    assert submit(form)["status"] == 429
    error = field_error(form, "短信验证码")
    expect(error).to_have_text(CHINESE)
    expect(error).not_to_have_text("验证码错误")
    expect(form.get_by_test_id("tracking-code")).to_have_count(0)
