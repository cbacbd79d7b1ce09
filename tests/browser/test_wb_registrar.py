"""The registrar's workbench in Chromium: a letter registered through the form three days
after it arrived, with a scanned page attached, its receipt with the tracking code (the ID
number masked), the petition in intake with those fields, its attachment listed on the
petition page and downloadable; the warning of the same person's earlier petition; and a
refusal of intake's shown in Chinese beside its field."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import category_path, reference, region_path
from tests.browser.pages import (
    VILLAGE,
    assert_accessible,
    field,
    field_error,
    person,
    pick,
    tiny_png,
)
from tests.browser.staff import sign_in
from tests.browser.wb_office import Token, fill_date, petition, register
from tests.support.system import System

pytestmark = pytest.mark.browser

CATEGORY = "0109"  # 城乡建设 / 供水供气供热


def fill_form(page: Page, portal: str, *, title: str, name: str, id_number: str) -> None:
    ref = reference(portal)
    page.get_by_role("radio", name="来信").check(force=True)
    page.get_by_role("radio", name="申诉求决类").check()
    pick(page, "问题分类", *category_path(ref, CATEGORY))
    pick(page, "问题发生地", *region_path(ref["regions"], VILLAGE)[1:])
    field(page, "姓名").fill(name)
    field(page, "证件号码").fill(id_number)
    field(page, "联系电话").fill("13912340001")
    field(page, "住址").fill("江苏省淮安市金湖县银涂镇五里村")
    field(page, "标题").fill(title)
    field(page, "主要内容").fill("村里自来水停了一周，请尽快恢复供水。")


def test_a_letter_received_three_days_ago_is_registered_with_a_receipt(
    page: Page, portal: str, system: System, token: Token, tmp_path: Path
) -> None:
    someone = person(101, "钱七")
    arrived = date.today() - timedelta(days=3)
    sign_in(page, portal, "registrar.county")
    page.goto(f"{portal}/workbench/register")
    expect(page.get_by_role("heading", name="登记来信、来访、来电")).to_be_visible()
    assert_accessible(page)

    fill_form(page, portal, title="五里村停水一周", name=someone.name, id_number=someone.id_number)
    fill_date(page, "收到日期", arrived)
    scan = tmp_path / "来信扫描件.png"
    scan.write_bytes(tiny_png())
    field(page, "附件").set_input_files(scan)
    expect(page.locator(".file-list")).to_contain_text("来信扫描件.png")
    with page.expect_response(lambda r: r.url.endswith("/api/intake/v1/petitions")) as sent:
        page.get_by_role("button", name="登记", exact=True).click()
    assert sent.value.status == 201, sent.value.text()
    body = sent.value.request.post_data_json
    assert len(body["attachment_ids"]) == 1
    assert "attachments" not in body  # the upload goes by its id, never described again

    expect(page).to_have_url(re.compile(r"/workbench/receipt/"), timeout=15_000)
    code = page.get_by_test_id("tracking-code")
    expect(code).to_have_text(re.compile(r"\S{6,}"))
    expect(page.get_by_test_id("received-on")).to_have_text(arrived.isoformat())
    masked = page.get_by_test_id("masked-id")
    expect(masked).to_have_text(someone.id_number[:3] + "*" * 11 + someone.id_number[-4:])
    expect(page.get_by_text(someone.id_number)).to_have_count(0)
    expect(page.get_by_role("button", name="打印回执")).to_be_visible()
    assert_accessible(page)

    pid = page.url.rsplit("/", 1)[-1]
    got = petition(system, token, pid)
    assert got["tracking_code"] == code.inner_text().strip()
    assert got["channel"] == "letter"
    assert got["received_on"] == arrived.isoformat()
    assert got["category_code"] == CATEGORY
    assert got["region_code"] == VILLAGE
    assert got["receiving_org"] == "320831-XFJ"
    assert got["title"] == "五里村停水一周"
    assert got["petitioner"]["id_number"] == someone.id_number
    [attached] = got["attachments"]
    assert attached["id"] == body["attachment_ids"][0]
    assert attached["name"] == "来信扫描件.png"

    # The petition page lists the file, and its link gives back the bytes uploaded.
    page.goto(f"{portal}/workbench/petitions/{pid}")
    link = page.get_by_role("link", name="来信扫描件.png")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href == f"/api/intake/v1/petitions/{pid}/attachments/{attached['id']}"
    download = page.request.get(f"{portal}{href}")
    assert download.status == 200, download.text()
    assert download.body() == tiny_png()
    assert_accessible(page)


def test_the_form_warns_of_the_same_persons_earlier_petition(
    page: Page, portal: str, system: System, token: Token
) -> None:
    # Needs intake's POST /petitions/earlier (contract item 1, H-back).
    someone = person(102, "孙八")
    first = register(
        system, token, someone, category=CATEGORY, region=VILLAGE, title="第一次反映停水"
    )
    sign_in(page, portal, "registrar.county")
    page.goto(f"{portal}/workbench/register")
    ref = reference(portal)
    pick(page, "问题分类", *category_path(ref, CATEGORY))
    field(page, "证件号码").fill(someone.id_number)

    warning = page.get_by_role("alert").filter(has_text="此人以前来过信访")
    expect(warning).to_be_visible(timeout=10_000)
    entry = warning.locator("li").filter(has_text=first["tracking_code"])
    expect(entry).to_contain_text("同类问题")
    expect(entry.get_by_role("link", name=first["tracking_code"])).to_be_visible()


def test_a_refusal_of_intake_is_shown_in_chinese_beside_its_field(page: Page, portal: str) -> None:
    # The page checks a resident ID's digits itself, but not the shape of a passport number:
    # intake refuses it, in Chinese, at body.petitioner.id_number, and the form shows it there.
    sign_in(page, portal, "registrar.county")
    page.goto(f"{portal}/workbench/register")
    someone = person(103, "李四")
    fill_form(page, portal, title="护照号码有误", name=someone.name, id_number="")
    # A select without a filter: its box (not the tiny input under the shown value) opens it.
    page.locator(".el-form-item").filter(has=field(page, "证件类型")).locator(
        ".el-select__wrapper"
    ).click()
    page.get_by_role("option", name="护照", exact=True).click()
    expect(field(page, "证件类型")).to_have_attribute("aria-expanded", "false")
    field(page, "证件号码").fill("AB-12")
    with page.expect_response(lambda r: r.url.endswith("/api/intake/v1/petitions")) as sent:
        page.get_by_role("button", name="登记", exact=True).click()
    assert sent.value.status == 422, sent.value.text()
    [error] = sent.value.json()["errors"]
    assert error["field"] == "body.petitioner.id_number"
    shown = field_error(page, "证件号码")
    expect(shown).to_have_text(error["message"])
    expect(shown).to_contain_text("有误")
    expect(page).to_have_url(re.compile(r"/workbench/register$"))
    # Corrected, the message goes away.
    field(page, "证件号码").fill("E12345678")
    expect(shown).to_have_count(0)
