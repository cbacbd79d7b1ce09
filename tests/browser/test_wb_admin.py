"""The admin in Chromium: the routing rule set checked before it takes effect (an invalid
one refused in Chinese, nothing stored), a preview of where a sample petition goes, a valid
edit stored as a new version whose difference shows; the users of the directory (no
password hash in the JSON); and a non-admin refused.

The preview reads routing's POST /v1/rulesets/preview, the users list the gateway's
GET /auth/users."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.flows import category_path, reference, region_path
from tests.browser.pages import assert_accessible
from tests.browser.staff import api_responses, sign_in, texts_in
from tests.browser.wb_audit import VILLAGE, Bearer, auth_responses, choose
from tests.support.system import System

pytestmark = pytest.mark.browser

EDITOR = "规则内容（JSON）"


def in_force(system: System, token: Bearer) -> int:
    got = httpx.get(
        f"{system.url('routing')}/api/v1/rulesets",
        headers=token("admin", "320800", "u-admin"),
        timeout=10,
    )
    assert got.status_code == 200, got.text
    version: int = got.json()["in_force"]
    return version


def edit(page: Page, old: str, new: str) -> None:
    """Select ``old`` in the editor and type ``new`` over it, as a person edits one value of
    a long document (filling the whole document anew is not what anyone does)."""
    editor = page.get_by_label(EDITOR)
    found = editor.evaluate(
        """(el, old) => {
            const at = el.value.indexOf(old)
            if (at >= 0) { el.focus(); el.setSelectionRange(at, at + old.length) }
            return at
        }""",
        old,
    )
    assert found >= 0, f"{old!r} not in the editor"
    page.keyboard.insert_text(new)


def open_rules(page: Page, portal: str) -> str:
    sign_in(page, portal, "admin.city")
    page.goto(f"{portal}/workbench/admin/rules")
    expect(page.get_by_text(re.compile(r"正在使用第 \d+ 版"))).to_be_visible()
    editor = page.get_by_label(EDITOR)
    expect(editor).not_to_have_value("")
    return editor.input_value()


def test_an_invalid_rule_set_is_refused_in_chinese_and_nothing_is_stored(
    page: Page, portal: str, system: System, token: Bearer
) -> None:
    before = in_force(system, token)
    open_rules(page, portal)
    assert_accessible(page)
    edit(page, '"department": "320800-XFJ"', '"department": "NOPE-DEPT"')
    page.get_by_role("button", name="检查").click()
    expect(page.get_by_text("检查没有通过，规则没有保存")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"第 \d+ 条规则（.+）：没有代码为“NOPE-DEPT”的部门"))
    ).to_be_visible()
    expect(page.get_by_role("button", name="保存并生效")).to_be_disabled()
    assert_accessible(page)

    # Text that is not JSON never reaches routing: the page names the line.
    page.get_by_label(EDITOR).fill('{\n  "label": "x",\n  "rules": [,]\n}')
    page.get_by_role("button", name="检查").click()
    expect(page.get_by_text("不是正确的 JSON：第 3 行附近有错误", exact=False)).to_be_visible()
    assert in_force(system, token) == before


def test_a_valid_edit_is_stored_as_a_new_version_and_its_difference_shown(
    page: Page, portal: str, system: System, token: Bearer
) -> None:
    before = in_force(system, token)
    text = open_rules(page, portal)
    label = f"test-{uuid.uuid4().hex[:6]}"
    old_label = re.search(r'"label": "([^"]*)"', text)
    assert old_label
    edit(page, old_label.group(0), f'"label": "{label}"')
    # Not checked yet: it cannot be stored.
    expect(page.get_by_role("button", name="保存并生效")).to_be_disabled()
    page.get_by_role("button", name="检查").click()
    expect(page.get_by_text(re.compile(r"检查通过：\d+ 条规则都可以生效"))).to_be_visible()
    page.get_by_role("button", name="保存并生效").click()
    confirm = page.get_by_role("dialog", name="保存并立即生效？")
    expect(confirm).to_contain_text(f"保存后成为第 {before + 1} 版")
    assert_accessible(page)
    confirm.get_by_role("button", name="确认保存").click()
    expect(page.get_by_text(f"已保存为第 {before + 1} 版，立即生效。")).to_be_visible()
    assert in_force(system, token) == before + 1

    versions = page.get_by_test_id("wb-rule-versions")
    expect(versions.get_by_role("row").filter(has_text=label)).to_contain_text("正在使用")
    expect(page.get_by_text(f"第 {before} 版和第 {before + 1} 版的差别")).to_be_visible()
    diff = page.get_by_test_id("wb-rule-diff")
    expect(diff).to_contain_text(f'+  "label": "{label}"')
    expect(diff).to_contain_text(f"-  {old_label.group(0)}")
    assert_accessible(page)


def preview_answer(system: System, token: Bearer, petition: dict[str, str]) -> dict[str, object]:
    """What routing itself says of the sample, under the rule set in force."""
    got = httpx.post(
        f"{system.url('routing')}/api/v1/rulesets/preview",
        json={"petition": petition, "ruleset": None},
        headers=token("admin", "320800", "u-admin"),
        timeout=10,
    )
    assert got.status_code == 200, got.text
    answer: dict[str, object] = got.json()
    return answer


def test_the_preview_says_where_a_sample_petition_goes(
    page: Page, portal: str, system: System, token: Bearer
) -> None:
    ref = reference(portal)
    open_rules(page, portal)
    # The kind offered first is 申诉求决类 (claim), as most petitions are.
    kind = page.locator(".el-form-item").filter(has=page.get_by_label("信访类别", exact=True))
    expect(kind).to_contain_text("申诉求决类")
    choose(page, "问题分类", category_path(ref, "0101")[1])
    choose(page, "问题发生地", " / ".join(region_path(ref["regions"], VILLAGE)[1:]))
    with api_responses(page) as seen:
        page.get_by_role("button", name="预览").click()
        result = page.get_by_test_id("wb-rule-preview")
        expect(result).to_contain_text("会交给：")
    # The page shows routing's own answer: the department and the rule that placed it.
    sample = {"kind": "claim", "category_code": "0101", "region_code": VILLAGE}
    answer = preview_answer(system, token, sample)
    assert answer["department"], answer
    expect(result).to_contain_text(f"会交给：{answer['department_name']}")
    expect(result).to_contain_text(f"依据规则：{answer['rule_id']}")
    expect(result).to_contain_text("这个地区的信访由")
    sent = [b for u, b in seen if u.endswith("/rulesets/preview")]
    assert sent and sent[0]["department"] == answer["department"], sent
    assert_accessible(page)


def user_row(page: Page, username: str) -> Locator:
    """The users table's row whose username cell is exactly ``username`` (handler.county is
    also the start of handler.county-health)."""
    table = page.get_by_test_id("wb-users-table")
    cell = page.get_by_role("cell", name=username, exact=True)
    return table.get_by_role("row").filter(has=cell)


def test_the_admin_sees_the_users_and_no_password_hash(page: Page, portal: str) -> None:
    sign_in(page, portal, "admin.city")
    with auth_responses(page) as seen:
        page.goto(f"{portal}/workbench/admin/users")
        table = page.get_by_test_id("wb-users-table")
        expect(user_row(page, "handler.county")).to_contain_text("陈静")
        choose(page, "角色", "督查员")
        expect(user_row(page, "inspector.county")).to_be_visible()
        expect(user_row(page, "handler.county")).to_have_count(0)
        expect(table.get_by_role("row").filter(has_text="handler.")).to_have_count(0)
        assert_accessible(page)
    users = [(url, b) for url, b in seen if "/auth/users" in url]
    assert users, "the page loaded no users"
    text = texts_in(users)
    assert "inspector.county" in text
    for word in ("password", "hash", "pbkdf2", "argon2", "$2b$"):
        assert word not in text.lower(), f"{word!r} in the users' JSON"


def test_a_non_admin_is_refused_the_rules(page: Page, portal: str) -> None:
    sign_in(page, portal, "petition-office.county")
    with api_responses(page) as seen:
        page.goto(f"{portal}/workbench/admin/rules")
        expect(page.get_by_text(re.compile("没有权限|无权"))).to_be_visible()
        expect(page.get_by_label(EDITOR)).to_have_count(0)
    assert not [u for u, _ in seen if "/rulesets" in u], "rule sets reached a non-admin's page"
