"""Element Plus's cascaders stay accessible once opened (web/src/lib/a11y.ts mends two ARIA
slips of theirs): the registrar's category and region pickers, opened and used, then axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import assert_accessible, field, pick
from tests.browser.staff import sign_in

pytestmark = pytest.mark.browser


def test_the_registration_form_is_accessible_with_its_cascaders_opened(
    page: Page, portal: str
) -> None:
    sign_in(page, portal, "registrar.county")
    page.goto(f"{portal}/workbench/register")
    pick(page, "问题分类", "城乡建设", "住房保障")
    pick(page, "问题发生地", "金湖县", "银涂镇")
    field(page, "问题发生地").click()  # open again: the menus and their options drawn
    expect(page.get_by_role("menuitem", name="银涂镇", exact=True).first).to_be_visible()
    expect(page.locator(".el-cascader input[aria-expanded]")).to_have_count(0)
    assert_accessible(page)
