"""The kiosk's idle reset: after its idle time (``?idle=5``: seconds, for the test) it goes
back to its start page and leaves nothing of one person for the next — no field, no browser
storage, nothing on the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import reference
from tests.browser.pages import field, person

pytestmark = pytest.mark.browser

LEFTOVERS = """() => ({
  fields: Array.from(document.querySelectorAll('input, textarea'))
    .filter(e => !['checkbox', 'radio', 'hidden', 'file'].includes(e.type))
    .map(e => e.value).filter(v => v !== ''),
  local: localStorage.length,
  session: sessionStorage.length,
})"""


def test_the_idle_reset_leaves_nothing_behind(page: Page, portal: str) -> None:
    kiosk = reference(portal)["kiosks"][0]["id"]
    start = f"{portal}/kiosk/{kiosk}?idle=5"
    page.goto(start)
    home = page.url
    citizen = person(21, "郑秀英")
    title = "申请农村危房改造补助"
    page.get_by_role("link", name="网上信访").or_(
        page.get_by_role("button", name="网上信访")
    ).first.click()
    field(page, "姓名").fill(citizen.name)
    field(page, "身份证号码").fill(citizen.id_number)
    field(page, "手机号码").fill(citizen.phone)
    field(page, "标题").fill(title)
    # What a page or a person may have left in the browser's storage.
    page.evaluate("() => { localStorage.setItem('draft', 'x'); sessionStorage.setItem('s', 'y') }")
    expect(field(page, "姓名")).to_have_value(citizen.name)
    assert page.url != home

    # Nobody touches the screen: back to the start within the idle time (and a margin).
    expect(page).to_have_url(home, timeout=10_000)
    left = page.evaluate(LEFTOVERS)
    assert left == {"fields": [], "local": 0, "session": 0}, left
    text = page.inner_text("body")
    assert citizen.hidden_from(text) and title not in text


def test_the_kiosk_start_page_names_its_station_and_its_tiles_line_up(
    page: Page, portal: str
) -> None:
    kiosk = reference(portal)["kiosks"][0]
    page.set_viewport_size({"width": 1080, "height": 1920})  # a portrait touch screen
    page.goto(f"{portal}/kiosk/{kiosk['id']}")
    expect(page.get_by_text(kiosk["name_zh"])).to_be_visible()
    tiles = page.locator(".tiles .tile")
    expect(tiles).to_have_count(4)
    widths = {round(tiles.nth(i).bounding_box()["width"]) for i in range(4)}  # type: ignore[index]
    # Every tile is as wide as the others (the second row's had shrunk to their text).
    assert len(widths) == 1, widths
